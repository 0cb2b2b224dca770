"""`chart_svg`: a complete, accessible SVG chart as a string — no inline styles (the pages run
under a Content-Security-Policy without 'unsafe-inline'), presentation attributes for looks and a
class on every group so a stylesheet can restyle it. The same string is embedded in web pages and
in PDFs rendered by WeasyPrint; the output depends only on the arguments (snapshot-testable)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from myomap.charts.axes import axes_svg, axis_labels_svg, bands_svg, empty_note_svg, grid_svg
from myomap.charts.elements import group, tag, text
from myomap.charts.layout import (
    FONT_SIZE,
    LEFT,
    LEGEND_ROW,
    LEGEND_SAMPLE,
    PAD,
    Frame,
    LegendEntry,
    legend_rows,
    plot_frame,
    x_extent,
)
from myomap.charts.marks import (
    Look,
    bar_series_svg,
    line_series_svg,
    marker_svg,
    series_class,
    series_look,
    threshold_class,
    threshold_look,
    thresholds_svg,
)
from myomap.charts.model import Band, Series, Threshold
from myomap.charts.numbers import fmt, nice_ticks, scale_ticks

MIN_TICK_SPACING = 24  # below this, one tick per x value would crowd the axis


def chart_svg(
    *,
    title: str,
    desc: str,
    x_label: str,
    y_label: str,
    y_range: tuple[float, float],
    series: Sequence[Series],
    thresholds: Sequence[Threshold] = (),
    bands: Sequence[Band] = (),
    x_ticks: Sequence[tuple[float, str]] | None = None,
    y_ticks: Sequence[float] | None = None,
    width: int = 640,
    height: int = 260,
    chart_id: str = "chart",
) -> str:
    """An SVG chart of `series` over `y_range`, with a legend (series, then thresholds), axis
    labels, gridlines and labelled `bands`. With no values at all it shows "No data yet".
    `title` and `desc` are what a screen reader announces; `desc` should say what the data
    show in words. `chart_id` must be unique on the page (it prefixes the element ids)."""
    has_data = any(s.present() for s in series)
    low, high = sorted(y_range)
    # A threshold off the scale is left out rather than drawn at the edge, where it would lie.
    lines = [t for t in thresholds if has_data and low <= t.value <= high]
    marked = [(line, threshold_look(index, line)) for index, line in enumerate(lines)]
    looks = [series_look(index, s) for index, s in enumerate(series)]
    entries = _legend_entries(series, looks, marked) if has_data else []
    rows = legend_rows(entries, width - LEFT - PAD)
    shown_bands = list(bands) if has_data else []
    ticks = list(x_ticks) if x_ticks is not None else _default_x_ticks(series, width)
    frame = _frame(width, height, len(rows), series, ticks, shown_bands, (low, high))
    body = [
        bands_svg(frame, shown_bands),
        grid_svg(frame, y_ticks if y_ticks is not None else scale_ticks(frame.y_low, frame.y_high)),
        axes_svg(frame, ticks),
        axis_labels_svg(frame, x_label=x_label, y_label=y_label, height=height),
    ]
    if has_data:
        named = dict(x_ticks) if x_ticks is not None else {}  # default ticks are bare numbers
        body += [
            thresholds_svg(frame, marked),
            _series_svg(frame, series, looks, named, x_label),
            _legend_svg(rows),
        ]
    else:
        body.append(empty_note_svg(frame))
    return _root(title=title, desc=desc, chart_id=chart_id, width=width, height=height, body=body)


def _frame(
    width: int,
    height: int,
    legend_rows: int,
    series: Sequence[Series],
    ticks: Sequence[tuple[float, str]],
    bands: Sequence[Band],
    y_range: tuple[float, float],
) -> Frame:
    return plot_frame(
        width=width,
        height=height,
        legend_rows=legend_rows,
        has_bands=bool(bands),
        tick_lines=max((label.count("\n") + 1 for _, label in ticks), default=1),
        x_range=x_extent(series, [position for position, _ in ticks], bands),
        y_range=y_range,
    )


def _root(*, title: str, desc: str, chart_id: str, width: int, height: int, body: list[str]) -> str:
    ids = {"title": f"{chart_id}-title", "desc": f"{chart_id}-desc"}
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {width} {height}",
        "width": "100%",
        "preserveAspectRatio": "xMidYMid meet",
        "role": "img",
        "aria-labelledby": f"{ids['title']} {ids['desc']}",
        "class": "chart",
        "id": chart_id,
        "font-family": "sans-serif",
        "font-size": FONT_SIZE,
    }
    heading = [
        tag("title", {"id": ids["title"]}, text(title)),
        tag("desc", {"id": ids["desc"]}, text(desc)),
    ]
    return tag("svg", attrs, "\n".join(heading + [part for part in body if part]))


def _default_x_ticks(series: Sequence[Series], width: int) -> list[tuple[float, str]]:
    """A tick at every x value when they have room, otherwise round values plus the first."""
    positions = sorted({x for s in series for x, _ in s.points})
    if not positions:
        return []
    fits = (width - LEFT) / len(positions) >= MIN_TICK_SPACING
    if not fits:
        ticks = nice_ticks(
            positions[0], positions[-1], int((width - LEFT) // (MIN_TICK_SPACING * 2))
        )
        step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
        first = [positions[0]] if ticks[0] - positions[0] >= step / 2 else []
        positions = first + ticks
    return [(position, fmt(position)) for position in positions]


def _series_svg(
    frame: Frame,
    series: Sequence[Series],
    looks: Sequence[Look],
    tick_labels: dict[float, str],
    x_label: str,
) -> str:
    bars = [s for s in series if s.kind == "bar"]
    parts = []
    for s, look in zip(series, looks, strict=True):

        def describe(x: float, y: float, label: str = s.label) -> str:
            where = tick_labels.get(x, "").replace("\n", " ") or f"{x_label} {fmt(x)}"
            return f"{label} — {where}: {fmt(y)}"

        if s.kind == "bar":
            parts.append(bar_series_svg(frame, s, look, describe, (bars.index(s), len(bars))))
        else:
            parts.append(line_series_svg(frame, s, look, describe))
    return "\n".join(parts)


def _legend_entries(
    series: Sequence[Series],
    looks: Sequence[Look],
    thresholds: Sequence[tuple[Threshold, Look]],
) -> list[LegendEntry]:
    entries = [_series_entry(s, look) for s, look in zip(series, looks, strict=True)]
    for threshold, look in thresholds:
        entries.append(LegendEntry(threshold.label, threshold_class(threshold), _line_key(look)))
    return entries


def _series_entry(series: Series, look: Look) -> LegendEntry:
    if series.kind == "bar":

        def bar_key(x: float, y: float) -> str:
            box = {"x": x + 6, "y": y - 6, "width": 14, "height": 12}
            return tag("rect", {**box, "fill": look.colour, "stroke": look.colour})

        return LegendEntry(series.label, series_class(series), bar_key)
    line_key = _line_key(look, width="2")

    def key(x: float, y: float) -> str:
        return line_key(x, y) + marker_svg(series.marker, x + LEGEND_SAMPLE / 2, y, look)

    return LegendEntry(series.label, series_class(series), key)


def _line_key(look: Look, width: str = "1.5") -> Callable[[float, float], str]:
    def key(x: float, y: float) -> str:
        line = {"x1": x, "x2": x + LEGEND_SAMPLE, "y1": y, "y2": y, "stroke": look.colour}
        return tag("line", {**line, "stroke-width": width, "stroke-dasharray": look.dash})

    return key


def _legend_svg(rows: list[list[tuple[float, LegendEntry]]]) -> str:
    items = []
    for row_index, row in enumerate(rows):
        y = PAD + row_index * LEGEND_ROW + LEGEND_ROW / 2
        for offset, entry in row:
            x = LEFT + offset
            label = tag("text", {"x": x + LEGEND_SAMPLE + 5, "y": y + 4}, text(entry.label))
            items.append(group(f"chart-legend-item {entry.css_class}", [entry.key(x, y), label]))
    return group("chart-legend", items)
