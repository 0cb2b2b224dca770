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


def date_iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
