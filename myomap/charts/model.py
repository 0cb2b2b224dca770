"""What a chart shows: series of points, horizontal threshold lines and shaded x-ranges."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeGuard

Marker = Literal["circle", "square", "triangle", "none"]


@dataclass(frozen=True)
class Series:
    """One line or set of bars. A point whose y is None is a gap: the line breaks there."""

    label: str
    points: Sequence[tuple[float, float | None]]
    kind: Literal["line", "bar"] = "line"
    css: str = ""  # extra class: "before" gives the group class "chart-series-before"
    dashed: bool = False
    marker: Marker = "circle"

    def present(self) -> list[tuple[float, float]]:
        """The points that have a value (gaps and non-finite values left out)."""
        return [(x, y) for x, y in self.points if is_value(y)]


@dataclass(frozen=True)
class Threshold:
    """A horizontal reference line across the plot, named in the legend."""

    value: float
    label: str
    css: str = "mcid"


@dataclass(frozen=True)
class Band:
    """An x-range shaded behind the data and labelled at its top (e.g. a treatment stage)."""

    start: float
    end: float
    label: str
    css: str = ""


def is_value(y: float | None) -> TypeGuard[float]:
    return y is not None and math.isfinite(y)
