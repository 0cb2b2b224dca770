"""The data: lines with markers, bars, and threshold lines. Series differ by dash pattern and
marker shape as well as colour, so a greyscale print still tells them apart."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from myomap.charts.elements import group, tag, tooltip
from myomap.charts.layout import SMALL_FONT_SIZE, Frame
from myomap.charts.model import Marker, Series, Threshold, is_value
from myomap.charts.numbers import fmt

# Dark enough to read on white, and of different lightness so greyscale keeps them apart.
SERIES_COLOURS = ("#1f4e79", "#c05a00", "#5b3a8c", "#2f6b3a")
SERIES_DASH = "6 4"
# Threshold lines by purpose; other thresholds take the fallback in turn.
THRESHOLD_STYLES = {"mcid": ("#2e7d32", "8 4"), "baseline": ("#666666", "2 3")}
THRESHOLD_FALLBACK = (("#8a5a00", "5 2 1 2"), ("#7a1f5c", "1 3"))
MARKER_SIZE = 3.6
LABEL_SPACING = 11  # keeps threshold value labels on the right from overlapping

Describe = Callable[[float, float], str]  # (x, y) → words for the point's tooltip


@dataclass(frozen=True)
class Look:
    colour: str
    dash: str | None
    hollow: bool  # dashed series get hollow markers: one more cue that is not colour


def series_look(index: int, series: Series) -> Look:
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    return Look(colour, SERIES_DASH if series.dashed else None, series.dashed)


def series_class(series: Series) -> str:
    extra = f" chart-series-{series.css}" if series.css else ""
    return f"chart-series chart-{series.kind}{extra}"


def threshold_look(index: int, threshold: Threshold) -> Look:
    fallback = THRESHOLD_FALLBACK[index % len(THRESHOLD_FALLBACK)]
    colour, dash = THRESHOLD_STYLES.get(threshold.css, fallback)
    return Look(colour, dash, False)


def threshold_class(threshold: Threshold) -> str:
    return f"chart-threshold chart-{threshold.css}" if threshold.css else "chart-threshold"


def marker_svg(shape: Marker, x: float, y: float, look: Look, size: float = MARKER_SIZE) -> str:
    """One marker centred on (x, y); "none" draws nothing."""
    paint = {"fill": "#ffffff" if look.hollow else look.colour, "stroke": look.colour}
    paint["stroke-width"] = "1.5"
    if shape == "circle":
        return tag("circle", {"cx": x, "cy": y, "r": size, **paint})
    if shape == "square":
        side = size * 1.8
        return tag(
            "rect", {"x": x - side / 2, "y": y - side / 2, "width": side, "height": side, **paint}
        )
    if shape == "triangle":
        tip, base, half = y - size * 1.2, y + size * 0.9, size * 1.1
        points = f"M{fmt(x, 1)} {fmt(tip, 1)}L{fmt(x + half, 1)} {fmt(base, 1)}"
        return tag("path", {"d": f"{points}L{fmt(x - half, 1)} {fmt(base, 1)}Z", **paint})
    return ""


def _runs(points: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """Stretches of consecutive points with values; a gap (None) ends a stretch."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if is_value(y):
            runs[-1].append((x, y))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def line_series_svg(frame: Frame, series: Series, look: Look, describe: Describe) -> str:
    children = []
    dash = {"stroke-dasharray": look.dash}
    for run in _runs(series.points):
        if len(run) > 1:
            d = "".join(
                f"{'L' if i else 'M'}{fmt(frame.x(x), 1)} {fmt(frame.y(y), 1)}"
                for i, (x, y) in enumerate(run)
            )
            stroke = {"fill": "none", "stroke": look.colour, "stroke-width": "2", **dash}
            children.append(tag("path", {"d": d, **stroke}))
        elif series.marker == "none":  # an isolated point with no marker would be invisible
            x, y = run[0]
            children.append(marker_svg("circle", frame.x(x), frame.y(y), look, size=2.5))
    for x, y in series.present():
        shape = marker_svg(series.marker, frame.x(x), frame.y(y), look)
        if shape:
            children.append(group("chart-point", [tooltip(describe(x, y)), shape]))
    return group(series_class(series), children)


def bar_series_svg(
    frame: Frame, series: Series, look: Look, describe: Describe, slot: tuple[int, int]
) -> str:
    """Bars centred on their x, or side by side when `slot` = (this one, of how many) > 1."""
    index, count = slot
    width = frame.step_width() * 0.6 / count
    base_value = min(max(0.0, frame.y_low), frame.y_high)
    base = frame.y(base_value)
    children = []
    for x, y in series.present():
        left = frame.x(x) - width * count / 2 + width * index
        top = frame.y(y)
        # A zero still shows as a sliver: "none found" differs from "not recorded".
        height = max(abs(base - top), 1.5)
        box = {"x": left, "y": min(top, base - 1.5), "width": width, "height": height}
        rect = tag("rect", {**box, "fill": look.colour, "stroke": look.colour})
        children.append(group("chart-point", [tooltip(describe(x, y)), rect]))
    return group(series_class(series), children)


def thresholds_svg(frame: Frame, thresholds: Sequence[tuple[Threshold, Look]]) -> str:
    """Each line across the plot, its value written just right of the plot."""
    shown = sorted(
        ((frame.y(t.value), t, look) for t, look in thresholds if _inside(frame, t.value)),
        key=lambda item: item[0],
    )
    parts = []
    previous_label_y = float("-inf")
    for y, threshold, look in shown:
        label_y = max(y + 3.5, previous_label_y + LABEL_SPACING)
        previous_label_y = label_y
        line = {"x1": frame.left, "x2": frame.right, "y1": y, "y2": y}
        paint = {"stroke": look.colour, "stroke-width": "1.5", "stroke-dasharray": look.dash}
        value = {
            "x": frame.right + 4,
            "y": label_y,
            "font-size": SMALL_FONT_SIZE,
            "fill": look.colour,
        }
        children = [
            tooltip(threshold.label),
            tag("line", {**line, **paint}),
            tag("text", value, fmt(threshold.value)),
        ]
        parts.append(group(threshold_class(threshold), children))
    return "".join(parts)


def _inside(frame: Frame, value: float) -> bool:
    return frame.y_low <= value <= frame.y_high
