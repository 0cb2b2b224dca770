"""Addresses of a list's rows, reversed once per page instead of once per row.

Every record page's address is `<prefix>/<uuid>/…`. Reversing a name costs tens of
microseconds; a list of 25–50 rows with two or three links each spent a sizeable share of its
time there. `link_maker` reverses the name once with an id no record has and puts each row's
id in its place: the same string `reverse` would give (tests/web/test_links.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_ANY_ID = "00000000-0000-0000-0000-000000000000"


def link_maker(url_name: str) -> Callable[[object], str]:
    """A function giving `reverse(url_name, args=[id])` for a record's id (a UUID)."""
    pattern = reverse(url_name, args=[_ANY_ID])
    assert pattern.count(_ANY_ID) == 1, url_name
    return lambda record_id: pattern.replace(_ANY_ID, str(record_id))
