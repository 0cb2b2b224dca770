"""Today's share of the diary: the open pain-rise alerts of the worklist, in bounded queries
(one for the page window's rows, one for the panel's first few and one count), whatever the
number of entries or clients in the clinic. The alert itself is stored when an entry is saved,
so nothing here grows with the diary."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from myomap.accounts.actor import Actor
from myomap.records.models import DiaryAlert, Episode

PANEL_SHOWN = 10


@dataclass(frozen=True)
class TodayDiaryAlerts:
    shown: list[DiaryAlert]  # oldest first, with episode, client and the entries loaded
    total: int


def diary_alert_words(alert: DiaryAlert) -> tuple[str, str]:
    """(badge text, longer detail) for an open alert."""
    first, last = alert.first_entry, alert.last_entry
    detail = (
        f"Diary pain {first.nprs}/10 on {first.entry_date:%-d %b} and {last.nprs}/10 on "
        f"{last.entry_date:%-d %b}, both at least {alert.threshold:g} above "
        f"{alert.reference_label}, {alert.reference_nprs:g}/10."
    )
    return "Diary: pain up on two entries", detail


def diary_alerts_for_window(*, actor: Actor, episode_ids: list) -> dict:
    """Open alerts of the page window's episodes, by episode id (one query)."""
    if not episode_ids:
        return {}
    alerts = DiaryAlert.objects.filter(
        clinic=actor.clinic, episode_id__in=episode_ids, reviewed_at__isnull=True
    ).select_related("first_entry", "last_entry")
    return {a.episode_id: a for a in alerts}


def diary_alerts_for_worklist(*, actor: Actor, worklist: QuerySet[Episode]) -> TodayDiaryAlerts:
    """The open alerts of the whole worklist (any page), the oldest first."""
    alerts = (
        DiaryAlert.objects.filter(clinic=actor.clinic, reviewed_at__isnull=True)
        .filter(episode__in=worklist.order_by().values("pk"))
        .select_related("episode__client", "first_entry", "last_entry")
        .order_by("raised_at")
    )
    shown = list(alerts[:PANEL_SHOWN])
    total = len(shown) if len(shown) < PANEL_SHOWN else alerts.count()
    return TodayDiaryAlerts(shown=shown, total=total)
