"""The home page is the clinic dashboard for clinicians: active episodes with their stage and
flags, one click to record the next session or open a draft, the unsigned notes. The front desk
is sent to the client list; another clinic sees nothing of ours."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from myomap.records.sessions.services import session_create, session_sign
from tests.factories import make_assessment, make_client, make_episode, session_note, staff_actor

pytestmark = pytest.mark.django_db


def page(browser) -> str:
    response = browser.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_clinicians_land_on_their_caseload(people, browser_as, planned_episode):
    html = page(browser_as(people.owner))
    assert "My caseload" in html and "Maria Okafor" in html
    assert reverse("episode_detail", args=[planned_episode.pk]) in html
    assert "Relieve muscular spasm" in html


def test_a_colleague_sees_an_episode_once_they_treat_in_it(
    people, browser_as, actor_of, planned_episode
):
    assert "Maria Okafor" not in page(browser_as(people.colleague))
    session_create(
        actor=actor_of(people.colleague), episode_id=planned_episode.pk, note=session_note()
    )
    assert "Maria Okafor" in page(browser_as(people.colleague))


def test_an_owner_switches_to_the_whole_clinic_and_a_clinician_cannot(
    people, browser_as, planned_episode
):
    html = browser_as(people.colleague).get(reverse("home") + "?scope=clinic")
    assert html.status_code == 400 and "Only an owner" in html.content.decode()
    owner_page = browser_as(people.owner).get(reverse("home") + "?scope=clinic").content.decode()
    assert "The clinic's worklist" in owner_page and "Maria Okafor" in owner_page


def test_the_worklist_is_searched_by_name(people, browser_as, planned_episode):
    web = browser_as(people.owner)
    assert "Maria Okafor" in web.get(reverse("home") + "?q=okaf").content.decode()
    html = web.get(reverse("home") + "?q=nobody").content.decode()
    assert "Maria Okafor" not in html and "No episode on the worklist matches" in html


def test_a_bad_page_number_is_refused_naming_the_field(people, browser_as, planned_episode):
    response = browser_as(people.owner).get(reverse("home") + "?page=zero")
    assert response.status_code == 400 and "page" in response.content.decode()


def test_new_client_is_one_click_from_today(people, browser_as):
    assert f'href="{reverse("client_new")}"' in page(browser_as(people.owner))


def test_the_next_session_is_one_click_away(people, browser_as, owner, planned_episode):
    html = page(browser_as(people.owner))
    assert re.search(
        rf'href="{reverse("session_new", args=[planned_episode.pk])}">Record session 1</a>', html
    )
    signed = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    session_sign(actor=owner, session_id=signed.pk)
    html = page(browser_as(people.owner))
    assert "Record session 2" in html
    assert reverse("episode_progress", args=[planned_episode.pk]) in html


def test_a_draft_is_opened_from_its_row_and_listed_as_unsigned(
    people, browser_as, owner, planned_episode
):
    draft = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    html = page(browser_as(people.owner))
    detail = reverse("session_detail", args=[draft.pk])
    assert f'href="{detail}">Finish session 1 note</a>' in html
    assert f'href="{detail}">Maria Okafor — session 1</a>' in html
    assert "1 unsigned note" in html
    assert reverse("session_outstanding") in html


def test_a_pending_red_flag_has_a_strong_red_badge_and_no_record_button(
    people, browser_as, owner, episode
):
    assessment = make_assessment(owner, episode, red_flags=["bladder_dysfunction_new"])
    html = page(browser_as(people.owner))
    assert re.search(r'class="badge badge-red_flag badge-danger"[^>]*>Red flag: refer before', html)
    assert reverse("assessment_detail", args=[assessment.pk]) in html
    assert "Record session" not in html


def test_the_counts_sit_at_the_top(people, browser_as, owner, planned_episode):
    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    html = page(browser_as(people.owner))
    counts = html[html.index('class="dash-counts"') : html.index("My caseload</h2>")]
    assert "<strong>1</strong> episode on the worklist<" in counts
    assert "<strong>1</strong> unsigned note<" in counts


def test_no_active_episode_shows_the_empty_state(people, browser_as):
    html = page(browser_as(people.owner))
    assert "Nothing on the worklist." in html and "Every note is signed." in html


def test_the_page_has_no_inline_style_or_script(people, browser_as, owner, planned_episode):
    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    html = page(browser_as(people.owner))
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_front_desk_is_sent_to_the_client_list(people, browser_as, planned_episode):
    response = browser_as(people.front_desk).get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("client_list")


def test_an_outsider_sees_none_of_another_clinics_episodes(people, browser_as, planned_episode):
    outsider = staff_actor(people.outsider)
    theirs = make_client(
        outsider, given_name="Otto", family_name="Elsewhere", date_of_birth=date(1970, 1, 1),
        sex="male",
    )  # fmt: skip
    make_episode(outsider, theirs, days_since_onset=0, complaint="Stiff")
    html = page(browser_as(people.outsider))
    assert "Otto Elsewhere" in html
    assert "Maria Okafor" not in html and str(planned_episode.pk) not in html


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_a_recorded_referral_is_on_today_awaiting_its_outcome(people, browser_as, owner, episode):
    from myomap.records.assessments.actions import red_flag_action_record

    assessment = make_assessment(owner, episode, red_flags=["bladder_dysfunction_new"])
    red_flag_action_record(
        actor=owner,
        assessment_id=assessment.pk,
        data={"referred_to": "Emergency department", "referred_on": date.today().isoformat()},
    )
    html = page(browser_as(people.owner))
    assert "Referred — awaiting outcome: Emergency department" in html
    assert "Record session" not in html and "Red flag: refer before" not in html
