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
    base: str = ""  # the KB area id: the region id without its side suffix

    def box(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of the polygon."""
        pts = _parse(self.points)
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Area:
    """A body area chosen before its regions: its zoomed view box and its shapes in the
    file's order, each left/right pair from the viewer's left."""

    id: str
    view: str
    label: str
    box: tuple[float, float, float, float]  # x, y, width, height of the zoomed viewBox
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    head: dict
    outline: str
    shapes: dict[str, tuple[Shape, ...]]  # view → shapes in drawing order
    areas: tuple[Area, ...] = ()

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
            shapes[view].append(Shape(f"{base}_{drawn}", view, points, base))
            mirrored = _mirror(points, width)
            shapes[view].append(Shape(f"{base}_{OTHER[drawn]}", view, mirrored, base))
    for region, views in data["midline"].items():
        for view, points in views.items():
            shapes[view].append(Shape(region, view, points, region))
    return Drawing(
        width=width,
        height=height,
        head=data["head"],
        outline=_outline(data["outline_half"], width),
        shapes={view: tuple(items) for view, items in shapes.items()},
        areas=tuple(
            _area(view, entry, shapes[view])
            for view in VIEWS
            for entry in data.get("areas", {}).get(view, [])
        ),
    )


AREA_PAD = 6  # drawing units of body shown round an area's regions when zoomed


def _area(view: str, entry: dict, shapes: list[Shape]) -> Area:
    members = [s for s in shapes if s.base in entry["regions"]]
    boxes = [s.box() for s in members]
    x0, y0 = min(b[0] for b in boxes) - AREA_PAD, min(b[1] for b in boxes) - AREA_PAD
    x1, y1 = max(b[2] for b in boxes) + AREA_PAD, max(b[3] for b in boxes) + AREA_PAD

    def reading_order(shape: Shape) -> tuple[int, float]:
        box = shape.box()
        return entry["regions"].index(shape.base), box[0] + box[2]

    return Area(
        id=entry["id"],
        view=view,
        label=entry["label"],
        box=(x0, y0, x1 - x0, y1 - y0),
        shapes=tuple(sorted(members, key=reading_order)),
    )
