"""The backup file: encrypted with the owner's passphrase, written all at once or not at all,
kept to the newest N, and checked by `backup verify` against its manifest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from myomap.backup import crypto
from myomap.backup.crypto import BackupError, DamagedFile, EncryptingWriter, WrongPassphrase
from myomap.backup.services import (
    backup_create,
    backup_open,
    backup_restore,
    backup_verify,
    backups_prune,
    ping,
)
from myomap.cli import app
from tests.backup.conftest import PASSPHRASE, demo_load, every_table


@pytest.fixture
def source(databases) -> str:
    alias = databases.sqlite("source")
    demo_load(alias)
    return alias


@pytest.fixture
def backup_file(source, passphrase, tmp_path) -> Path:
    path = tmp_path / "out" / "clinic.backup"
    path.parent.mkdir()
    backup_create(path, passphrase, alias=source)
    return path


def _rewrite(path: Path, passphrase: bytes, change) -> None:
    """Decrypt, let `change(files)` alter the members, re-encrypt with the same passphrase:
    what someone holding the passphrase could do to a backup."""
    contents = backup_open(path, passphrase)
    files = {name: contents.archive.read(name) for name in contents.archive.namelist()}
    contents.close()
    change(files)
    with path.open("wb") as out:
        writer = EncryptingWriter(out, passphrase)
        with zipfile.ZipFile(writer, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
            for name, data in files.items():
                archive.writestr(name, data)
        writer.close()


def test_the_backup_file_is_readable_only_by_its_owner_and_holds_no_plain_text(backup_file):
    assert backup_file.stat().st_mode & 0o777 == 0o600
    raw = backup_file.read_bytes()
    assert raw.startswith(crypto.MAGIC)
    for word in (b"Okafor", b"records_client", b"manifest", b"PK\x03\x04"):
        assert word not in raw


def test_the_manifest_names_version_migrations_row_counts_and_audit_head(backup_file, source):
    contents = backup_open(backup_file, PASSPHRASE.encode())
    manifest = contents.manifest
    contents.close()
    assert manifest["myomap_version"] == "0.1.0"
    assert ["records", "0005_sessions"] in manifest["migrations"]
    rows = every_table(source)
    assert {t: e["rows"] for t, e in manifest["tables"].items()} == {
        t: len(r) for t, r in rows.items()
    }
    last = rows["accounts_auditevent"][-1]
    assert manifest["audit"]["last_hash"] == last["hash"]
    assert manifest["audit"]["last_id"] == last["id"]
    assert manifest["audit"]["chain_intact"] is True, manifest["audit"]["chain_problem"]


def test_a_wrong_passphrase_fails_cleanly_naming_the_passphrase(backup_file, monkeypatch):
    with pytest.raises(WrongPassphrase):
        backup_open(backup_file, b"not the passphrase at all")
    monkeypatch.setenv("MYOMAP_BACKUP_PASSPHRASE", "not the passphrase at all")
    result = CliRunner().invoke(app, ["backup", "verify", str(backup_file)])
    assert result.exit_code == 1
    assert "Wrong passphrase" in result.output
    assert "Traceback" not in result.output


def test_there_is_no_default_passphrase(monkeypatch):
    monkeypatch.delenv("MYOMAP_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.delenv("MYOMAP_BACKUP_PASSPHRASE_FILE", raising=False)
    with pytest.raises(BackupError, match="MYOMAP_BACKUP_PASSPHRASE_FILE"):
        crypto.passphrase_from_env(for_writing=True)


def test_the_passphrase_file_wins_and_a_short_passphrase_is_refused_for_new_backups(
    monkeypatch, tmp_path
):
    secret = tmp_path / "passphrase"
    secret.write_text("from the file, long enough\n")
    monkeypatch.setenv("MYOMAP_BACKUP_PASSPHRASE_FILE", str(secret))
    monkeypatch.setenv("MYOMAP_BACKUP_PASSPHRASE", "from the environment")
    assert crypto.passphrase_from_env(for_writing=True) == b"from the file, long enough"
    secret.write_text("short\n")
    with pytest.raises(BackupError, match="at least 12 characters"):
        crypto.passphrase_from_env(for_writing=True)


def test_verify_passes_a_good_backup(backup_file, monkeypatch, passphrase):
    result = CliRunner().invoke(app, ["backup", "verify", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert "is good" in result.output


@pytest.mark.parametrize("where", [0.5, 0.99])
def test_verify_catches_a_flipped_byte(backup_file, passphrase, where):
    raw = bytearray(backup_file.read_bytes())
    raw[int(len(raw) * where)] ^= 0x01
    backup_file.write_bytes(bytes(raw))
    with pytest.raises(DamagedFile):
        backup_verify(backup_file, passphrase)
    result = CliRunner().invoke(app, ["backup", "verify", str(backup_file)])
    assert result.exit_code == 1
    assert "damaged or was altered" in result.output


def test_verify_catches_a_truncated_file_and_trailing_bytes(backup_file, passphrase):
    raw = backup_file.read_bytes()
    backup_file.write_bytes(raw[:-100])
    with pytest.raises(DamagedFile, match="truncated"):
        backup_verify(backup_file, passphrase)
    backup_file.write_bytes(raw + b"extra")
    with pytest.raises(DamagedFile, match="after its end"):
        backup_verify(backup_file, passphrase)


def test_verify_catches_a_row_removed_by_someone_holding_the_passphrase(backup_file, passphrase):
    def drop_a_client(files):
        name = "tables/records_client.jsonl"
        files[name] = b"".join(files[name].splitlines(keepends=True)[1:])

    _rewrite(backup_file, passphrase, drop_a_client)
    result = backup_verify(backup_file, passphrase)
    assert not result.ok
    assert "records_client" in result.problems[0]


def test_verify_catches_an_audit_event_rewritten_with_a_matching_manifest(backup_file, passphrase):
    import hashlib

    def rewrite_history(files):
        name = "tables/accounts_auditevent.jsonl"
        lines = files[name].splitlines(keepends=True)
        event = json.loads(lines[3])
        event["username"] = "somebody else"
        lines[3] = json.dumps(event, sort_keys=True, separators=(",", ":")).encode() + b"\n"
        files[name] = b"".join(lines)
        manifest = json.loads(files["manifest.json"])
        manifest["tables"]["accounts_auditevent"]["sha256"] = hashlib.sha256(
            files[name]
        ).hexdigest()
        files["manifest.json"] = json.dumps(manifest).encode()

    _rewrite(backup_file, passphrase, rewrite_history)
    result = backup_verify(backup_file, passphrase)
    assert not result.ok
    assert "audit chain" in result.problems[0]


def test_restore_into_a_database_that_holds_data_is_refused_and_changes_nothing(
    backup_file, passphrase, source
):
    before = every_table(source)
    contents = backup_open(backup_file, passphrase)
    try:
        with pytest.raises(BackupError, match="not empty"):
            backup_restore(contents, alias=source)
    finally:
        contents.close()
    assert every_table(source) == before


def test_a_backup_failing_midway_leaves_no_file(source, passphrase, tmp_path, monkeypatch):
    from myomap.backup import services

    real_rows = services.table_rows

    def failing_rows(model, alias):
        for number, row in enumerate(real_rows(model, alias)):
            if model._meta.db_table == "records_plan" and number == 1:
                raise OSError("disk full")
            yield row

    monkeypatch.setattr(services, "table_rows", failing_rows)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OSError, match="disk full"):
        backup_create(folder / "clinic.backup", passphrase, alias=source)
    assert list(folder.iterdir()) == []


KILL_MIDWAY = """
import os, signal, sys
from pathlib import Path
import django
django.setup()
from myomap.backup import services
real_line = services.row_line
written = []
def line_then_die(row):
    written.append(row)
    if len(written) == 200:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_line(row)
services.row_line = line_then_die
services.backup_create(Path(sys.argv[1]), b"a long test passphrase, 6 words")
"""


def test_a_backup_killed_midway_leaves_no_file(source, tmp_path):
    from django.db import connections

    folder = tmp_path / "out"
    folder.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{connections[source].settings_dict['NAME']}",
        "DJANGO_SETTINGS_MODULE": "myomap.settings",
        "MYOMAP_SECRET_KEY": "test-only-secret-key-for-a-killed-backup",
        "MYOMAP_AUDIT_KEY": "test-only-audit-key-for-a-killed-backup",
    }
    process = subprocess.run(
        [sys.executable, "-c", KILL_MIDWAY, str(folder / "clinic.backup")],
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()[-2000:]
    assert list(folder.iterdir()) == []


def test_keep_leaves_the_newest_backups_and_never_touches_other_files(source, passphrase, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    made = []
    for number in range(3):
        path = folder / f"clinic-{number}.backup"
        backup_create(path, passphrase, alias=source)
        os.utime(path, (1_700_000_000 + number, 1_700_000_000 + number))
        made.append(path)
    removed = backups_prune(folder, 2)
    assert removed == [made[0]]
    assert sorted(p.name for p in folder.iterdir()) == [
        "clinic-1.backup",
        "clinic-2.backup",
        "notes.txt",
    ]


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _Recorder.hits.append(self.path)
        self.send_response(200 if self.path == "/ok" else 500)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_ping_reaches_the_monitoring_url_and_a_failed_ping_is_an_error():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        ping(f"{base}/ok")
        assert _Recorder.hits == ["/ok"]
        with pytest.raises(BackupError, match="ping failed"):
            ping(f"{base}/broken")
        with pytest.raises(BackupError, match="http"):
            ping("file:///etc/passwd")
    finally:
        server.shutdown()


def test_the_backup_command_without_a_passphrase_fails_and_writes_nothing(
    db, monkeypatch, tmp_path
):
    monkeypatch.delenv("MYOMAP_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.delenv("MYOMAP_BACKUP_PASSPHRASE_FILE", raising=False)
    result = CliRunner().invoke(app, ["backup", "--output", str(tmp_path / "clinic.backup")])
    assert result.exit_code == 1
    assert "No backup passphrase" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_backup_into_a_missing_folder_fails_naming_the_option(source, passphrase, tmp_path):
    with pytest.raises(BackupError, match="--output: the folder .* does not exist"):
        backup_create(tmp_path / "nowhere" / "clinic.backup", passphrase, alias=source)
