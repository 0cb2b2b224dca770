"""Portal pages between visits: the home programme and the diary, for the link's own client
only; bad input refused naming the field with nothing saved; a double submit writes once."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from django.utils import timezone

from myomap.accounts.models import AuditEvent
from myomap.portal.links import portal_link_revoke
from myomap.records.models import DiaryEntry
from tests.factories import EXERCISE, OTHER_CLIENT, make_client, make_episode, staff_actor
from tests.factories import diary_entry as entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def diary_in(treated, issue_link, portal_in):
    link, token = issue_link(purpose="between_visits")
    assert link.episode_id == treated.pk
    return portal_in(token)


def post(browser, **changes):
    return browser.post("/p/diary/", {**entry(**changes), "form_token": str(uuid.uuid4())})


def test_the_link_leads_to_the_diary_and_the_programme_cards(diary_in):
    assert diary_in.get("/p/")["Location"] == "/p/diary/"
    diary = diary_in.get("/p/diary/")
    html = diary.content.decode()
    assert diary.status_code == 200 and "no-store" in diary["Cache-Control"]
    assert f'name="ex-{EXERCISE}-done"' in html and "Pain today" in html
    assert "form_token" in html and "<script" not in html and "style=" not in html
    programme = diary_in.get("/p/programme/").content.decode()
    assert "portal-stop-if" in programme and "How much" in programme
    assert "3 x 20 s, twice a day" in programme  # the clinician's dose wins
    assert f'id="card-{EXERCISE}"' in programme and "style=" not in programme


def test_an_entry_is_saved_once_and_audited_as_the_client(diary_in, treated):
    token = str(uuid.uuid4())
    data = {**entry(days_ago=1, nprs=5), "form_token": token}
    first = diary_in.post("/p/diary/", data)
    assert first.status_code == 302 and first["Location"].startswith("/p/diary/?saved=1")
    again = diary_in.post("/p/diary/", data)  # a double click
    assert again.status_code == 302
    assert DiaryEntry.objects.count() == 1
    thanks = diary_in.get(first["Location"]).content.decode()
    assert "your diary entry is saved" in thanks and "pain 5/10" in thanks
    event = AuditEvent.objects.get(object_type="diary_entry", action="create")
    assert event.username == f"client:{treated.client_id}"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nprs": "12"}, "nprs"),
        ({"entry_date": "2001-01-01"}, "entry_date"),
        ({"comment": "y" * 1200}, "comment"),
        ({f"ex-{EXERCISE}-done": "perhaps"}, f"ex-{EXERCISE}-done"),
    ],
)
def test_bad_input_comes_back_with_the_field_named_and_nothing_saved(diary_in, changes, field):
    refused = post(diary_in, **changes)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f'href="#id_{field}"' in html and f'id="id_{field}"' in html
    assert "Please check your answers" in html
    assert not DiaryEntry.objects.exists()


def test_a_refused_form_keeps_what_was_typed(diary_in):
    html = post(diary_in, nprs="11", comment="Sore after gardening").content.decode()
    assert "Sore after gardening" in html
    assert re.search(rf'name="ex-{EXERCISE}-done" value="yes" checked', html)


def test_effort_for_an_exercise_not_done_is_refused(diary_in):
    refused = post(diary_in, done="no", **{f"ex-{EXERCISE}-pain": "4"})
    assert refused.status_code == 400
    assert "only for an exercise you did" in refused.content.decode()
    assert not DiaryEntry.objects.exists()


def test_another_clients_link_shows_nothing_of_this_client(
    people, treated, client, issue_link, portal_in
):
    owner = staff_actor(people.owner)
    other = make_client(owner, **OTHER_CLIENT)
    make_episode(owner, other, onset_date=date(2026, 10, 1), complaint="Back ache")
    _, token = issue_link(purpose="between_visits", client=other)
    browser = portal_in(token, dob=(1, 7, 1990))
    for url in ("/p/diary/", "/p/programme/"):
        html = browser.get(url).content.decode()
        assert "Maria" not in html and "Okafor" not in html and EXERCISE not in html
    refused = post(browser)  # posting Maria's exercise to Tomasz's link
    assert not DiaryEntry.objects.filter(episode=treated).exists()
    assert refused.status_code in (400, 404)


def test_a_revoked_or_expired_link_reveals_nothing(
    people, actor_of, treated, client, issue_link, portal_in
):
    link, token = issue_link(purpose="between_visits")
    browser = portal_in(token)
    assert browser.get("/p/diary/").status_code == 200
    portal_link_revoke(actor=actor_of(people.owner), link_id=link.pk)
    for url in ("/p/diary/", "/p/programme/"):
        ended = browser.get(url)
        assert ended.status_code == 404 and b"Maria" not in ended.content
    assert post(browser).status_code == 404
    link2, token2 = issue_link(purpose="between_visits")
    browser = portal_in(token2)
    type(link2).objects.filter(pk=link2.pk).update(expires_at=timezone.now())
    assert browser.get("/p/diary/").status_code == 404
    assert not DiaryEntry.objects.exists()


def test_a_pre_visit_link_does_not_open_the_diary(treated, issue_link, portal_in):
    _, token = issue_link(purpose="pre_visit")
    browser = portal_in(token)
    assert browser.get("/p/diary/")["Location"] == "/p/"


def test_a_question_answered_twice_is_refused(diary_in):
    data = {**entry(), "form_token": str(uuid.uuid4())}
    data["nprs"] = ["3", "8"]
    refused = diary_in.post("/p/diary/", data)
    assert refused.status_code == 400 and b"answered more than once" in refused.content
    assert not DiaryEntry.objects.exists()
