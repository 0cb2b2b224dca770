"""Reads of client records, always scoped to the acting user's clinic and audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction
from myomap.records.models import Client
from myomap.records.scoped import record_get_audited, record_list_audited


def _clients_of(actor: Actor) -> QuerySet[Client]:
    return Client.objects.filter(clinic=actor.clinic)


CLIENT_PAGE_SIZE = 50
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")  # ISO, and day first as the clinic writes


def _as_date(word: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(word, fmt).date()
        except ValueError:
            continue
    return None


def _client_search(clients: QuerySet[Client], search: str) -> QuerySet[Client]:
    """Every word must match: a date matches the date of birth exactly, any other word is
    contained in the given or family name. Served by indexes (docs/scale.md): the clinic's
    name-ordered index, the date-of-birth index, and trigram indexes on PostgreSQL."""
    for word in search.split():
        born = _as_date(word)
        if born is not None:
            clients = clients.filter(date_of_birth=born)
        else:
            clients = clients.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return clients


def _after_key(
    clients: QuerySet[Client], family: str, given: str, pk: uuid.UUID | str
) -> QuerySet[Client]:
    """The clients after (family, given, id) in the list's keyset order."""
    return clients.filter(
        Q(family_name__gt=family)
        | Q(family_name=family, given_name__gt=given)
        | Q(family_name=family, given_name=given, id__gt=pk)
    )


@dataclass(frozen=True)
class ClientPage:
    clients: list[Client]
    search: str
    after: str  # the id the page starts after ("" = the first page)
    next_after: str  # the id to pass for the next page ("" = this is the last one)


def client_page_for_user(
    *, actor: Actor, search: str = "", after: str = "", size: int = CLIENT_PAGE_SIZE
) -> ClientPage:
    """One page of the clinic's clients in name order, matching the search; keyset-paginated
    on (family name, given name, id), so a page costs the same at any depth and any clinic
    size. `after` is the id of the last client of the previous page; an unknown id (another
    clinic's, a stale link) starts from the beginning."""
    clients = _client_search(_clients_of(actor), search).order_by("family_name", "given_name", "id")
    cursor = None
    try:
        after_id = uuid.UUID(after) if after else None
    except ValueError:  # a mangled link: start from the beginning
        after_id = None
    if after_id is not None:
        cursor = _clients_of(actor).filter(pk=after_id).only("family_name", "given_name").first()
    if cursor is not None:
        clients = _after_key(clients, cursor.family_name, cursor.given_name, cursor.pk)
    rows = list(clients[: size + 1])
    page = ClientPage(
        clients=rows[:size],
        search=search,
        after=str(cursor.pk) if cursor is not None else "",
        next_after=str(rows[size - 1].pk) if len(rows) > size else "",
    )
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="client",
        detail={**_search_detail(search), "after": page.after, "count": len(page.clients)},
    )
    return page


def _search_detail(search: str) -> dict:
    """What a client-list audit event keeps of the search: only its length. The text is most
    often a client's name, and the audit log is append-only: a name written there could never
    be erased with the client (docs/audit.md)."""
    return {"search_length": len(search.strip())}


def client_list_for_user(*, actor: Actor, search: str = "", limit: int = 200) -> list[Client]:
    """Clients of the actor's clinic matching the search (see `_client_search`), in name
    order, at most `limit`."""
    return record_list_audited(
        _client_search(_clients_of(actor), search)[:limit],
        actor=actor,
        object_type="client",
        detail=_search_detail(search),
    )


def client_get_for_user(*, actor: Actor, client_id: uuid.UUID | str, audit: bool = True) -> Client:
    clients = _clients_of(actor).select_related("consent_treatment_recorded_by")
    return record_get_audited(clients, client_id, actor=actor, object_type="client", audit=audit)
