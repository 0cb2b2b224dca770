"""The two reads every selector ends with: one row of a queryset already scoped to the actor's
clinic (another clinic's id, or no id at all, is `NotFound`, so its existence does not leak),
and a list of rows, each audited as one read or one listing."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object, audit_record
from myomap.accounts.models import AuditAction
from myomap.errors import NotFound

M = TypeVar("M", bound=Model)


def record_get_audited(
    queryset: QuerySet[M],
    pk: uuid.UUID | str,
    *,
    actor: Actor,
    object_type: str,
    missing: str | None = None,
    audit: bool = True,
) -> M:
    """The row `pk` of the scoped `queryset`, audited as a read of `object_type` unless the
    caller reads it as part of a record already audited; `missing` is the NotFound message
    ("No such <object_type>." unless given)."""
    try:
        row = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise NotFound(missing or f"No such {object_type}.") from exc
    if audit:
        audit_object(actor, AuditAction.READ, object_type, row)
    return row


def record_list_audited(
    rows: Iterable[M], *, actor: Actor, object_type: str, detail: dict, audit: bool = True
) -> list[M]:
    """The rows as a list, audited as one listing of `object_type` with their count."""
    listed = list(rows)
    if audit:
        audit_record(
            actor=actor,
            action=AuditAction.LIST,
            object_type=object_type,
            detail={**detail, "count": len(listed)},
        )
    return listed
