"""Writing SVG elements as text, with every attribute value and text node escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from myomap.charts.numbers import fmt

# Values are words or numbers; typed `object` so that mixed dict literals need no annotation.
AttributeValue = object


def attributes(attrs: Mapping[str, AttributeValue]) -> str:
    """` name="value"` pairs in the given order; None leaves an attribute out. Numbers keep one
    decimal place: a tenth of a user unit is finer than any screen or printer resolves here."""
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        text = fmt(value, 1) if isinstance(value, int | float) else str(value)
        parts.append(f' {name}="{escape(text)}"')
    return "".join(parts)


def tag(name: str, attrs: Mapping[str, AttributeValue], content: str | None = None) -> str:
    """An element; `content` is markup already escaped (use `text` for plain words)."""
    if content is None:
        return f"<{name}{attributes(attrs)}/>"
    return f"<{name}{attributes(attrs)}>{content}</{name}>"


def text(words: str) -> str:
    return escape(words)


def group(css_class: str, children: list[str], **attrs: AttributeValue) -> str:
    """A `<g>` carrying the class that lets a stylesheet restyle everything inside it."""
    return tag("g", {"class": css_class, **attrs}, "".join(children))


def tooltip(words: str) -> str:
    """A `<title>` child: browsers show it on hover; print ignores it."""
    return tag("title", {}, text(words))
