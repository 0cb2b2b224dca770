"""Dates as a British letter writes them ("21 November 2026"), independent of the locale."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def date_text(value: date | None) -> str:
    """'21 November 2026'; '' for None. Written out so a handout never depends on the server
    locale or on Django's formatting settings."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def date_short_text(value: date | None, *, year: bool = True) -> str:
    """'3 Dec 1984' ('3 Dec' without the year); '' for None. What the pages' lists show, the
    same words as the template filter `date:"j M Y"` writes, without its per-call cost (a
    list of 50 rows called it 50 times)."""
    if value is None:
        return ""
    month = MONTHS[value.month - 1][:3]
    return f"{value.day} {month} {value.year}" if year else f"{value.day} {month}"


def date_iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
