"""The client list's rows, written as markup in Python once per row.

The list is 50 rows a page. Written with template tags (a `{% url %}`, a date filter, a
choice label and two defaults per row), a full page of the generated clinic group made 40,800
Python calls against 17,500 for the demo clinic's 8 rows. Built as plain strings and rendered
by the template one variable per row (five each), still 29,500, and the search page's 50 rows
cost 1.3–1.6× the demo's one or two. Each row's `<tr>` is now one format of escaped strings:
the markup the template wrote, cell for cell (tests/web/test_links.py)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from myomap.handouts.dates import date_short_text
from myomap.records.models import Client, Occupation
from myomap.web.presenters.links import link_maker

ROW_MARKUP = (
    '<tr><td><a href="{url}">{name}</a></td><td data-label="Born">{born}</td>'
    '<td data-label="Occupation">{occupation}</td><td data-label="Contact">{contact}</td></tr>'
)


def client_rows_markup(clients: Iterable[Client]) -> SafeString:
    """The `<tr>` of each client, in the order given: name ("Family, Given", the list's
    order) linking to the client, date of birth, occupation, contact (phone, else email, else
    a dash). Every value is escaped here, as the template's autoescape would."""
    detail = link_maker("client_detail")
    occupations = {value: str(label) for value, label in Occupation.choices}
    rows = [
        ROW_MARKUP.format(
            url=escape(detail(client.pk)),
            name=escape(f"{client.family_name}, {client.given_name}"),
            born=escape(date_short_text(client.date_of_birth)),
            occupation=escape(occupations.get(client.occupation, client.occupation)),
            contact=escape(client.phone or client.email or "—"),
        )
        for client in clients
    ]
    return mark_safe("\n".join(rows))  # every value above is escaped
