"""The client's diary between visits, judged: the pain-rise rule and home-programme adherence.
Pure Python over plain values; the records layer loads the rows and stores the results.

Pain-rise rule (docs/clinical-rules.md, diary): a diary entry is *raised* when its NPRS is at
least the NPRS minimal important change (the KB's NPRS MCID, 2 points, OSTELO-2008) above its
reference — the pain on arrival at the latest treatment session on or before the entry's day,
or, before the first session, the baseline NPRS of the plan in force. Two consecutive entries
(no entry between them) that are both raised against the same reference raise the alert. One
raised day is not enough: pain varies from day to day, and a single reading is not a trend.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from myomap.clinical.kb import get_kb

NPRS_MCID_FALLBACK = 2  # OSTELO-2008; used only when the KB's NPRS entry gives none
ENTRIES_FOR_ALERT = 2


def pain_rise_threshold() -> float:
    """Points above the reference that make an entry raised: the KB's NPRS MCID."""
    entry = get_kb().instruments.get("nprs")
    if entry and entry.mcid and entry.mcid.absolute is not None:
        return float(entry.mcid.absolute)
    return float(NPRS_MCID_FALLBACK)


@dataclass(frozen=True)
class DiaryPoint:
    """One diary entry as the rule sees it. `reference_key` names the reading it is judged
    against (a session number, or "plan"); None when there is nothing to judge it against."""

    key: Hashable
    on: date
    nprs: int
    reference: float | None
    reference_key: Hashable | None


def is_raised(point: DiaryPoint, threshold: float) -> bool:
    """NPRS at least `threshold` above the reference (inclusive, as the change rules are)."""
    return point.reference is not None and point.nprs - point.reference >= threshold


def rising_runs(points: Sequence[DiaryPoint], threshold: float) -> list[tuple[DiaryPoint, ...]]:
    """Every run of `ENTRIES_FOR_ALERT` consecutive entries (ordered by day) that are all raised
    against one reference. Entries in any order; each day appears once."""
    ordered = sorted(points, key=lambda p: p.on)
    runs = []
    for index in range(len(ordered) - ENTRIES_FOR_ALERT + 1):
        run = tuple(ordered[index : index + ENTRIES_FOR_ALERT])
        same_reference = len({p.reference_key for p in run}) == 1
        if same_reference and all(is_raised(p, threshold) for p in run):
            runs.append(run)
    return runs


def new_rising_run(
    points: Sequence[DiaryPoint], new_key: Hashable, threshold: float
) -> tuple[DiaryPoint, ...] | None:
    """The latest rising run that contains the entry just saved (`new_key`), or None. Only runs
    with the new entry are new: older runs were judged when their own entries were saved."""
    found = [run for run in rising_runs(points, threshold) if any(p.key == new_key for p in run)]
    return found[-1] if found else None


# --- adherence ------------------------------------------------------------------------------


def adherence_share(done: int, prescribed: int) -> float | None:
    """The share (0-1) of the programme's exercises done; None when none were prescribed."""
    if prescribed <= 0:
        return None
    return min(done, prescribed) / prescribed


@dataclass(frozen=True)
class WeekSummary:
    starts_on: date  # the Monday
    entries: int
    done: int
    prescribed: int
    pain_mean: float | None

    @property
    def share(self) -> float | None:
        return adherence_share(self.done, self.prescribed)


def weekly_summaries(entries: Sequence[tuple[date, int, int, int]]) -> list[WeekSummary]:
    """Per calendar week (Monday to Sunday), oldest first, from (day, nprs, done, prescribed):
    exercises done over exercises listed across the week's entries, and the mean diary NPRS."""
    weeks: dict[date, list[tuple[date, int, int, int]]] = {}
    for entry in entries:
        monday = entry[0] - timedelta(days=entry[0].weekday())
        weeks.setdefault(monday, []).append(entry)
    summaries = []
    for monday in sorted(weeks):
        rows = weeks[monday]
        pains = [nprs for _, nprs, _, _ in rows]
        summaries.append(
            WeekSummary(
                starts_on=monday,
                entries=len(rows),
                done=sum(done for _, _, done, _ in rows),
                prescribed=sum(prescribed for _, _, _, prescribed in rows),
                pain_mean=sum(pains) / len(pains) if pains else None,
            )
        )
    return summaries
