"""Input rules shared by every edge and service (no Django here): strict number parsing and the
length limit of each kind of free text. The rules and their reasons are in
`docs/input-validation.md`.

Python's own `int()`, `float()` and `Decimal()` accept far more than a person types into a
clinical form: `int("1_0")` is 10, `float("inf")` and `Decimal("1e3")` are numbers, and any
Unicode digit counts. A record must never store a value the clinician did not write, so a
number here is ASCII digits with an optional sign and, for decimals, one point."""

from __future__ import annotations

import re
from decimal import Decimal

from myomap.errors import ValidationFailed

INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

# Free-text limits, in characters (after surrounding spaces are removed).
NAME_MAX = 100  # a person's given or family name (the database column is 100)
LINE_MAX = 300  # one line: an exercise dose, a PSFS activity, where a client was referred
REASON_MAX = 2_000  # a reason or short note: override, decision, status note, finding note
NOTE_MAX = 10_000  # a clinical note: SOAP fields, complaint, addendum, administrative notes


def strict_int(raw: object) -> int:
    """An integer from a form or JSON value; ValueError unless it is plainly written.

    Accepts an `int` (not a `bool`) or text of ASCII digits with an optional sign, spaces
    around it allowed."""
    if isinstance(raw, bool):
        raise ValueError("is not a whole number")
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if not INTEGER_TEXT.fullmatch(text):
        raise ValueError("is not a whole number")
    return int(text)


def strict_decimal(raw: object) -> Decimal:
    """A decimal from a form or JSON value; ValueError unless it is plainly written
    (`12`, `1.5`, `-0.5`; not `1,5`, `1e3`, `1_0`, `inf` or `60s`)."""
    if isinstance(raw, bool):
        raise ValueError("is not a number")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError("is not a number")
        return Decimal(str(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError("is not a number")
        return raw
    text = str(raw).strip()
    if not DECIMAL_TEXT.fullmatch(text):
        hint = " (use a point for decimals: 1.5)" if "," in text else ""
        raise ValueError(f"is not a number{hint}")
    return Decimal(text)


def text_problem(value: str, limit: int) -> str | None:
    """Why a free-text value cannot be stored, or None. A NUL character cannot be stored by
    PostgreSQL and is never typed by a person, so it is refused on every database."""
    if "\x00" in value:
        return "contains a NUL character (\\0), which cannot be stored; remove it"
    if len(value) > limit:
        return f"is {len(value):,} characters long; the limit is {limit:,} characters"
    return None


def text_clean(raw: object, field: str, limit: int) -> str:
    """Free text stripped of surrounding spaces; ValidationFailed naming the field when it is
    longer than `limit` or holds a NUL."""
    value = str(raw or "").strip()
    problem = text_problem(value, limit)
    if problem:
        raise ValidationFailed({field: [f"{field} {problem}."]})
    return value
