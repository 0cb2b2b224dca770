"""Erasing a client who used the portal: the links, their browser sessions, the pre-visit answers,
the diary and the stopped exercises all go with the record, through the real erasure page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as Browser
from django.utils import timezone

from myomap.portal.models import PortalLink, PortalSession, PreVisitAnswers
from myomap.records.client_data import clinic_retention_set
from myomap.records.episodes.care import exercise_stop
from myomap.records.models import Client, DiaryEntry, Episode, ExerciseStop
from tests.factories import EXERCISE, make_diary_entry, make_portal_link, make_session

pytestmark = pytest.mark.django_db


def _portal_in(owner, client, purpose: str) -> Browser:
    """A client's own browser, through a fresh link and the date-of-birth check."""
    _, token = make_portal_link(owner, client, purpose)
    browser = Browser()
    assert browser.get("/p/open", {"t": token}).status_code == 302
    born = client.date_of_birth
    confirmed = browser.post(
        "/p/confirm", {"dob_day": born.day, "dob_month": born.month, "dob_year": born.year}
    )
    assert confirmed.status_code == 302
    return browser


def test_erasing_a_client_who_used_the_portal_removes_all_of_it(
    people, actor_of, client_actor_of, planned_episode, browser_as, monkeypatch
):
    owner = actor_of(people.owner)
    make_session(owner, planned_episode, sign=False, days_ago=3, nprs_before=4, nprs_after=2)
    client = planned_episode.client
    before = _portal_in(owner, client, "pre_visit")
    assert before.get("/p/before/").status_code == 200  # creates the draft
    assert before.post("/p/before/pain-score/", {"nprs": "5"}).status_code in (200, 302)
    between = _portal_in(owner, client, "between_visits")
    assert between.get("/p/diary/").status_code == 200
    make_diary_entry(planned_episode)
    exercise_stop(actor=owner, episode_id=planned_episode.pk, exercise=EXERCISE, reason="It hurt.")
    assert PortalLink.objects.count() == 2 and PortalSession.objects.count() == 2
    assert PreVisitAnswers.objects.count() == 1
    assert DiaryEntry.objects.count() == 1 and ExerciseStop.objects.count() == 1

    clinic_retention_set(actor=owner, years=1)
    later = date.today() + timedelta(days=3 * 366)
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        "myomap.records.client_data.timezone.localdate",
        lambda value=None: later if value is None else real_localdate(value),
    )
    response = browser_as(people.owner).post(
        f"/clients/{client.pk}/erasure/", {"confirm": client.family_name}
    )
    assert response.status_code == 302, response.content[:500]

    assert not Client.objects.filter(pk=client.pk).exists()
    assert not Episode.objects.filter(client_id=client.pk).exists()
    for model in (PortalLink, PortalSession, PreVisitAnswers, DiaryEntry, ExerciseStop):
        assert not model.objects.exists(), model.__name__
    # The client's browser holds a cookie for a link that no longer exists: it is simply ended.
    assert between.get("/p/diary/").status_code == 404


def test_the_export_holds_the_portal_answers_the_diary_and_the_stopped_exercises(
    people, actor_of, planned_episode
):
    """A client's export is all of their data: what they sent through the portal, their
    diary, and each home exercise the clinician stopped with the reason."""
    import io
    import json
    import zipfile

    from myomap.handouts.selectors import handout_pdfs_for_user
    from myomap.records.client_data import client_export_for_user

    owner = actor_of(people.owner)
    make_session(owner, planned_episode, sign=False, days_ago=3, nprs_before=4, nprs_after=2)
    client = planned_episode.client
    before = _portal_in(owner, client, "pre_visit")
    assert before.get("/p/before/").status_code == 200
    assert before.post("/p/before/pain-score/", {"nprs": "5"}).status_code in (200, 302)
    _portal_in(owner, client, "between_visits")
    make_diary_entry(planned_episode)
    exercise_stop(actor=owner, episode_id=planned_episode.pk, exercise=EXERCISE, reason="It hurt.")

    export = client_export_for_user(actor=owner, client_id=client.pk, letters=handout_pdfs_for_user)
    text = zipfile.ZipFile(io.BytesIO(export.content)).read("record.json").decode()
    record = json.loads(text)
    (episode,) = record["episodes"]
    (stop,) = episode["exercise_stops"]
    assert stop["exercise"] == EXERCISE and stop["reason"] == "It hurt."
    assert stop["stopped_by"] == "Olivia"
    assert len(episode["diary_entries"]) == 1
    (answers,) = record["previsit_answers"]
    assert answers["nprs"] == 5
    assert sorted(link["purpose"] for link in record["portal_links"]) == [
        "between_visits",
        "pre_visit",
    ]
    # The link's secret stays in the database.
    assert all("token_hash" not in link for link in record["portal_links"])
    stored = PortalLink.objects.values_list("token_hash", flat=True)
    assert stored and not any(h in text for h in stored)
