"""Load the body-chart drawing (shapes.yaml) and expand it to one shape per KB region id and view.

Sided shapes are drawn once on the viewer's left and mirrored here; which copy is the patient's
left depends on the view (back: viewer's left; front, facing you: viewer's right)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SHAPES_FILE = Path(__file__).with_name("shapes.yaml")
VIEWS = ("front", "back")
VIEW_LABELS = {"front": "Front (facing you)", "back": "Back"}
# Which patient side the drawn (viewer's left) copy is, per view.
DRAWN_SIDE = {"back": "l", "front": "r"}
OTHER = {"l": "r", "r": "l"}


@dataclass(frozen=True)
class Shape:
    region: str
    view: str
    points: str


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    head: dict
    outline: str
    shapes: dict[str, tuple[Shape, ...]]  # view → shapes in drawing order

    def regions(self) -> set[str]:
        return {s.region for shapes in self.shapes.values() for s in shapes}


def _parse(points: str) -> list[tuple[float, float]]:
    return [tuple(float(n) for n in pair.split(",")) for pair in points.split()]  # type: ignore[misc]


def _fmt(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def _mirror(points: str, width: int) -> str:
    return _fmt([(width - x, y) for x, y in _parse(points)])


def _outline(half: str, width: int) -> str:
    left = _parse(half)
    right = [(width - x, y) for x, y in reversed(left[:-1])]
    return _fmt(left + right)


@lru_cache(maxsize=1)
def drawing_load() -> Drawing:
    data = yaml.safe_load(SHAPES_FILE.read_text(encoding="utf-8"))
    width, height = data["viewbox"]
    shapes: dict[str, list[Shape]] = {view: [] for view in VIEWS}
    for base, views in data["sided"].items():
        for view, points in views.items():
            drawn = DRAWN_SIDE[view]
            shapes[view].append(Shape(f"{base}_{drawn}", view, points))
            shapes[view].append(Shape(f"{base}_{OTHER[drawn]}", view, _mirror(points, width)))
    for region, views in data["midline"].items():
        for view, points in views.items():
            shapes[view].append(Shape(region, view, points))
    return Drawing(
        width=width,
        height=height,
        head=data["head"],
        outline=_outline(data["outline_half"], width),
        shapes={view: tuple(items) for view, items in shapes.items()},
    )
