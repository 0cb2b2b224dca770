"""Reads of treatment sessions: scoped to the actor's clinic, clinical roles only, audited."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction
from myomap.records.models import Addendum, Episode, Plan, TreatmentSession
from myomap.records.scoped import record_get_audited, record_list_audited


def _sessions_of(actor: Actor) -> QuerySet[TreatmentSession]:
    actor.require_clinical()
    return TreatmentSession.objects.filter(clinic=actor.clinic)


def session_get_for_user(
    *, actor: Actor, session_id: uuid.UUID | str, audit: bool = True
) -> TreatmentSession:
    """One note with everything its page shows, in a fixed number of queries."""
    queryset = (
        _sessions_of(actor)
        .select_related("episode", "episode__client", "plan", "created_by", "signed_by")
        .prefetch_related(
            "techniques",
            Prefetch("addenda", queryset=Addendum.objects.select_related("author")),
        )
    )
    return record_get_audited(
        queryset,
        session_id,
        actor=actor,
        object_type="session",
        missing="No such session note.",
        audit=audit,
    )


def session_list_for_episode(
    *, actor: Actor, episode: Episode, audit: bool = True
) -> list[TreatmentSession]:
    return record_list_audited(
        _sessions_of(actor)
        .filter(episode=episode)
        .select_related("signed_by", "created_by")
        .order_by("number"),
        actor=actor,
        object_type="session",
        detail={"episode": str(episode.pk)},
        audit=audit,
    )


def sessions_unsigned_for_user(*, actor: Actor) -> list[TreatmentSession]:
    """Draft notes in the clinic, oldest first: the outstanding list."""
    sessions = list(
        _sessions_of(actor)
        .filter(signed_at__isnull=True)
        .select_related("episode__client", "created_by")
        .order_by("seen_on", "number")
    )
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="session",
        detail={"unsigned": True, "count": len(sessions)},
    )
    return sessions


def plan_in_force(*, actor: Actor, episode: Episode) -> Plan | None:
    """The plan the next note follows: the newest version from the latest assessment that has
    one. Not audited on its own; the caller's page read is."""
    actor.require_clinical()
    return (
        Plan.objects.filter(clinic=actor.clinic, episode=episode)
        .order_by("-assessment__number", "-version")
        .first()
    )
