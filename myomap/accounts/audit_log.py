"""The owner's view of the audit log: the clinic's own events, filtered by client, staff
member, action and date, newest first; also as CSV. Reading the log is itself audited."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction, AuditEvent
from myomap.errors import ValidationFailed


@dataclass(frozen=True)
class AuditFilters:
    client_id: uuid.UUID | None = None
    user_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def parse(cls, query) -> AuditFilters:
        """From the page's query string; a bad value is refused naming the field."""
        errors: dict[str, list[str]] = {}

        def parsed(name, convert, message):
            raw = (query.get(name) or "").strip()
            if not raw:
                return None
            try:
                return convert(raw)
            except ValueError:
                errors[name] = [message]
                return None

        action = (query.get("action") or "").strip()
        if action and action not in AuditAction.values:
            errors["action"] = [f"Choose one of: {', '.join(AuditAction.values)}."]
        filters = cls(
            client_id=parsed("client", uuid.UUID, "Not a client id."),
            user_id=parsed("user", int, "Not a staff member."),
            action=action,
            date_from=parsed("from", date.fromisoformat, "Use a date like 2026-03-01."),
            date_to=parsed("to", date.fromisoformat, "Use a date like 2026-03-31."),
        )
        if errors:
            raise ValidationFailed(errors)
        return filters


def _client_ids(actor: Actor, client_id: uuid.UUID) -> list[str]:
    """The client and their episodes: page reads name the episode, not always the client."""
    from myomap.records.models import Episode

    episodes = Episode.objects.filter(clinic=actor.clinic, client_id=client_id)
    return [str(client_id), *(str(pk) for pk in episodes.values_list("pk", flat=True))]


def _events(actor: Actor, filters: AuditFilters) -> QuerySet[AuditEvent]:
    actor.require_owner()
    events = AuditEvent.objects.filter(clinic=actor.clinic).select_related("user")
    if filters.client_id:
        ids = _client_ids(actor, filters.client_id)
        about = Q(object_id__in=ids)
        events = events.annotate(detail_text=Cast("detail", TextField()))
        for one in ids:
            about |= Q(detail_text__contains=one)
        events = events.filter(about)
    if filters.user_id:
        events = events.filter(user_id=filters.user_id)
    if filters.action:
        events = events.filter(action=filters.action)
    zone = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(at__gte=datetime.combine(filters.date_from, time.min, zone))
    if filters.date_to:
        events = events.filter(at__lte=datetime.combine(filters.date_to, time.max, zone))
    return events.order_by("-id")


def audit_events_for_user(
    *, actor: Actor, filters: AuditFilters, offset: int = 0, limit: int = 100
) -> tuple[list[AuditEvent], bool]:
    """One page of events and whether there are more."""
    rows = list(_events(actor, filters)[offset : offset + limit + 1])
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="audit_log",
        detail={"filters": _described(filters), "offset": offset},
    )
    return rows[:limit], len(rows) > limit


def _described(filters: AuditFilters) -> dict:
    return {k: str(v) for k, v in vars(filters).items() if v}


CSV_COLUMNS = ["id", "at", "username", "action", "object_type", "object_id", "address", "detail"]


def audit_events_csv_for_user(*, actor: Actor, filters: AuditFilters) -> Iterator[str]:
    """The filtered events as CSV lines, streamed."""
    events = _events(actor, filters)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="audit_log",
        detail={"filters": _described(filters), "format": "csv"},
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    for event in events.iterator(1000):
        yield line(
            [
                event.pk,
                event.at.isoformat(),
                event.username,
                event.action,
                event.object_type,
                event.object_id,
                event.remote_addr or "",
                _csv_safe(str(event.detail)),
            ]
        )


def _csv_safe(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets.
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text
