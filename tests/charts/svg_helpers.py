"""Reading the charts back: parse the SVG and find elements by class, as a stylesheet would."""

from __future__ import annotations

import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def groups(root: ET.Element, css_class: str) -> list[ET.Element]:
    """Every <g> carrying `css_class` (legend items excluded: they repeat series classes)."""
    return [
        g
        for g in root.iter(f"{SVG}g")
        if css_class in classes(g) and "chart-legend-item" not in classes(g)
    ]


def texts(element: ET.Element) -> list[str]:
    return [node.text or "" for node in element.iter(f"{SVG}text")]


def titles(element: ET.Element) -> list[str]:
    return [node.text or "" for node in element.iter(f"{SVG}title")]


def gridline_y(root: ET.Element, value: str) -> float:
    """The y position of the gridline labelled `value`."""
    grid = groups(root, "chart-grid")[0]
    children = list(grid)
    for line, label in zip(children[::2], children[1::2], strict=True):
        if label.text == value:
            return float(line.get("y1", "nan"))
    raise AssertionError(f"no gridline labelled {value}")


def threshold_y(root: ET.Element, css_class: str) -> float:
    line = groups(root, css_class)[0].find(f"{SVG}line")
    assert line is not None
    return float(line.get("y1", "nan"))
