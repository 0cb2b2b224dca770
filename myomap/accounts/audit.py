"""The audit trail: a keyed, append-only hash chain that an owner can verify.

- `audit_record` appends one event. Inside a web request, reads (READ/LIST) are gathered and
  written as one event when the request ends; writes are recorded at once, in the caller's
  transaction, so a change and its audit line commit together.
- A writer never waits for another: it inserts its event with `mac`, an HMAC of the content
  under the audit key (kept outside the database), and nothing else. `audit_chain_extend` then
  gives waiting events their place in the chain (`seq`, `previous_hash`, `hash`) under the
  chain-head lock; on PostgreSQL a writer that finds the head locked leaves its event to the
  chainer already at work (or the next one) instead of queueing.
- `audit_chain_verify` checks every event's content MAC, every chain link, the signed head and
  the checkpoint file outside the database, and names the first bad event.

What this protects against and what it cannot: docs/audit.md."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from myomap.accounts.actor import Actor, ClientActor
from myomap.accounts.models import AuditAction, AuditChainHead, AuditEvent

GENESIS_PREVIOUS = "0" * 64
CHAIN_BATCH = 500
CHAIN_BATCHES_PER_CALL = 20
# Reads are gathered per request; a page that touches more objects than this lists the first
# ones and the count.
MAX_OBJECTS_PER_EVENT = 50
_READ_ACTIONS = frozenset({AuditAction.READ, AuditAction.LIST})


# --- keyed digests -------------------------------------------------------------------------


def _key() -> bytes:
    return settings.MYOMAP_AUDIT_KEY.encode()


def _hmac(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(_key(), canonical.encode(), hashlib.sha256).hexdigest()


def _address(value: str | None) -> str | None:
    # The database may print an address differently from how it was given (PostgreSQL inet);
    # the MAC covers one canonical spelling.
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def event_content(event) -> dict:
    """What an event's MAC covers. Works on historical models too (used by a migration)."""
    return {
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "user": event.user_id,
        "username": event.username,
        "clinic": str(event.clinic_id) if event.clinic_id else None,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "remote_addr": _address(event.remote_addr),
        "detail": event.detail,
    }


def event_mac(event) -> str:
    return _hmac({"kind": "event", **event_content(event)})


def chain_hash(seq: int, previous: str, mac: str) -> str:
    return _hmac({"kind": "link", "seq": seq, "previous": previous, "mac": mac})


def head_mac(seq: int, last_hash: str) -> str:
    return _hmac({"kind": "head", "seq": seq, "hash": last_hash})


def _checkpoint_mac(genesis: str, seq: int, last_hash: str) -> str:
    return _hmac({"kind": "checkpoint", "genesis": genesis, "seq": seq, "hash": last_hash})


# --- writing -------------------------------------------------------------------------------


@dataclass
class _RequestReads:
    actor: Actor | ClientActor | None = None
    objects: list[dict] = field(default_factory=list)
    total: int = 0
    any_read: bool = False


_request_reads: ContextVar[_RequestReads | None] = ContextVar("audit_request_reads", default=None)


@contextlib.contextmanager
def audit_request_scope(*, path: str = "") -> Iterator[None]:
    """Gather the reads of one request into one audit event, written when the request ends."""
    scope = _RequestReads()
    token = _request_reads.set(scope)
    try:
        yield
    finally:
        _request_reads.reset(token)
        if scope.actor is not None and scope.objects:
            first = scope.objects[0]
            detail: dict = {"objects": scope.objects, "path": path}
            if scope.total > len(scope.objects):
                detail["objects_total"] = scope.total
            _insert(
                actor=scope.actor,
                action=AuditAction.READ if scope.any_read else AuditAction.LIST,
                object_type=first["type"],
                object_id=first.get("id", ""),
                detail=detail,
            )


def audit_record(
    *,
    actor: Actor | ClientActor | None,
    action: str,
    object_type: str = "",
    object_id: str = "",
    detail: dict | None = None,
    username: str = "",
    remote_addr: str | None = None,
) -> AuditEvent | None:
    """Record one access. Returns the stored event, or None when the read was gathered into
    the request's single audit event."""
    scope = _request_reads.get()
    if scope is not None and actor is not None and action in _READ_ACTIONS:
        if scope.actor is None:
            scope.actor = actor
        scope.total += 1
        scope.any_read = scope.any_read or action == AuditAction.READ
        if len(scope.objects) < MAX_OBJECTS_PER_EVENT:
            entry: dict = {"action": str(action), "type": object_type}
            if object_id:
                entry["id"] = str(object_id)
            if detail:
                entry["detail"] = detail
            scope.objects.append(entry)
        return None
    return _insert(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail,
        username=username,
        remote_addr=remote_addr,
    )


def audit_object(
    actor: Actor | ClientActor, action: str, object_type: str, obj: Any, detail: dict | None = None
) -> AuditEvent | None:
    """`audit_record` for one stored object, named by its type and primary key: the call every
    selector and service makes after reading or writing a record."""
    return audit_record(
        actor=actor, action=action, object_type=object_type, object_id=str(obj.pk), detail=detail
    )


def _insert(
    *,
    actor: Actor | ClientActor | None,
    action: str,
    object_type: str,
    object_id: str,
    detail: dict | None,
    username: str = "",
    remote_addr: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        at=timezone.now(),
        user=actor.user if actor else None,
        username=actor.audit_username if actor else username,
        clinic=actor.clinic if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        remote_addr=_address(actor.remote_addr if actor else remote_addr),
        # What the database gives back is what verification will see: plain JSON.
        detail=json.loads(json.dumps(detail or {}, default=str)),
    )
    event.mac = event_mac(event)
    connection = connections["default"]
    if connection.vendor == "sqlite":
        # SQLite has one writer at a time anyway (IMMEDIATE transactions hold the write lock
        # from BEGIN): the event takes its place in the chain as it is inserted, at no extra
        # waiting, and nothing is left pending.
        with transaction.atomic():
            head = AuditChainHead.objects.filter(pk=1).first()
            if head is not None:
                seq, link = head.seq + 1, chain_hash(head.seq + 1, head.last_hash, event.mac)
                event.seq, event.previous_hash, event.hash = seq, head.last_hash, link
            event.save()
            if head is not None:
                head.seq, head.last_hash = seq, link
                head.mac = head_mac(head.seq, head.last_hash)
                head.save(update_fields=["seq", "last_hash", "mac"])
        if head is not None:
            transaction.on_commit(lambda: _checkpoint_if_due(head), robust=True)
    else:
        event.save()
        transaction.on_commit(audit_chain_extend, robust=True)
    return event


# --- chaining ------------------------------------------------------------------------------

_known_checkpoint_seq: dict[str, int] = {}  # checkpoint file → seq; saves a file read per call


def audit_chain_extend(*, wait: bool = False) -> int:
    """Chain the events waiting for their place; return how many were chained. Without `wait`,
    on PostgreSQL, return at once when another writer is chaining already."""
    with transaction.atomic():
        chained, head = _chain_pending(wait=wait)
    if head is not None and chained:
        _checkpoint_if_due(head)
    return chained


def _chain_pending(*, wait: bool) -> tuple[int, AuditChainHead | None]:
    heads = AuditChainHead.objects.all()
    if connections["default"].vendor == "postgresql":
        heads = heads.select_for_update(skip_locked=not wait)
    head = heads.filter(pk=1).first()
    if head is None:  # no genesis yet, or another chainer holds the head
        return 0, None
    chained = 0
    # Bounded, so a chainer under constant load still commits and lets the head go; what is
    # left waits for the next writer.
    for _ in range(CHAIN_BATCHES_PER_CALL):
        pending = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:CHAIN_BATCH])
        if not pending:
            break
        for event in pending:
            event.seq = head.seq + 1
            event.previous_hash = head.last_hash
            event.hash = chain_hash(event.seq, event.previous_hash, event.mac)
            head.seq, head.last_hash = event.seq, event.hash
        AuditEvent.objects.bulk_update(pending, ["seq", "previous_hash", "hash"])
        chained += len(pending)
    if chained:
        head.mac = head_mac(head.seq, head.last_hash)
        head.save(update_fields=["seq", "last_hash", "mac"])
    return chained, head


def audit_genesis_ensure() -> bool:
    """Start the log of a new installation: the genesis event (seq 1) and the signed head.
    Does nothing when a head or any chained event exists. True when the genesis was written."""
    with transaction.atomic():
        if AuditChainHead.objects.exists() or AuditEvent.objects.filter(seq__isnull=False).exists():
            return False
        event = AuditEvent(
            at=timezone.now(),
            action=AuditAction.GENESIS,
            object_type="audit_log",
            detail={"installation": uuid.uuid4().hex},
        )
        event.mac = event_mac(event)
        event.seq = 1
        event.previous_hash = GENESIS_PREVIOUS
        event.hash = chain_hash(1, GENESIS_PREVIOUS, event.mac)
        event.save()
        head = AuditChainHead.objects.create(
            pk=1, seq=1, last_hash=event.hash, mac=head_mac(1, event.hash)
        )
    _checkpoint_if_due(head)
    return True


# --- the checkpoint outside the database ---------------------------------------------------


def _checkpoint_path() -> Path:
    return Path(settings.MYOMAP_AUDIT_CHECKPOINT_FILE)


def checkpoint_read(path: Path | None = None) -> dict | None:
    path = path or _checkpoint_path()
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"unreadable": True}


def _genesis_hash() -> str | None:
    return AuditEvent.objects.filter(seq=1).values_list("hash", flat=True).first()


def audit_checkpoint_write(head: AuditChainHead | None = None, *, force: bool = False) -> bool:
    """Record the current head in the checkpoint file (atomically, mode 600). Never over a
    checkpoint of another log (a different genesis) and never backwards, unless `force`."""
    head = head or AuditChainHead.objects.filter(pk=1).first()
    genesis = _genesis_hash()
    if head is None or genesis is None:
        return False
    path = _checkpoint_path()
    current = checkpoint_read(path)
    if current and not force:
        if current.get("genesis") != genesis or int(current.get("seq", 0)) >= head.seq:
            return False
    document = {
        "genesis": genesis,
        "seq": head.seq,
        "hash": head.last_hash,
        "at": timezone.now().isoformat(),
        "mac": _checkpoint_mac(genesis, head.seq, head.last_hash),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    # A private temporary file per writer (mkstemp: mode 600), renamed over the checkpoint.
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w") as handle:
        json.dump(document, handle)
    os.replace(temporary, path)
    _known_checkpoint_seq[str(path)] = head.seq
    return True


def _checkpoint_if_due(head: AuditChainHead) -> None:
    path = str(_checkpoint_path())
    known = _known_checkpoint_seq.get(path)
    if known is None:
        current = checkpoint_read(Path(path))
        known = int(current.get("seq", 0)) if current and "seq" in current else 0
        if current is not None:
            _known_checkpoint_seq[path] = known
        else:
            known = -1  # no file yet: write the first checkpoint now
    if known < 0 or head.seq - known >= settings.MYOMAP_AUDIT_CHECKPOINT_EVERY:
        audit_checkpoint_write(head)


def audit_checkpoint_forget() -> None:
    """Drop the remembered checkpoint position (tests switch checkpoint files)."""
    _known_checkpoint_seq.clear()


# --- verification --------------------------------------------------------------------------


@dataclass
class AuditVerification:
    ok: bool
    checked: int
    reason: str = ""
    first_bad_id: int | None = None
    first_bad_seq: int | None = None

    def describe(self) -> str:
        if self.ok:
            return f"Audit log intact: {self.checked} events verified."
        where = ""
        if self.first_bad_id is not None:
            where = f"event id {self.first_bad_id} (position {self.first_bad_seq}): "
        return f"Audit log BROKEN at {where}{self.reason}"


def audit_chain_verify() -> AuditVerification:
    """Chain what is waiting, then check the whole log: every event's content MAC, each link,
    no gap, the genesis first, the signed head at the last event, and the checkpoint file."""
    while audit_chain_extend(wait=True):
        pass
    previous = GENESIS_PREVIOUS
    expected = 1
    genesis: str | None = None
    hashes_at: dict[int, str] = {}
    checkpoint = checkpoint_read()
    wanted_seq = int(checkpoint["seq"]) if checkpoint and "seq" in checkpoint else None

    def broken(event: AuditEvent | None, reason: str) -> AuditVerification:
        return AuditVerification(
            ok=False,
            checked=expected - 1,
            reason=reason,
            first_bad_id=event.pk if event is not None else None,
            first_bad_seq=event.seq if event is not None else None,
        )

    for event in AuditEvent.objects.filter(seq__isnull=False).order_by("seq").iterator(2000):
        if event.seq != expected:
            return broken(
                event, f"events at positions {expected}–{(event.seq or 0) - 1} are missing."
            )
        if expected == 1 and event.action != AuditAction.GENESIS:
            return broken(event, "the first event is not the log's genesis record.")
        if not hmac.compare_digest(event.mac, event_mac(event)):
            return broken(event, "its content does not match its MAC (edited, or forged).")
        if event.previous_hash != previous or not hmac.compare_digest(
            event.hash or "", chain_hash(event.seq, previous, event.mac)
        ):
            return broken(event, "its chain link does not match (events removed or rechained).")
        if expected == 1:
            genesis = event.hash
        if event.seq == wanted_seq:
            hashes_at[event.seq] = event.hash or ""
        previous = event.hash or ""
        expected += 1
    last_seq = expected - 1
    if genesis is None:
        return broken(None, "the log is empty: no genesis record (wiped or never started).")

    for event in AuditEvent.objects.filter(seq__isnull=True).order_by("id").iterator(2000):
        if not hmac.compare_digest(event.mac, event_mac(event)):
            return broken(event, "an unchained event's content does not match its MAC.")
        return broken(event, "events are waiting to be chained but the chain head is missing.")

    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return broken(None, "the chain head is missing.")
    if not hmac.compare_digest(head.mac, head_mac(head.seq, head.last_hash)):
        return broken(None, "the chain head was altered (its signature does not match).")
    if head.seq != last_seq or head.last_hash != previous:
        return broken(
            None,
            f"the newest events were removed: the head records position {head.seq}, "
            f"the log ends at {last_seq}.",
        )

    if checkpoint is None:
        return broken(
            None,
            f"no checkpoint file at {_checkpoint_path()}: an emptied or replaced log could "
            "not be told apart.",
        )
    if checkpoint.get("unreadable") or not hmac.compare_digest(
        str(checkpoint.get("mac", "")),
        _checkpoint_mac(
            str(checkpoint.get("genesis")),
            int(checkpoint.get("seq", 0)),
            str(checkpoint.get("hash")),
        ),
    ):
        return broken(None, f"the checkpoint file {_checkpoint_path()} is unreadable or altered.")
    if checkpoint["genesis"] != genesis:
        return broken(None, "the log was replaced: its genesis is not the checkpoint's.")
    if wanted_seq is not None and wanted_seq > last_seq:
        return broken(
            None,
            f"the log was truncated: the checkpoint records position {wanted_seq}, "
            f"the log ends at {last_seq}.",
        )
    if wanted_seq is not None and hashes_at.get(wanted_seq) != checkpoint["hash"]:
        return broken(None, f"the event at checkpoint position {wanted_seq} was replaced.")
    return AuditVerification(ok=True, checked=last_seq)
