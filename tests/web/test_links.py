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
