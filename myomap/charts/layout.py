"""Where things go: the plot box inside the viewBox, the data-to-position scales, the x extent
and the legend's rows. Sizes are in viewBox user units (the chart scales as a whole)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from myomap.charts.model import Band, Series
from myomap.charts.numbers import text_width

FONT_SIZE = 11
SMALL_FONT_SIZE = 10
PAD = 6
LEFT = 52  # y tick labels ("100") and the rotated y-axis label
RIGHT = 34  # threshold values ("25.2") written just outside the plot
LEGEND_ROW = 18
LEGEND_SAMPLE = 26  # length of the line drawn as a legend key
LEGEND_GAP = 16
BAND_STRIP = 16  # band labels sit above the data so they never cover a point
TICK_LINE = 12
TICK_LENGTH = 4
X_LABEL = 14
MIN_TOP = 10  # room for the top y tick label, which is centred on the top edge


@dataclass(frozen=True)
class Frame:
    """The plot box (left/right/top/bottom) and the data ranges it shows."""

    left: float
    right: float
    top: float
    bottom: float
    band_top: float
    x_low: float
    x_high: float
    y_low: float
    y_high: float
    x_step: float  # smallest gap between x positions, in data units

    def x(self, value: float) -> float:
        share = (value - self.x_low) / (self.x_high - self.x_low)
        return self.left + share * (self.right - self.left)

    def y(self, value: float) -> float:
        """Position of `value`, held inside the plot so an out-of-range value stays visible."""
        clamped = min(max(value, self.y_low), self.y_high)
        share = (clamped - self.y_low) / (self.y_high - self.y_low)
        return self.bottom - share * (self.bottom - self.top)

    def step_width(self) -> float:
        """Width of one x step on screen: the space a bar or a tick label may use."""
        return self.x(self.x_low + self.x_step) - self.x(self.x_low)


def x_extent(
    series: Sequence[Series],
    tick_positions: Sequence[float],
    bands: Sequence[Band],
) -> tuple[float, float, float]:
    """(low, high, step): all x positions with half a step of room on each side, so the first
    and last bars fit and a single x value sits in the middle, widened to cover every band."""
    positions = sorted({x for s in series for x, _ in s.points} | set(tick_positions))
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    step = min(gaps) if gaps else 1.0
    low, high = (positions[0], positions[-1]) if positions else (0.5, 0.5)
    low, high = low - step / 2, high + step / 2
    for band in bands:
        low = min(low, band.start, band.end)
        high = max(high, band.start, band.end)
    return low, high, step


def y_extent(y_range: tuple[float, float]) -> tuple[float, float]:
    low, high = sorted(y_range)
    return (low, high) if high > low else (low, low + 1)


def plot_frame(
    *,
    width: int,
    height: int,
    legend_rows: int,
    has_bands: bool,
    tick_lines: int,
    x_range: tuple[float, float, float],
    y_range: tuple[float, float],
) -> Frame:
    """Stack, from the top: legend rows, the band-label strip, the plot, tick labels, x label."""
    band_top = PAD + legend_rows * LEGEND_ROW
    top = max(band_top + (BAND_STRIP if has_bands else 0), MIN_TOP)
    below_plot = TICK_LENGTH + 4 + tick_lines * TICK_LINE + 4 + X_LABEL + PAD
    x_low, x_high, x_step = x_range
    y_low, y_high = y_extent(y_range)
    return Frame(
        left=LEFT,
        right=width - RIGHT,
        top=top,
        bottom=max(height - below_plot, top + 20),
        band_top=band_top,
        x_low=x_low,
        x_high=x_high,
        y_low=y_low,
        y_high=y_high,
        x_step=x_step,
    )


@dataclass(frozen=True)
class LegendEntry:
    label: str
    css_class: str  # the same class as the drawn series or line, so CSS restyles both
    key: Callable[[float, float], str]  # draws the key, given its left end and middle height

    def width(self) -> float:
        return LEGEND_SAMPLE + 5 + text_width(self.label, FONT_SIZE)


def legend_rows(
    entries: Sequence[LegendEntry], available: float
) -> list[list[tuple[float, LegendEntry]]]:
    """Entries placed left to right, starting a new row when the next one would not fit."""
    rows: list[list[tuple[float, LegendEntry]]] = []
    offset = 0.0
    for entry in entries:
        if not rows or (offset > 0 and offset + entry.width() > available):
            rows.append([])
            offset = 0.0
        rows[-1].append((offset, entry))
        offset += entry.width() + LEGEND_GAP
    return rows
