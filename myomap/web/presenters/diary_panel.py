"""The progress page's "Between visits" panel: the client's diary pain beside the session NPRS
(server-side SVG), adherence to the home programme per week and per entry, the open pain-rise
alert with its review form, and the reminder cadence. Presentation of `diary_for_episode`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from myomap.charts.diary import diary_chart_svg
from myomap.charts.numbers import fmt
from myomap.handouts.dates import date_short_text
from myomap.records.diary.selectors import DiaryOverview, EntryRow
from myomap.records.diary.services import REMINDER_CHOICES
from myomap.records.models import TreatmentSession

ENTRIES_LISTED = 14  # the table lists the latest; the chart and weeks cover all shown
SESSIONS_BEFORE_DAYS = 14  # sessions this long before the first entry still frame the chart


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)} %"


def _day(day) -> str:
    return date_short_text(day)


def _against(row: EntryRow) -> str:
    if row.reference is None:
        return "no session or baseline to compare with"
    change = row.entry.nprs - row.reference.nprs
    sign = "+" if change > 0 else ("±" if change == 0 else "−")
    return f"{sign}{fmt(abs(change))} against {row.reference.label}"


def _entry(row: EntryRow) -> dict[str, Any]:
    entry = row.entry
    return {
        "date": _day(entry.entry_date),
        "nprs": entry.nprs,
        "against": _against(row),
        "raised": row.raised,
        "done": f"{entry.exercises_done} of {entry.exercises_listed}",
        "share": percent(row.share),
        "exercises": [
            {
                "name": item.get("name") or item.get("exercise"),
                "done": item.get("done"),
                "effort": "—" if item.get("effort") is None else f"{item['effort']}/10",
                "pain": "—" if item.get("pain") is None else f"{item['pain']}/10",
            }
            for item in entry.exercises
        ],
        "comment": entry.comment,
    }


def _chart(overview: DiaryOverview, sessions: list[TreatmentSession]) -> dict | None:
    if not overview.rows:
        return None
    first = overview.rows[0].entry.entry_date - timedelta(days=SESSIONS_BEFORE_DAYS)
    diary = [(row.entry.entry_date, row.entry.nprs) for row in overview.rows]
    shown = [(s.seen_on, s.nprs_before) for s in sessions if s.seen_on >= first]
    return {
        "id": "diary-chart",
        "svg": diary_chart_svg(diary, shown),
        "caption": "Diary pain (NPRS 0–10) reported by the client between visits, beside the "
        "pain on arrival at each session.",
        "head": ["Date", "Diary pain", "Session pain on arrival"],
        "rows": [
            [_day(d), *cells]
            for d, cells in sorted(
                [(d, [str(v), "—"]) for d, v in diary] + [(d, ["—", str(v)]) for d, v in shown],
                key=lambda pair: pair[0],
            )
        ],
    }


def diary_panel(overview: DiaryOverview, sessions: list[TreatmentSession]) -> dict[str, Any]:
    latest_first = list(reversed(overview.rows))
    alert = overview.open_alert
    return {
        "overview": overview,
        "chart": _chart(overview, sessions),
        "weeks": [
            {
                "starts": _day(w.starts_on),
                "entries": w.entries,
                "done": f"{w.done} of {w.prescribed}",
                "share": percent(w.share),
                "pain": "—" if w.pain_mean is None else fmt(round(w.pain_mean, 1)),
            }
            for w in reversed(overview.weeks)
        ],
        "entries": [_entry(row) for row in latest_first[:ENTRIES_LISTED]],
        "more_entries": max(0, overview.total - ENTRIES_LISTED),
        "alert": None
        if alert is None
        else {
            "id": str(alert.pk),
            "first": _day(alert.first_entry.entry_date),
            "last": _day(alert.last_entry.entry_date),
            "first_nprs": alert.first_entry.nprs,
            "last_nprs": alert.last_entry.nprs,
            "reference": fmt(float(alert.reference_nprs)),
            "reference_label": alert.reference_label,
            "threshold": fmt(float(alert.threshold)),
        },
        "reviewed": [
            {
                "raised": _day(a.raised_at.date()),
                "by": a.reviewed_by.get_full_name() or a.reviewed_by.get_username()
                if a.reviewed_by
                else "",
                "on": _day(a.reviewed_at.date()) if a.reviewed_at else "",
                "note": a.review_note,
            }
            for a in overview.reviewed_alerts[:5]
        ],
        "threshold": fmt(overview.threshold),
        "reminder_choices": list(REMINDER_CHOICES.items()),
    }
