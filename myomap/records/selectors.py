"""Reads of client records, always scoped to the acting user's clinic and audited."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction
from myomap.errors import NotFound
from myomap.records.models import Client


def _clients_of(actor: Actor) -> QuerySet[Client]:
    return Client.objects.filter(clinic=actor.clinic)


def client_list_for_user(*, actor: Actor, search: str = "", limit: int = 200) -> list[Client]:
    """Clients of the actor's clinic whose given or family name (or "given family") contains
    the search text, alphabetical."""
    clients = _clients_of(actor)
    for word in search.split():
        clients = clients.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    result = list(clients[:limit])
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="client",
        detail={"search": search, "count": len(result)},
    )
    return result


def client_get_for_user(*, actor: Actor, client_id: uuid.UUID | str, audit: bool = True) -> Client:
    try:
        client = _clients_of(actor).get(pk=client_id)
    except (Client.DoesNotExist, ValueError) as exc:
        raise NotFound("No such client.") from exc
    if audit:
        audit_record(
            actor=actor, action=AuditAction.READ, object_type="client", object_id=str(client.pk)
        )
    return client
