"""Encryption of backup files: a key derived from the owner's passphrase with scrypt, and the
payload cut into chunks, each sealed with AES-256-GCM (the `cryptography` library).

Layout: MAGIC, a 4-byte header length, the JSON header (salt, scrypt cost, a passphrase check),
then chunks of `4-byte length + ciphertext`. Each chunk's nonce is its sequence number plus a
"last chunk" flag, and every chunk authenticates the header, so a flipped bit, a reordered or
dropped chunk, a truncated file or trailing bytes all fail to decrypt. The salt is random per
file, so every file has its own key and counter nonces never repeat under one key. Why this
design: docs/backup.md."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"MYOMAP-BACKUP\x00\x01\n"
CHUNK = 1 << 20
# scrypt cost: about half a second and 128 MiB on a small server, per backup or restore.
SCRYPT_N = 1 << 17
SCRYPT_R = 8
SCRYPT_P = 1
# Bounds on the cost a file may ask for, so a crafted header cannot exhaust memory.
_SCRYPT_N_RANGE = (1 << 10, 1 << 20)
MIN_PASSPHRASE = 12


class BackupError(Exception):
    """Anything that makes a backup, a verification or a restore fail; the message says why."""


class WrongPassphrase(BackupError):
    pass


class DamagedFile(BackupError):
    pass


def passphrase_from_env(*, for_writing: bool) -> bytes:
    """The passphrase from MYOMAP_BACKUP_PASSPHRASE_FILE or MYOMAP_BACKUP_PASSPHRASE; there is
    no default, because a default passphrase would be no protection at all."""
    path = os.environ.get("MYOMAP_BACKUP_PASSPHRASE_FILE", "").strip()
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise BackupError(f"MYOMAP_BACKUP_PASSPHRASE_FILE: cannot read {path}: {exc}") from exc
        source = "MYOMAP_BACKUP_PASSPHRASE_FILE"
    else:
        value = os.environ.get("MYOMAP_BACKUP_PASSPHRASE", "")
        source = "MYOMAP_BACKUP_PASSPHRASE"
        if not value:
            raise BackupError(
                "No backup passphrase: set MYOMAP_BACKUP_PASSPHRASE_FILE (a file holding it) "
                "or MYOMAP_BACKUP_PASSPHRASE."
            )
    if not value:
        raise BackupError(f"{source}: the passphrase is empty.")
    if for_writing and len(value) < MIN_PASSPHRASE:
        raise BackupError(
            f"{source}: the passphrase must have at least {MIN_PASSPHRASE} characters."
        )
    return value.encode("utf-8")


def _derive(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    material = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase)
    return material[:32], material[32:]


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only binary stream that seals what it is given into `out`. `close()` writes the
    last chunk; a writer dropped without close leaves a file that never decrypts."""

    def __init__(self, out: BinaryIO, passphrase: bytes) -> None:
        salt = os.urandom(16)
        key, check_key = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        header = {
            "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
            "salt": base64.b64encode(salt).decode(),
            "check": hmac.new(check_key, b"myomap-backup-passphrase", hashlib.sha256).hexdigest(),
            "chunk": CHUNK,
        }
        header_bytes = json.dumps(header, sort_keys=True).encode()
        self._aad = MAGIC + header_bytes
        out.write(MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes)
        self._out = out
        self._aead = AESGCM(key)
        self._buffer = bytearray()
        self._index = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index, last), plain, self._aad)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._index += 1

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True


def is_backup_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _read_exact(source: BinaryIO, size: int, what: str) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise DamagedFile(f"The backup file is truncated ({what} incomplete).")
    return data


def decrypt_chunks(source: BinaryIO, passphrase: bytes) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk; raise WrongPassphrase or DamagedFile, never return
    unauthenticated bytes."""
    if source.read(len(MAGIC)) != MAGIC:
        raise DamagedFile("Not a Myomap backup file (unknown header).")
    (header_len,) = struct.unpack(">I", _read_exact(source, 4, "header length"))
    if header_len > 4096:
        raise DamagedFile("The backup file's header is damaged.")
    header_bytes = _read_exact(source, header_len, "header")
    try:
        header = json.loads(header_bytes)
        kdf = header["kdf"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        salt = base64.b64decode(header["salt"])
        check = str(header["check"])
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedFile("The backup file's header is damaged.") from exc
    if not (_SCRYPT_N_RANGE[0] <= n <= _SCRYPT_N_RANGE[1] and 1 <= r <= 32 and 1 <= p <= 16):
        raise DamagedFile("The backup file's header asks for an unsupported key derivation cost.")
    key, check_key = _derive(passphrase, salt, n, r, p)
    expected = hmac.new(check_key, b"myomap-backup-passphrase", hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, check):
        raise WrongPassphrase("Wrong passphrase for this backup file (or its header was altered).")
    aead = AESGCM(key)
    aad = MAGIC + header_bytes
    index = 0
    while True:
        length_bytes = source.read(4)
        if len(length_bytes) != 4:
            raise DamagedFile("The backup file is truncated (its last part is missing).")
        (length,) = struct.unpack(">I", length_bytes)
        if length > CHUNK + 64:
            raise DamagedFile(f"The backup file is damaged (part {index + 1} has a bad length).")
        sealed = _read_exact(source, length, f"part {index + 1}")
        for last in (False, True):
            try:
                plain = aead.decrypt(_nonce(index, last), sealed, aad)
            except InvalidTag:
                continue
            break
        else:
            raise DamagedFile(
                f"The backup file is damaged or was altered (part {index + 1} fails its check)."
            )
        yield plain
        index += 1
        if last:
            if source.read(1):
                raise DamagedFile("The backup file has bytes after its end: it was altered.")
            return
