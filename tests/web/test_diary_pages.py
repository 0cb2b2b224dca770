"""The clinician's side of the diary: adherence and diary pain on the progress page, the pain-rise
alert on Today (bounded queries), its review, and the reminder cadence form."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from myomap.records.diary.services import diary_entry_create
from myomap.records.diary.today import PANEL_SHOWN
from myomap.records.models import DiaryAlert, DiarySettings, Episode
from myomap.records.worklist import dashboard_for_user
from tests.factories import (
    POSTURE,
    assess_and_plan,
    make_client,
    make_episode,
    make_session,
)
from tests.factories import diary_entry as entry

pytestmark = pytest.mark.django_db


def write(client_actor_of, episode, days_ago, nprs, done="yes"):
    diary_entry_create(
        actor=client_actor_of(episode), episode=episode, data=entry(days_ago, nprs, done)
    )


def progress(browser, episode) -> str:
    response = browser.get(reverse("episode_progress", args=[episode.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_adherence_and_diary_pain_show_beside_the_session_nprs(
    people, browser_as, client_actor_of, treated
):
    write(client_actor_of, treated, 1, 5, done="yes")
    write(client_actor_of, treated, 0, 3, done="no")
    html = progress(browser_as(people.owner), treated)
    assert 'id="between-visits"' in html
    assert "Adherence by week" in html
    assert re.search(r"<td>1 of 2</td><td>50 %</td>", html) or (
        "1 of 1" in html and "0 of 1" in html
    )  # one week, or the two days fall in two weeks
    assert 'id="diary-chart"' in html and "Diary pain" in html
    assert "Pain on arrival at a session" in html
    assert "+1 against session 1&#x27;s pain on arrival" in html
    assert "style=" not in html


def test_a_diary_pain_rise_puts_an_alert_on_today_until_it_is_reviewed(
    people, browser_as, client_actor_of, treated
):
    browser = browser_as(people.owner)
    write(client_actor_of, treated, 2, 6)
    assert "Diary alerts" not in browser.get(reverse("home")).content.decode()
    write(client_actor_of, treated, 1, 7)
    today = browser.get(reverse("home")).content.decode()
    assert "Diary alerts: pain has risen between visits" in today
    assert "badge-diary_pain_rise" in today and "Diary: pain up on two entries" in today
    assert reverse("episode_progress", args=[treated.pk]) + "#between-visits" in today
    html = progress(browser, treated)
    assert "Diary pain has risen" in html
    alert = DiaryAlert.objects.get()
    token = str(uuid.uuid4())
    url = reverse("diary_alert_review", args=[treated.pk])
    posted = {"alert": str(alert.pk), "note": "Phoned; eased off the stretch.", "form_token": token}
    assert browser.post(url, posted).status_code == 302
    assert browser.post(url, posted).status_code == 302  # the double submit writes once
    alert.refresh_from_db()
    assert alert.reviewed_at is not None and alert.review_note.startswith("Phoned")
    assert "Diary alerts" not in browser.get(reverse("home")).content.decode()
    assert "Earlier alerts (1)" in progress(browser, treated)


def test_other_clinics_see_no_diary_alert(people, browser_as, client_actor_of, treated):
    write(client_actor_of, treated, 2, 7)
    write(client_actor_of, treated, 1, 7)
    html = browser_as(people.outsider).get(reverse("home")).content.decode()
    assert "Diary alerts" not in html and "Okafor" not in html
    outsider = browser_as(people.outsider)
    assert outsider.get(reverse("episode_progress", args=[treated.pk])).status_code == 404


def test_the_reminder_cadence_is_set_on_the_progress_page_and_bad_values_refused(
    people, browser_as, treated
):
    browser = browser_as(people.owner)
    url = reverse("diary_settings", args=[treated.pk])
    done = browser.post(url, {"reminder_days": "14", "form_token": str(uuid.uuid4())})
    assert done.status_code == 302
    assert DiarySettings.objects.get(episode=treated).reminder_days == 14
    refused = browser.post(url, {"reminder_days": "5", "form_token": str(uuid.uuid4())})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'href="#reminder-days">Reminders</a>' in html and "allowed:" in html
    assert DiarySettings.objects.get(episode=treated).reminder_days == 14
    assert browser.post(url, {"reminder_days": "\x00"}).status_code == 400


def _new_treated_episode(owner, n: int) -> Episode:
    client = make_client(
        owner, given_name=f"Client{n}", family_name=f"Family{n}", date_of_birth=date(1980, 1, 1)
    )
    episode = make_episode(owner, client, onset_date=date(2026, 9, 1))
    assess_and_plan(owner, episode, posture=POSTURE)
    make_session(owner, episode, sign=False, days_ago=3, nprs_before=4, nprs_after=2)
    return episode


def _today_queries(browser) -> int:
    browser.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(reverse("home")).status_code == 200
    return len(captured.captured_queries)


def test_today_makes_the_same_queries_with_one_or_many_diary_alerts(
    people, browser_as, owner, client_actor_of, treated
):
    browser = browser_as(people.owner)
    write(client_actor_of, treated, 2, 7)
    write(client_actor_of, treated, 1, 7)
    one = _today_queries(browser)
    for n in range(3):
        episode = _new_treated_episode(owner, n)
        for days_ago in (2, 1, 0):
            write(client_actor_of, episode, days_ago, 8)
    assert DiaryAlert.objects.filter(reviewed_at__isnull=True).count() == 4
    assert _today_queries(browser) == one


def test_today_counts_the_open_alerts_past_the_panels_first_ten(
    people, browser_as, owner, client_actor_of
):
    """With more open alerts than the panel shows, the panel counts them all: that count nests
    the worklist as a subquery, which a column name written as raw SQL broke (an error page)."""
    for n in range(PANEL_SHOWN + 1):
        episode = _new_treated_episode(owner, n)
        for days_ago in (2, 1):
            write(client_actor_of, episode, days_ago, 9)
    assert DiaryAlert.objects.filter(reviewed_at__isnull=True).count() == PANEL_SHOWN + 1
    browser = browser_as(people.owner)
    for query in ({}, {"scope": "clinic"}, {"q": "Family"}, {"scope": "clinic", "q": "Client"}):
        assert browser.get(reverse("home"), query).status_code == 200, query
    panel = dashboard_for_user(actor=owner).diary_alerts
    assert len(panel.shown) == PANEL_SHOWN and panel.total == PANEL_SHOWN + 1
    searched = dashboard_for_user(actor=owner, scope="clinic", query="Family1").diary_alerts
    assert searched.total == 2  # Family1 and Family10
