"""The chart's furniture: shaded bands, gridlines, axes with their ticks and labels, and the
note shown when there is nothing to plot."""

from __future__ import annotations

from collections.abc import Sequence

from myomap.charts.elements import group, tag, text, tooltip
from myomap.charts.layout import FONT_SIZE, PAD, SMALL_FONT_SIZE, TICK_LENGTH, TICK_LINE, Frame
from myomap.charts.model import Band
from myomap.charts.numbers import fmt, text_width, truncate_to_width

AXIS = "#444444"
GRID = "#dddddd"
# Two shades, alternating, so neighbouring bands stay apart on screen and in greyscale print.
BAND_FILLS = ("#e3eaf1", "#f3f5f7")
TICK_LABEL_GAP = 6  # keeps neighbouring x tick labels from touching


def bands_svg(frame: Frame, bands: Sequence[Band]) -> str:
    return "".join(_band_svg(frame, band, index % 2 == 1) for index, band in enumerate(bands))


def _band_svg(frame: Frame, band: Band, alternate: bool) -> str:
    left, right = sorted((frame.x(band.start), frame.x(band.end)))
    left, right = max(left, frame.left), min(right, frame.right)
    parts = ("chart-band", band.css, "chart-band-alt" if alternate else "")
    css = " ".join(part for part in parts if part)
    shade = {"x": left, "y": frame.band_top, "width": right - left}
    children = [
        tooltip(band.label),
        tag(
            "rect",
            {**shade, "height": frame.bottom - frame.band_top, "fill": BAND_FILLS[alternate]},
        ),
    ]
    # A narrow band keeps its full name in the tooltip and in the chart's description.
    label = truncate_to_width(band.label, SMALL_FONT_SIZE, right - left - 4)
    if label:
        where = {"x": (left + right) / 2, "y": frame.band_top + 11, "text-anchor": "middle"}
        children.append(tag("text", {**where, "font-size": SMALL_FONT_SIZE}, text(label)))
    return group(css, children)


def grid_svg(frame: Frame, y_ticks: Sequence[float]) -> str:
    """Horizontal gridlines with their values at the left."""
    children = []
    for value in y_ticks:
        if not frame.y_low <= value <= frame.y_high:
            continue
        y = frame.y(value)
        line = {"x1": frame.left, "x2": frame.right, "y1": y, "y2": y}
        children.append(tag("line", {**line, "stroke": GRID, "stroke-width": 1}))
        where = {"x": frame.left - 6, "y": y + 3.5, "text-anchor": "end"}
        children.append(tag("text", {**where, "font-size": SMALL_FONT_SIZE}, text(fmt(value))))
    return group("chart-grid", children)


def axes_svg(frame: Frame, x_ticks: Sequence[tuple[float, str]]) -> str:
    """The two axis lines and the x ticks; x tick labels may hold line breaks ("\\n")."""
    corner = {"x1": frame.left, "y1": frame.bottom}
    children = [
        tag("line", {**corner, "x2": frame.right, "y2": frame.bottom, "stroke": AXIS}),
        tag("line", {**corner, "x2": frame.left, "y2": frame.top, "stroke": AXIS}),
    ]
    for position, _ in x_ticks:
        x = frame.x(position)
        mark = {"x1": x, "x2": x, "y1": frame.bottom, "y2": frame.bottom + TICK_LENGTH}
        children.append(tag("line", {**mark, "stroke": AXIS}))
    children.extend(_x_tick_labels(frame, x_ticks))
    return group("chart-axes", children)


def _x_tick_labels(frame: Frame, x_ticks: Sequence[tuple[float, str]]) -> list[str]:
    """Labels left to right, skipping any that would overlap the last one drawn."""
    labels: list[str] = []
    drawn_to = float("-inf")
    for position, label in sorted(x_ticks):
        lines = label.split("\n")
        half = max(text_width(line, SMALL_FONT_SIZE) for line in lines) / 2
        x = frame.x(position)
        if x - half < drawn_to + TICK_LABEL_GAP:
            continue
        drawn_to = x + half
        for row, line in enumerate(lines):
            y = frame.bottom + TICK_LENGTH + 12 + row * TICK_LINE
            where = {"x": x, "y": y, "text-anchor": "middle", "font-size": SMALL_FONT_SIZE}
            labels.append(tag("text", where, text(line)))
    return labels


def axis_labels_svg(frame: Frame, *, x_label: str, y_label: str, height: int) -> str:
    middle_y = (frame.top + frame.bottom) / 2
    x_where = {"x": (frame.left + frame.right) / 2, "y": height - PAD - 2, "text-anchor": "middle"}
    y_where = {"x": 14, "y": middle_y, "text-anchor": "middle"}
    return group(
        "chart-axis-labels",
        [
            tag("text", {**x_where, "class": "chart-x-label"}, text(x_label)),
            tag(
                "text",
                {
                    **y_where,
                    "transform": f"rotate(-90 14 {fmt(middle_y, 1)})",
                    "class": "chart-y-label",
                },
                text(y_label),
            ),
        ],
        **{"font-size": FONT_SIZE},
    )


def empty_note_svg(frame: Frame) -> str:
    where = {"x": (frame.left + frame.right) / 2, "y": (frame.top + frame.bottom) / 2 + 4}
    return tag(
        "text",
        {
            **where,
            "text-anchor": "middle",
            "font-size": 13,
            "fill": "#666666",
            "class": "chart-empty",
        },
        text("No data yet"),
    )
