"""Row addresses reversed once per page are the addresses `reverse` gives, and the list pages'
rows show what the template filters showed."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.urls import reverse
from django.utils.text import Truncator

from myomap.handouts.dates import date_short_text
from myomap.web.presenters.links import link_maker

ROW_LINKS = (
    "client_detail",
    "episode_detail",
    "episode_progress",
    "session_new",
    "assessment_new",
    "assessment_detail",
    "session_detail",
)


@pytest.mark.parametrize("url_name", ROW_LINKS)
def test_a_link_made_once_per_page_is_what_reverse_gives(url_name):
    make = link_maker(url_name)
    for _ in range(3):
        record_id = uuid.uuid4()
        assert make(record_id) == reverse(url_name, args=[record_id])
        assert make(str(record_id)) == reverse(url_name, args=[record_id])


def test_short_dates_are_the_template_filters_words():
    from django.template.defaultfilters import date as date_filter

    for day in (date(1984, 3, 12), date(2026, 9, 1), date(2001, 12, 31), date(1999, 5, 5)):
        assert date_short_text(day) == date_filter(day, "j M Y")
        assert date_short_text(day, year=False) == date_filter(day, "j M")
    assert date_short_text(None) == ""


def test_the_worklist_row_shows_the_complaint_cut_as_the_filter_cut_it(owner, episode):
    from myomap.records.worklist import dashboard_for_user
    from myomap.web.presenters.worklist_rows import COMPLAINT_SHOWN, worklist_rows

    episode.complaint = "Ache " * 30
    episode.save(update_fields=["complaint"])
    (row, links), *_ = worklist_rows(dashboard_for_user(actor=owner))
    assert links.complaint == Truncator(episode.complaint).chars(COMPLAINT_SHOWN)
    assert links.complaint.endswith("…") and len(links.complaint) == COMPLAINT_SHOWN
    assert links.episode == reverse("episode_detail", args=[episode.pk])
    assert links.assessment == "" and links.draft == "" and links.last_seen == ""


# The client list's rows as the template wrote them before the presenter wrote them whole.
TEMPLATE_ROW = (
    '<tr><td><a href="{% url "client_detail" c.pk %}">{{ c.family_name }}, {{ c.given_name }}'
    '</a></td><td data-label="Born">{{ c.date_of_birth|date:"j M Y" }}</td>'
    '<td data-label="Occupation">{{ c.get_occupation_display }}</td>'
    '<td data-label="Contact">{{ c.phone|default:c.email|default:"—" }}</td></tr>'
)


def test_the_client_rows_are_the_markup_the_template_wrote_escaped_alike():
    from django.template import Context, Template

    from myomap.records.models import Client, Occupation
    from myomap.web.presenters.client_list import client_rows_markup

    occupations = [value for value, _ in Occupation.choices]
    clients = [
        Client(
            given_name=given,
            family_name=family,
            date_of_birth=date(1950 + i, 1 + i % 12, 1 + i),
            occupation=occupations[i % len(occupations)],
            phone=phone,
            email=email,
        )
        for i, (given, family, phone, email) in enumerate(
            [
                ("Maria", "Okafor", "07700 900123", ""),
                ('<b>"Ann"</b>', "O'Brien & Sons", "", "ann@example.org"),
                ("Zoë", "Ünal", "", ""),
                ("Li", "<script>alert(1)</script>", "+44 <7700>", "x@example.org"),
            ]
        )
    ]
    template = Template("{% for c in clients %}" + TEMPLATE_ROW + "\n{% endfor %}")
    expected = template.render(Context({"clients": clients})).rstrip("\n")
    assert client_rows_markup(clients) == expected
    assert "<script>" not in expected and "&lt;script&gt;" in expected  # the test can fail
    assert client_rows_markup([]) == ""
