"""The progress charts: NPRS by session with stages, ODI / RMDQ / PSFS by assessment, and
confirmed trigger points by session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from myomap.charts import (
    Band,
    measure_chart_svg,
    nprs_chart_svg,
    stage_bands,
    trigger_point_chart_svg,
)
from tests.charts.svg_helpers import SVG, gridline_y, groups, parse, texts, threshold_y, titles

SNAPSHOTS = Path(__file__).parent / "data"
STAGE_LABELS = {"relieve_spasm": "Relieve spasm", "restore_length": "Restore length"}


def _session(number, before, after=None, stage=None):
    return {"number": number, "nprs_before": before, "nprs_after": after, "stage": stage}


COURSE = [
    _session(1, 7, 5, "relieve_spasm"),
    _session(2, 6, 4, "relieve_spasm"),
    _session(3, 6, None, "relieve_spasm"),
    _session(4, 5, 3, "restore_length"),
    _session(5, 4, 2, "restore_length"),
    _session(6, 3, 2, "strengthen"),
]


def _desc(svg: str) -> str:
    desc = parse(svg).find(f"{SVG}desc")
    assert desc is not None and desc.text
    return desc.text


def test_the_nprs_chart_draws_the_baseline_and_the_important_improvement_line_at_5_from_7():
    root = parse(nprs_chart_svg(COURSE, baseline=7, stage_labels=STAGE_LABELS))
    assert titles(groups(root, "chart-baseline")[0]) == ["Baseline 7"]
    assert titles(groups(root, "chart-mcid")[0]) == ["Important improvement (≤ 5)"]
    assert threshold_y(root, "chart-baseline") == pytest.approx(
        (gridline_y(root, "6") + gridline_y(root, "8")) / 2
    )
    assert threshold_y(root, "chart-mcid") == pytest.approx(
        (gridline_y(root, "4") + gridline_y(root, "6")) / 2
    )
    assert "Baseline 7" in texts(root) and "Important improvement (≤ 5)" in texts(root)


def test_from_an_nprs_baseline_of_4_the_line_is_drawn_at_2_8():
    root = parse(nprs_chart_svg(COURSE, baseline=4, stage_labels=STAGE_LABELS))
    assert titles(groups(root, "chart-mcid")[0]) == ["Important improvement (≤ 2.8)"]
    two, four = gridline_y(root, "2"), gridline_y(root, "4")
    assert threshold_y(root, "chart-mcid") == pytest.approx(two + (four - two) * 0.4, abs=0.1)


def test_the_nprs_description_says_in_words_how_pain_went():
    desc = _desc(nprs_chart_svg(COURSE, baseline=7, stage_labels=STAGE_LABELS))
    assert "NPRS before treatment went from 7 at session 1 to 3 at session 6." in desc
    assert "NPRS after treatment went from 5 at session 1 to 2 at session 6." in desc
    assert "Baseline 7: an improvement is clinically important at 5 or less." in desc
    assert (
        "Relieve spasm (sessions 1–3), Restore length (sessions 4–5), strengthen (session 6)"
        in desc
    )


def test_before_treatment_is_solid_with_circles_and_after_is_dashed_with_squares():
    root = parse(nprs_chart_svg(COURSE, baseline=7, stage_labels=STAGE_LABELS))
    before, after = groups(root, "chart-series-before")[0], groups(root, "chart-series-after")[0]
    assert [p.get("stroke-dasharray") for p in before.iter(f"{SVG}path")] == [None]
    assert all(p.get("stroke-dasharray") for p in after.iter(f"{SVG}path"))
    assert len(list(before.iter(f"{SVG}circle"))) == 6
    assert len(list(after.iter(f"{SVG}rect"))) == 5  # session 3 has no after value: a gap


def test_without_a_baseline_session_one_stands_in_as_in_the_progress_engine():
    root = parse(nprs_chart_svg(COURSE, baseline=None, stage_labels=STAGE_LABELS))
    assert titles(groups(root, "chart-baseline")[0]) == ["Baseline 7 (session 1)"]
    assert titles(groups(root, "chart-mcid")[0]) == ["Important improvement (≤ 5)"]


def test_from_an_nprs_baseline_of_0_no_improvement_line_is_drawn_and_the_text_says_why():
    svg = nprs_chart_svg([_session(1, 0)], baseline=0, stage_labels={})
    assert groups(parse(svg), "chart-mcid") == []
    assert "no value on the scale is a clinically important improvement" in _desc(svg)


def test_consecutive_sessions_in_one_stage_form_one_band_half_a_session_wide_at_each_end():
    assert stage_bands(COURSE, STAGE_LABELS) == [
        Band(0.5, 3.5, "Relieve spasm", css="stage-relieve_spasm"),
        Band(3.5, 5.5, "Restore length", css="stage-restore_length"),
        Band(5.5, 6.5, "strengthen", css="stage-strengthen"),
    ]


def test_a_stage_returned_to_later_gets_a_band_of_its_own():
    sessions = [_session(1, 5, stage="a"), _session(2, 5, stage="b"), _session(3, 5, stage="a")]
    assert [(b.start, b.end, b.label) for b in stage_bands(sessions, {})] == [
        (0.5, 1.5, "a"),
        (1.5, 2.5, "b"),
        (2.5, 3.5, "a"),
    ]


def test_a_session_without_a_stage_ends_a_band_and_has_none_of_its_own():
    sessions = [_session(1, 5, stage="a"), _session(2, 5), _session(3, 5, stage="a")]
    assert [(b.start, b.end) for b in stage_bands(sessions, {})] == [(0.5, 1.5), (2.5, 3.5)]


def test_stage_bands_are_drawn_with_their_stage_class():
    root = parse(nprs_chart_svg(COURSE, baseline=7, stage_labels=STAGE_LABELS))
    assert len(groups(root, "chart-band")) == 3
    assert groups(root, "stage-relieve_spasm")[0].get("class") == "chart-band stage-relieve_spasm"


def test_an_nprs_chart_with_no_sessions_says_no_data_yet():
    svg = nprs_chart_svg([], baseline=6, stage_labels={})
    assert "No data yet" in texts(parse(svg))
    assert _desc(svg) == "No sessions with an NPRS recorded yet."


def test_an_nprs_chart_of_one_session_is_complete():
    root = parse(nprs_chart_svg(COURSE[:1], baseline=None, stage_labels=STAGE_LABELS))
    assert len(list(groups(root, "chart-series-before")[0].iter(f"{SVG}circle"))) == 1
    assert len(groups(root, "chart-band")) == 1


def test_stage_labels_are_escaped():
    svg = nprs_chart_svg(COURSE[:2], baseline=7, stage_labels={"relieve_spasm": "Spasm <acute>"})
    assert "<acute>" not in svg
    assert "Spasm <acute>" in texts(parse(svg))


def test_an_nprs_chart_of_fifty_sessions_draws_every_session():  # build time: bench/
    stages = ["relieve_spasm", "restore_length", "strengthen"]
    sessions = [
        _session(n, (n * 7) % 11, None if n % 9 == 0 else n % 5, stages[min(2, n // 17)])
        for n in range(1, 51)
    ]
    svg = nprs_chart_svg(sessions, baseline=8, stage_labels=STAGE_LABELS)
    assert "50" in texts(parse(svg))


ODI = [("Initial 3 Nov", 36), ("Re-assessment 1 · 17 Nov", 30), ("Re-assessment 2 · 1 Dec", 22)]


def test_the_odi_chart_runs_0_to_100_with_the_line_10_points_below_the_first_value():
    root = parse(measure_chart_svg("odi", ODI, chart_id="odi"))
    assert root.find(f"{SVG}title").text == "Oswestry Disability Index (%)"  # type: ignore[union-attr]
    assert texts(groups(root, "chart-grid")[0]) == ["0", "20", "40", "60", "80", "100"]
    # 36 − 10 = 26 against 36 × 0.7 = 25.2: the easier one, 26, is drawn.
    assert titles(groups(root, "chart-mcid")[0]) == ["Important improvement (≤ 26)"]
    assert root.get("aria-labelledby") == "odi-title odi-desc"


def test_measure_labels_become_ticks_broken_at_the_middle_dot():
    axes = texts(groups(parse(measure_chart_svg("odi", ODI, chart_id="odi")), "chart-axes")[0])
    assert axes == ["Initial 3 Nov", "Re-assessment 1", "17 Nov", "Re-assessment 2", "1 Dec"]


def test_the_odi_description_names_the_direction_and_the_line():
    desc = _desc(measure_chart_svg("odi", ODI, chart_id="odi"))
    assert desc == (
        "ODI went from 36 at Initial 3 Nov to 22 at Re-assessment 2 · 1 Dec. Lower is better. "
        "From the first value, 36, an improvement is clinically important at 26 or less."
    )


def test_the_rmdq_scale_is_labelled_up_to_its_top_of_24():
    root = parse(measure_chart_svg("rmdq", [("Initial", 14)], chart_id="rmdq"))
    assert texts(groups(root, "chart-grid")[0]) == ["0", "4", "8", "12", "16", "20", "24"]
    assert titles(groups(root, "chart-mcid")[0]) == ["Important improvement (≤ 9.8)"]


def test_the_psfs_chart_says_higher_is_better_and_draws_its_line_above_the_first_value():
    svg = measure_chart_svg("psfs", [("Initial", 4), ("Re-assessment 1", 6)], chart_id="psfs")
    assert "Higher is better." in _desc(svg)
    # 4 + 2 = 6 against 4 × 1.3 = 5.2: either suffices, so the line is at the easier 5.2.
    assert titles(groups(parse(svg), "chart-mcid")[0]) == ["Important improvement (≥ 5.2)"]


def test_a_psfs_line_beyond_the_scale_is_not_drawn():
    svg = measure_chart_svg("psfs", [("Initial", 9.5)], chart_id="psfs")
    assert groups(parse(svg), "chart-mcid") == []


def test_a_measure_chart_without_scores_says_no_data_yet():
    svg = measure_chart_svg("rmdq", [], chart_id="rmdq")
    assert "No data yet" in texts(parse(svg))
    assert _desc(svg) == "No RMDQ scores recorded yet. Lower is better."


def test_an_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="measure must be one of"):
        measure_chart_svg("fabq", [("Initial", 3)], chart_id="x")  # type: ignore[arg-type]


def test_trigger_point_bars_stand_on_a_scale_of_at_least_three():
    low = parse(trigger_point_chart_svg([(1, 1), (2, 0)]))
    assert texts(groups(low, "chart-grid")[0]) == ["0", "1", "2", "3"]
    high = parse(trigger_point_chart_svg([(1, 7), (2, 4)]))
    assert texts(groups(high, "chart-grid")[0]) == ["0", "2", "4", "6"]
    bars = groups(high, "chart-bar")[0]
    assert len(list(bars.iter(f"{SVG}rect"))) == 2


def test_the_trigger_point_description_says_how_the_count_went():
    desc = _desc(trigger_point_chart_svg([(1, 6), (3, 4), (5, 2)]))
    assert desc == "Confirmed trigger points went from 6 at session 1 to 2 at session 5."


def test_a_trigger_point_chart_without_counts_says_no_data_yet():
    svg = trigger_point_chart_svg([])
    assert "No data yet" in texts(parse(svg))


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("nprs_chart.svg", lambda: nprs_chart_svg(COURSE, baseline=7, stage_labels=STAGE_LABELS)),
        ("odi_chart.svg", lambda: measure_chart_svg("odi", ODI, chart_id="odi")),
    ],
)
def test_the_charts_match_their_reviewed_snapshots(name, build):
    """A change to the drawing shows up here: look at the new chart (open the .svg in a
    browser), then refresh the snapshots with MYOMAP_UPDATE_SNAPSHOTS=1."""
    snapshot = SNAPSHOTS / name
    if os.environ.get("MYOMAP_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(build() + "\n", encoding="utf-8")
    assert build() + "\n" == snapshot.read_text(encoding="utf-8")
