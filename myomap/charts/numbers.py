"""Numbers and text measures for the charts: short number formats, tick positions and an
estimate of how wide a label is drawn (there is no font engine on the server)."""

from __future__ import annotations

import math

from myomap.clinical.numbers import number_text

# Steps a reader counts along easily; 2.5 is left out because it yields ticks such as 7.5 on
# scales of whole numbers (session numbers, trigger-point counts).
_NICE_FACTORS = (1, 2, 5, 10)
# Steps that divide a whole-number scale so its top is labelled (RMDQ 0-24 in steps of 4).
_DIVIDING_STEPS = (1, 2, 4, 5, 10, 20, 25, 50, 100)
_EPSILON = 1e-9


def fmt(value: float, decimals: int = 2) -> str:
    """At most `decimals` places and no trailing zeros: 5.0 → "5", 2.80 → "2.8", -0.0 → "0"
    (the project's one number writer, with two places for drawing coordinates)."""
    return number_text(value, decimals)


def nice_step(raw: float) -> float:
    """The smallest step of the form 1, 2 or 5 × 10ⁿ that is at least `raw`."""
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in _NICE_FACTORS:
        if factor * magnitude >= raw - _EPSILON:
            return float(factor * magnitude)
    return float(10 * magnitude)  # pragma: no cover - the loop always returns


def nice_ticks(low: float, high: float, max_intervals: int = 5) -> list[float]:
    """Round tick values inside [low, high], at most `max_intervals` steps apart in all."""
    if high - low <= _EPSILON:
        return [low]
    step = nice_step((high - low) / max(max_intervals, 1))
    first = math.ceil(low / step - _EPSILON) * step
    count = math.floor((high - first) / step + _EPSILON) + 1
    return [round(first + index * step, 9) for index in range(count)]


def scale_ticks(low: float, high: float, max_intervals: int = 6) -> list[float]:
    """Ticks for a value axis: on whole-number scales, a step that lands on both ends (0-24 in
    fours) so the scale's maximum is labelled; otherwise round ticks inside the range."""
    span = high - low
    if float(low).is_integer() and float(high).is_integer() and span > 0:
        for step in _DIVIDING_STEPS:
            if span % step == 0 and span / step <= max_intervals:
                return [low + index * step for index in range(int(span / step) + 1)]
    return nice_ticks(low, high, min(max_intervals, 5))


def _char_width(char: str) -> float:
    """Width of one character in ems for a generic sans-serif face (a deliberate estimate)."""
    if char in "il.,:;|!'ǀ()[] ":
        return 0.3
    if char.isupper() or char in "mwMW%@–—…":
        return 0.72
    if char.isdigit():
        return 0.56
    return 0.52


def text_width(text: str, font_size: float) -> float:
    """Estimated drawn width of `text` in user units, erring on the wide side."""
    return sum(_char_width(char) for char in text) * font_size


def truncate_to_width(text: str, font_size: float, available: float) -> str:
    """`text`, or its start with an ellipsis when too wide, or "" when not even that fits."""
    if text_width(text, font_size) <= available:
        return text
    for end in range(len(text) - 1, 2, -1):
        shorter = text[:end].rstrip() + "…"
        if text_width(shorter, font_size) <= available:
            return shorter
    return ""
