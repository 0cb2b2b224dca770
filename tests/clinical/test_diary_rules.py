"""The diary's pain-rise rule and adherence, at their boundaries (docs/clinical-rules.md, diary)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from myomap.clinical.diary import (
    DiaryPoint,
    adherence_share,
    is_raised,
    new_rising_run,
    pain_rise_threshold,
    rising_runs,
    weekly_summaries,
)

DAY = date(2026, 11, 2)  # a Monday


def points(*values, reference=4.0, key="session-1", start=DAY):
    """Diary points on consecutive days; a value None leaves the day out."""
    return [
        DiaryPoint(key=i, on=start + timedelta(days=i), nprs=v, reference=reference,
                   reference_key=key)
        for i, v in enumerate(values) if v is not None
    ]  # fmt: skip


def test_the_threshold_is_the_kb_nprs_minimal_important_change():
    assert pain_rise_threshold() == 2


@pytest.mark.parametrize(
    ("values", "alert"),
    [
        ((6, 6), True),  # exactly +2 twice: inclusive
        ((7, 9), True),
        ((5, 6), False),  # +1 then +2: one raised entry is not two
        ((6, 5), False),
        ((6, 5, 6), False),  # raised, not raised, raised: not consecutive
        ((6,), False),  # a single entry never alerts
        ((5, 5, 5, 5), False),  # +1 every day stays below
    ],
)
def test_two_consecutive_entries_each_two_above_the_reference_raise_it(values, alert):
    assert bool(rising_runs(points(*values), 2)) is alert


def test_days_without_an_entry_do_not_break_a_run_of_entries():
    # Entries on day 0 and day 3 are consecutive entries: the client wrote nothing between.
    assert rising_runs(points(6, None, None, 7), 2)


def test_entries_judged_against_different_visits_do_not_pair():
    first = DiaryPoint(key="a", on=DAY, nprs=6, reference=4, reference_key="session-1")
    second = DiaryPoint(key="b", on=DAY + timedelta(days=1), nprs=8, reference=6,
                        reference_key="session-2")  # fmt: skip
    assert not rising_runs([first, second], 2)


def test_no_reference_means_nothing_is_judged():
    assert not is_raised(DiaryPoint(key=1, on=DAY, nprs=10, reference=None, reference_key=None), 2)


def test_a_reference_of_nine_cannot_be_exceeded_by_two():
    assert not rising_runs(points(10, 10, reference=9.0), 2)


def test_only_a_run_with_the_new_entry_is_new():
    run_points = points(6, 6, 6)
    assert new_rising_run(run_points, 2, 2) is not None
    assert new_rising_run(run_points[:2], 0, 2) is not None
    later = points(6, 6, 3, 3)
    assert new_rising_run(later, 3, 2) is None


@pytest.mark.parametrize(
    ("done", "listed", "share"), [(0, 3, 0), (2, 4, 0.5), (3, 3, 1), (0, 0, None), (5, 3, 1)]
)
def test_adherence_is_done_over_listed(done, listed, share):
    assert adherence_share(done, listed) == share


def test_weeks_run_monday_to_sunday_and_sum_exercises_across_entries():
    sunday, monday = DAY + timedelta(days=6), DAY + timedelta(days=7)
    weeks = weekly_summaries([(DAY, 4, 1, 2), (sunday, 6, 2, 2), (monday, 3, 0, 0)])
    assert [w.starts_on for w in weeks] == [DAY, monday]
    assert (weeks[0].entries, weeks[0].done, weeks[0].prescribed) == (2, 3, 4)
    assert weeks[0].share == 0.75 and weeks[0].pain_mean == 5
    assert weeks[1].share is None  # no exercises listed that week
