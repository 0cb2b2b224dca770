"""Reads of the diary. Clinicians: scoped to their clinic, clinical roles only, audited.
The portal: one episode of the verified client, audited with the client as actor."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object, audit_record
from myomap.accounts.models import AuditAction
from myomap.clinical.diary import (
    WeekSummary,
    adherence_share,
    is_raised,
    pain_rise_threshold,
    weekly_summaries,
)
from myomap.records.diary.programme import ClientProgramme, client_programme_build
from myomap.records.diary.services import (
    REMINDER_CHOICES,
    Reference,
    diary_points,
    reference_on,
    references_for,
)
from myomap.records.models import DiaryAlert, DiaryEntry, DiarySettings, Episode, EpisodeStatus
from myomap.records.models.diary import DEFAULT_REMINDER_DAYS

# The progress page shows the latest entries; older ones stay in the record and the export.
ENTRIES_SHOWN = 120
PORTAL_RECENT = 7


@dataclass(frozen=True)
class EntryRow:
    entry: DiaryEntry
    reference: Reference | None
    raised: bool

    @property
    def share(self) -> float | None:
        return adherence_share(self.entry.exercises_done, self.entry.exercises_listed)


@dataclass
class DiaryOverview:
    episode: Episode
    rows: list[EntryRow]  # oldest first
    weeks: list[WeekSummary]
    total: int  # all entries of the episode (rows may be the latest ENTRIES_SHOWN)
    threshold: float
    open_alert: DiaryAlert | None
    reviewed_alerts: list[DiaryAlert] = field(default_factory=list)
    reminder_days: int = DEFAULT_REMINDER_DAYS
    next_reminder_on: date | None = None
    settings_saved: bool = False

    @property
    def reminder_words(self) -> str:
        return REMINDER_CHOICES.get(self.reminder_days, f"Every {self.reminder_days} days")


def diary_for_episode(*, actor: Actor, episode: Episode) -> DiaryOverview:
    """The episode's diary for the progress page (the episode comes from the scoped selector).
    Bounded: the latest ENTRIES_SHOWN entries, the episode's alerts and its settings."""
    actor.require_clinical()
    entries_qs = DiaryEntry.objects.filter(clinic=actor.clinic, episode=episode)
    latest = list(entries_qs.order_by("-entry_date")[:ENTRIES_SHOWN])
    latest.reverse()
    total = len(latest) if len(latest) < ENTRIES_SHOWN else entries_qs.count()
    sessions, plan = references_for(episode)
    threshold = pain_rise_threshold()
    points = diary_points(latest, sessions, plan)
    rows = [
        EntryRow(
            entry=entry,
            reference=reference_on(entry.entry_date, sessions, plan),
            raised=is_raised(point, threshold),
        )
        for entry, point in zip(latest, points, strict=True)
    ]
    weeks = weekly_summaries(
        [(e.entry_date, e.nprs, e.exercises_done, e.exercises_listed) for e in latest]
    )
    alerts = list(
        DiaryAlert.objects.filter(clinic=actor.clinic, episode=episode)
        .select_related("first_entry", "last_entry", "reviewed_by")
        .order_by("-raised_at")[:20]
    )
    settings_row = DiarySettings.objects.filter(clinic=actor.clinic, episode=episode).first()
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="diary_entry",
        detail={"episode": str(episode.pk), "count": len(rows)},
    )
    return DiaryOverview(
        episode=episode,
        rows=rows,
        weeks=weeks,
        total=total,
        threshold=threshold,
        open_alert=next((a for a in alerts if a.is_open), None),
        reviewed_alerts=[a for a in alerts if not a.is_open],
        reminder_days=settings_row.reminder_days if settings_row else DEFAULT_REMINDER_DAYS,
        next_reminder_on=settings_row.next_reminder_on if settings_row else None,
        settings_saved=settings_row is not None,
    )


def diary_alerts_open_for(*, actor: Actor, episode_ids: list) -> dict:
    """Open alerts of a page of episodes, by episode id, in one query (Today's window)."""
    actor.require_clinical()
    if not episode_ids:
        return {}
    alerts = DiaryAlert.objects.filter(
        clinic=actor.clinic, episode_id__in=episode_ids, reviewed_at__isnull=True
    ).select_related("last_entry")
    return {a.episode_id: a for a in alerts}


# --- the portal: one verified client ----------------------------------------------------------


def portal_episode(access) -> Episode | None:
    """The episode a between-visits link is for: the link's own, if it is this client's and
    still open; never another client's."""
    episode = access.episode
    if episode is None or episode.client_id != access.client.pk:
        return None
    if episode.status not in (EpisodeStatus.ACTIVE, EpisodeStatus.MAINTENANCE):
        return None
    return episode


def portal_programme_get(access) -> ClientProgramme | None:
    """The client's current home programme, audited as the client's read."""
    episode = portal_episode(access)
    if episode is None:
        return None
    programme = client_programme_build(episode)
    audit_object(
        access.actor,
        AuditAction.READ,
        "home_programme",
        episode,
        {"portal": True, "exercises": len(programme.exercises)},
    )
    return programme


def portal_diary_recent(access, episode: Episode) -> list[DiaryEntry]:
    """The client's own latest entries (newest first), audited as the client's read."""
    if episode.client_id != access.client.pk:
        return []
    entries = list(
        DiaryEntry.objects.filter(clinic_id=episode.clinic_id, episode=episode).order_by(
            "-entry_date"
        )[:PORTAL_RECENT]
    )
    audit_record(
        actor=access.actor,
        action=AuditAction.LIST,
        object_type="diary_entry",
        detail={"episode": str(episode.pk), "count": len(entries), "portal": True},
    )
    return entries
