"""The generic chart builder: valid, accessible, CSP-safe SVG for every shape of data."""

from __future__ import annotations

import re

import pytest

from myomap.charts import Band, Series, Threshold, chart_svg
from tests.charts.svg_helpers import SVG, classes, groups, parse, texts, titles


def _chart(**overrides) -> str:
    arguments = {
        "title": "Pain by session",
        "desc": "Pain went from 7 at session 1 to 3 at session 4.",
        "x_label": "Session",
        "y_label": "NPRS",
        "y_range": (0, 10),
        "series": [Series("Before", [(1, 7), (2, 6), (3, 5), (4, 3)], css="before")],
    }
    return chart_svg(**{**arguments, **overrides})


SHAPES = {
    "several series": {
        "series": [
            Series("Before", [(1, 7), (2, 6), (3, None), (4, 5)], css="before"),
            Series("After", [(1, 5), (2, 4), (3, 2)], css="after", dashed=True, marker="square"),
            Series("Other", [(1, 1), (3, 2)], marker="triangle"),
        ],
        "thresholds": [Threshold(5, "Important"), Threshold(7, "Baseline", css="baseline")],
        "bands": [Band(0.5, 2.5, "Relieve spasm", css="stage-a"), Band(2.5, 3.5, "Lengthen")],
    },
    "no data": {"series": [Series("Before", [])]},
    "no series": {"series": []},
    "only gaps": {"series": [Series("Before", [(1, None), (2, None)])]},
    "one point": {"series": [Series("Before", [(3, 4)])]},
    "bars": {"series": [Series("Count", [(1, 3), (2, 0), (3, 5)], kind="bar", marker="none")]},
    "two bar series": {
        "series": [Series("A", [(1, 3), (2, 1)], kind="bar"), Series("B", [(1, 2)], kind="bar")]
    },
    "no markers": {"series": [Series("Before", [(1, 3), (2, None), (3, 5)], marker="none")]},
    "empty y range": {"y_range": (5, 5)},
    "values off the scale": {"series": [Series("Before", [(1, -3), (2, 14)])]},
}


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_of_data_gives_well_formed_xml(shape):
    root = parse(_chart(**SHAPES[shape]))
    assert root.tag == f"{SVG}svg"


@pytest.mark.parametrize("shape", SHAPES)
def test_no_chart_carries_an_inline_style(shape):
    svg = _chart(**SHAPES[shape])
    assert "style=" not in svg
    assert "<style" not in svg


def test_the_root_is_an_image_labelled_by_its_title_and_description():
    root = parse(_chart(chart_id="pain"))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Pain by session"
    assert desc is not None and desc.text == "Pain went from 7 at session 1 to 3 at session 4."
    assert root.get("aria-labelledby") == "pain-title pain-desc"
    assert (title.get("id"), desc.get("id")) == ("pain-title", "pain-desc")
    assert list(root)[:2] == [title, desc]


def test_the_chart_scales_to_its_container_keeping_the_view_box_aspect():
    root = parse(_chart(width=500, height=200))
    assert root.get("viewBox") == "0 0 500 200"
    assert root.get("width") == "100%"
    assert root.get("height") is None


def test_a_gap_breaks_the_line_into_two_stretches():
    root = parse(_chart(series=[Series("Before", [(1, 7), (2, 6), (3, None), (4, 3), (5, 2)])]))
    paths = [p for p in groups(root, "chart-series")[0].iter(f"{SVG}path")]
    assert len(paths) == 2
    assert all(p.get("d", "").count("L") == 1 for p in paths)
    assert len(groups(root, "chart-point")) == 4


def test_a_point_alone_between_gaps_still_shows_without_a_marker():
    root = parse(_chart(series=[Series("B", [(1, 7), (2, None), (3, 3), (4, 2)], marker="none")]))
    series = groups(root, "chart-series")[0]
    assert len(list(series.iter(f"{SVG}path"))) == 1
    assert len(list(series.iter(f"{SVG}circle"))) == 1


@pytest.mark.parametrize("shape", ["no data", "no series", "only gaps"])
def test_a_chart_without_values_says_no_data_yet_and_has_no_legend(shape):
    root = parse(
        _chart(**SHAPES[shape], thresholds=[Threshold(5, "Line")], bands=[Band(0, 1, "S")])
    )
    assert "No data yet" in texts(root)
    assert groups(root, "chart-legend") == []
    assert groups(root, "chart-threshold") == [] and groups(root, "chart-band") == []
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None


def test_a_single_point_sits_in_the_middle_of_the_plot():
    root = parse(_chart(series=[Series("Before", [(3, 4)])]))
    circle = next(root.iter(f"{SVG}circle"))
    axis = next(groups(root, "chart-axes")[0].iter(f"{SVG}line"))
    left, right = float(axis.get("x1", "nan")), float(axis.get("x2", "nan"))
    assert float(circle.get("cx", "nan")) == pytest.approx((left + right) / 2, abs=0.1)
    assert "3" in texts(groups(root, "chart-axes")[0])


def test_one_x_value_with_a_wider_band_keeps_the_point_inside_the_band():
    root = parse(_chart(series=[Series("Before", [(2, 4)])], bands=[Band(0.5, 4.5, "Stage")]))
    rect = groups(root, "chart-band")[0].find(f"{SVG}rect")
    circle = next(root.iter(f"{SVG}circle"))
    assert rect is not None
    left = float(rect.get("x", "nan"))
    assert left < float(circle.get("cx", "nan")) < left + float(rect.get("width", "nan"))


def test_text_is_escaped_everywhere_and_reads_back_unchanged():
    odd = 'a < b & "c" > d'
    svg = _chart(
        title=odd,
        desc=odd,
        x_label=odd,
        y_label=odd,
        series=[Series(odd, [(1, 2), (2, 3)], css="x")],
        thresholds=[Threshold(5, odd)],
        bands=[Band(0.5, 2.5, odd)],
        x_ticks=[(1, odd), (2, "two")],
        chart_id="c<1>",
    )
    root = parse(svg)
    assert "a < b" not in svg
    assert root.find(f"{SVG}title").text == odd  # type: ignore[union-attr]
    assert texts(root).count(odd) >= 4  # axis labels, legend entries, band label
    assert odd in titles(root)
    assert root.get("id") == "c<1>"


def test_every_series_threshold_and_band_carries_a_class_a_stylesheet_can_use():
    root = parse(_chart(**SHAPES["several series"]))
    assert groups(root, "chart-series-before") and groups(root, "chart-series-after")
    assert groups(root, "chart-mcid") and groups(root, "chart-baseline")
    assert [classes(g) for g in groups(root, "chart-band")] == [
        {"chart-band", "stage-a"},
        {"chart-band", "chart-band-alt"},
    ]
    legend = groups(root, "chart-legend")[0]
    legend_classes = [classes(item) for item in legend]
    assert {"chart-legend-item", "chart-series-before"} <= legend_classes[0]
    assert {"chart-legend-item", "chart-mcid"} <= legend_classes[3]


def test_series_differ_by_dash_pattern_and_marker_shape_not_only_by_colour():
    root = parse(_chart(**SHAPES["several series"]))
    before, after = groups(root, "chart-series-before")[0], groups(root, "chart-series-after")[0]
    before_path, after_path = before.find(f"{SVG}path"), after.find(f"{SVG}path")
    assert before_path is not None and after_path is not None
    assert before_path.get("stroke-dasharray") is None
    assert after_path.get("stroke-dasharray")
    assert list(before.iter(f"{SVG}circle")) and not list(before.iter(f"{SVG}rect"))
    assert list(after.iter(f"{SVG}rect")) and not list(after.iter(f"{SVG}circle"))
    dashes = {g.find(f"{SVG}line").get("stroke-dasharray") for g in groups(root, "chart-threshold")}  # type: ignore[union-attr]
    assert len(dashes) == 2


def test_neighbouring_bands_are_shaded_differently_and_labelled_at_their_top():
    root = parse(_chart(**SHAPES["several series"]))
    first, second = groups(root, "chart-band")
    fills = [band.find(f"{SVG}rect").get("fill") for band in (first, second)]  # type: ignore[union-attr]
    assert fills[0] != fills[1]
    assert texts(first) == ["Relieve spasm"] and texts(second) == ["Lengthen"]
    label_y = float(first.find(f"{SVG}text").get("y", "nan"))  # type: ignore[union-attr]
    grid = groups(root, "chart-grid")[0]
    top_gridline = min(float(line.get("y1", "nan")) for line in grid.iter(f"{SVG}line"))
    assert label_y < top_gridline + 1  # above every data position


def test_a_band_too_narrow_for_its_label_keeps_the_name_in_its_tooltip():
    bands = [Band(x - 0.5, x + 0.5, f"Stage with a long name {x}") for x in range(1, 41)]
    series = [Series("S", [(x, 5) for x in range(1, 41)])]
    root = parse(_chart(series=series, bands=bands))
    band = groups(root, "chart-band")[0]
    assert titles(band) == ["Stage with a long name 1"]
    assert texts(band) == []


def test_the_legend_sits_above_the_plot_not_over_the_data():
    root = parse(_chart(**SHAPES["several series"]))
    legend_bottom = max(
        float(t.get("y", "nan")) for t in groups(root, "chart-legend")[0].iter(f"{SVG}text")
    )
    plot_top = min(float(b.find(f"{SVG}rect").get("y", "nan")) for b in groups(root, "chart-band"))  # type: ignore[union-attr]
    assert legend_bottom < plot_top


def test_a_long_legend_wraps_onto_a_second_row():
    many = [Series(f"A fairly long series name {i}", [(1, i)]) for i in range(6)]
    legend = groups(parse(_chart(series=many)), "chart-legend")[0]
    rows = {float(t.get("y", "nan")) for t in legend.iter(f"{SVG}text")}
    assert len(rows) > 1


def test_a_threshold_off_the_scale_is_left_out_rather_than_drawn_at_the_edge():
    root = parse(_chart(thresholds=[Threshold(-2, "Unreachable"), Threshold(5, "Reachable")]))
    assert [titles(g) for g in groups(root, "chart-threshold")] == [["Reachable"]]
    assert "Unreachable" not in texts(root)


def test_crowded_x_tick_labels_are_thinned_so_none_overlap():
    ticks = [(x, f"Re-assessment {x}") for x in range(1, 21)]
    root = parse(_chart(series=[Series("S", [(x, 5) for x in range(1, 21)])], x_ticks=ticks))
    labels = [t for t in texts(groups(root, "chart-axes")[0])]
    assert "Re-assessment 1" in labels
    assert 1 < len(labels) < 20


def test_default_x_ticks_label_every_session_when_there_is_room_and_round_ones_otherwise():
    few = parse(_chart(series=[Series("S", [(x, 5) for x in range(1, 7)])]))
    assert texts(groups(few, "chart-axes")[0]) == ["1", "2", "3", "4", "5", "6"]
    many = parse(_chart(series=[Series("S", [(x, 5) for x in range(1, 51)])]))
    assert texts(groups(many, "chart-axes")[0])[:3] == ["1", "5", "10"]


def test_a_bar_of_zero_still_shows_as_a_sliver():
    root = parse(_chart(**SHAPES["bars"]))
    heights = [
        float(r.get("height", "nan")) for r in groups(root, "chart-bar")[0].iter(f"{SVG}rect")
    ]
    assert len(heights) == 3 and min(heights) > 0


def test_points_off_the_scale_are_held_at_its_edge():
    root = parse(_chart(**SHAPES["values off the scale"]))
    ys = [float(c.get("cy", "nan")) for c in groups(root, "chart-series")[0].iter(f"{SVG}circle")]
    grid = [
        float(line.get("y1", "nan")) for line in groups(root, "chart-grid")[0].iter(f"{SVG}line")
    ]
    assert ys == [max(grid), min(grid)]


def test_numbers_in_the_markup_have_at_most_two_decimals():
    svg = _chart(**SHAPES["several series"], width=613, height=257)
    numbers = re.findall(r"-?\d+\.\d+", svg)
    assert numbers and all(len(number.split(".")[1]) <= 2 for number in numbers)


def test_the_same_input_always_gives_the_same_markup():
    assert _chart(**SHAPES["several series"]) == _chart(**SHAPES["several series"])
