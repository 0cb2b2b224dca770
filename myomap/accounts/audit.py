"""The audit trail: `audit_record` appends one hash-chained event; `audit_chain_verify` finds
the first event whose hash no longer matches, which reveals an edited or deleted row."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from myomap.accounts.actor import Actor
from myomap.accounts.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _event_digest(event: AuditEvent) -> str:
    payload = {
        "at": event.at.isoformat(),
        "user": event.user_id,
        "username": event.username,
        "clinic": str(event.clinic_id) if event.clinic_id else None,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "remote_addr": event.remote_addr,
        "detail": event.detail,
        "previous": event.previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    object_type: str = "",
    object_id: str = "",
    detail: dict | None = None,
    username: str = "",
    remote_addr: str | None = None,
) -> AuditEvent:
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        event = AuditEvent(
            at=timezone.now(),
            user=actor.user if actor else None,
            username=actor.user.get_username() if actor else username,
            clinic=actor.clinic if actor else None,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            remote_addr=(actor.remote_addr if actor else remote_addr) or None,
            detail=detail or {},
            previous_hash=head.last_hash,
        )
        event.hash = _event_digest(event)
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


def audit_chain_verify() -> int | None:
    """Return the id of the first event that breaks the chain, or None when it is intact."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.previous_hash != previous or _event_digest(event) != event.hash:
            return event.id
        previous = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.last_hash != previous:
        return -1  # the newest events were removed
    return None
