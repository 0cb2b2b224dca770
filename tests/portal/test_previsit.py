"""Before the visit: the client's answers are saved part by part, refused input names the
field and saves nothing, sending puts warning signs on Today, and the clinician sees the draft
marked client-reported with the candidate muscles, and accepts it into the assessment."""

from __future__ import annotations

import pytest

from myomap.accounts.models import AuditEvent
from myomap.portal.models import PreVisitAnswers
from myomap.portal.previsit.questions import HEALTH_QUESTIONS, RED_FLAG_QUESTIONS

pytestmark = pytest.mark.django_db


def all_no(**overrides):
    data = {q.finding: "no" for q in RED_FLAG_QUESTIONS}
    data.update(overrides)
    return data


def health_answers(**overrides):
    data = {q.finding: "no" for q in HEALTH_QUESTIONS}
    data.update({"pregnant": "no", "anticoagulant": "no"}, **overrides)
    return data


PSFS = {
    "psfs_activity_0": "Putting on socks",
    "psfs_rating_0": "3",
    "psfs_activity_1": "Sitting through a film",
    "psfs_rating_1": "4",
    "psfs_activity_2": "Lifting my child",
    "psfs_rating_2": "2",
}


@pytest.fixture
def in_portal(issue_link, portal_in, episode):
    link, token = issue_link()
    return portal_in(token), link


def fill_and_send(c, red_flags=None):
    assert c.post("/p/before/red-flags/", red_flags or all_no()).status_code == 302
    assert c.post("/p/before/pain-score/", {"nprs": "6"}).status_code == 302
    assert c.post("/p/before/activities/", PSFS).status_code == 302
    assert c.post("/p/before/health/", health_answers(anticoagulant="yes")).status_code == 302
    drawing = {
        "regions": ["gluteal_fold_r", "lumbar_paraspinal_lower_r"],
        "intensity_gluteal_fold_r": "7",
        "quality_gluteal_fold_r": "ache",
        "intensity_lumbar_paraspinal_lower_r": "5",
        "quality_lumbar_paraspinal_lower_r": "",
    }
    response = c.post("/p/before/drawing/", drawing)
    assert response.status_code == 302, response.content[:2000]
    assert c.post("/p/before/send/").status_code == 302


def test_parts_save_and_resume(issue_link, portal_in, episode):
    link, token = issue_link()
    c = portal_in(token)
    overview = c.get("/p/", follow=True)
    assert b"Before your visit" in overview.content and b"To do" in overview.content
    assert c.post("/p/before/pain-score/", {"nprs": "4"})["Location"] == "/p/before/activities/"
    c.post("/p/leave")
    # Later, in a new browser, the same link: the answer is still there.
    from django.test import Client

    again = Client()
    again.get("/p/open", {"t": token})
    again.post("/p/confirm", {"dob_day": "12", "dob_month": "3", "dob_year": "1984"})
    assert PreVisitAnswers.objects.get(link=link).nprs == 4
    assert b'value="4" checked' in again.get("/p/before/pain-score/").content
    assert "✓ Done" in again.get("/p/before/").content.decode()


def test_refused_part_names_the_field_and_saves_nothing(in_portal):
    c, link = in_portal
    data = all_no()
    del data["fever"]
    response = c.post("/p/before/red-flags/", data)
    assert response.status_code == 400
    assert b"Please answer every question" in response.content
    assert b'href="#id_fever"' in response.content
    assert PreVisitAnswers.objects.get(link=link).red_flags == {}
    bad = c.post("/p/before/pain-score/", {"nprs": "11"})
    assert bad.status_code == 400 and b"Choose a number from 0 to 10" in bad.content
    long = c.post("/p/before/health/", health_answers(conditions="x" * 1001))
    assert long.status_code == 400 and b"at most 1000 characters" in long.content
    psfs = c.post("/p/before/activities/", {"psfs_activity_0": "Walking", "psfs_rating_0": "5"})
    assert psfs.status_code == 400 and b"at least 3 activities" in psfs.content
    drawing = c.post(
        "/p/before/drawing/", {"regions": ["gluteal_fold_r"], "intensity_gluteal_fold_r": "12"}
    )
    assert drawing.status_code == 400 and b"must be a whole number 0" in drawing.content
    unknown = c.post("/p/before/drawing/", {"regions": ["elbow_x"]})
    assert unknown.status_code == 400
    nul = c.post("/p/before/health/", health_answers(conditions="a\x00b"))
    assert nul.status_code == 400
    answers = PreVisitAnswers.objects.get(link=link)
    assert answers.nprs is None and answers.psfs == [] and answers.health == {}
    assert answers.pain == []


@pytest.mark.parametrize(
    "posted, field, message",
    [
        (
            {"regions": ["gluteal_fold_r"], "intensity_gluteal_fold_r": "12"},
            "intensity_gluteal_fold_r",
            "must be a whole number 0–10",
        ),
        (
            {"regions": ["gluteal_fold_r"], "quality_gluteal_fold_r": "itchy"},
            "quality_gluteal_fold_r",
            "must be one of: ache, sharp,",
        ),
        ({}, "regions", "Tick at least one place"),
    ],
)
def test_a_refused_drawing_lists_each_error_once_linked_to_its_field(
    in_portal, posted, field, message
):
    c, _ = in_portal
    response = c.post("/p/before/drawing/", posted)
    html = response.content.decode()
    assert response.status_code == 400
    # One error summary (the portal's, focusable), one link per error, to the field.
    assert html.count("error-summary") == 1 and 'class="portal-error-summary"' in html
    assert html.count(f'href="#id_{field}"') == 1
    assert f'id="id_{field}"' in html
    summary = html.split('class="portal-error-summary"', 1)[1].split("</div>", 1)[0]
    assert message in summary
    if field != "regions":  # the row names its region and says what is allowed beside it
        assert "Gluteal fold" in summary
        kind = field.split("_", 1)[0]
        assert f'aria-describedby="err_{field}"' in html and f'id="err_{field}"' in html
        assert f'id="id_{kind}_gluteal_fold_r"' in html


def test_send_requires_warning_signs_and_writes_once(in_portal):
    c, link = in_portal
    refused = c.post("/p/before/send/")
    assert refused.status_code == 400 and b"warning-sign questions" in refused.content
    c.post("/p/before/red-flags/", all_no())
    token = "3f0b8a4e-2f7c-4a61-9d59-0c1a2b3c4d5e"
    first = c.post("/p/before/send/", {"form_token": token})
    second = c.post("/p/before/send/", {"form_token": token})
    assert first.status_code == second.status_code == 302
    answers = PreVisitAnswers.objects.get(link=link)
    assert answers.status == "submitted"
    sent = AuditEvent.objects.filter(object_type="previsit_answers", detail__submitted=True)
    assert sent.count() == 1
    # After sending, the parts are closed.
    assert c.post("/p/before/pain-score/", {"nprs": "2"})["Location"] == "/p/before/"
    assert b"Thank you" in c.get("/p/before/").content


def test_red_flag_answer_shows_on_today_before_the_visit(client, people, in_portal):
    c, link = in_portal
    fill_and_send(c, all_no(bladder_dysfunction_new="yes"))
    c.post("/p/leave")
    client.force_login(people.colleague)  # not on their caseload: the banner is clinic-wide
    today = client.get("/")
    assert today.status_code == 200
    body = today.content.decode()
    assert "Warning signs reported by clients before their visit" in body
    assert "Maria Okafor" in body and "New bladder problem" in body
    assert "Emergency, same day" in body
    # The front desk does not see clinical answers (it has no Today at all).
    client.force_login(people.front_desk)
    assert client.get("/").status_code == 302
    # Another clinic never sees it.
    client.force_login(people.outsider)
    assert "Maria" not in client.get("/").content.decode()


def test_no_banner_when_all_answers_are_no(client, people, in_portal):
    c, link = in_portal
    fill_and_send(c)
    client.force_login(people.owner)
    assert b"Warning signs reported by clients" not in client.get("/").content


def test_clinician_sees_draft_and_candidates_and_accepts(
    client, people, actor_of, in_portal, episode
):
    from myomap.records.assessments.services import assessment_create
    from myomap.records.models import PainMapEntry

    c, link = in_portal
    fill_and_send(c, all_no(history_of_cancer="yes"))
    assessment = assessment_create(actor=actor_of(people.owner), episode_id=episode.pk)
    client.force_login(people.owner)
    page = client.get(f"/assessments/{assessment.pk}/", follow=True).content.decode()
    assert "Client-reported before the visit" in page
    assert "Past or current cancer" in page
    assert "Putting on socks: 3 / 10" in page
    assert "Candidate muscles from the client's drawing" in page
    assert "refers pain to" in page  # the ranked candidates, explained
    # Nothing is in the assessment until accepted.
    assessment.refresh_from_db()
    assert not assessment.triage_input and "nprs" not in assessment.measures_input
    response = client.post(
        f"/assessments/{assessment.pk}/client-reported/{link.previsit.pk}/accept/",
        {"parts": ["red_flags", "health", "nprs", "psfs", "pain"]},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert "history_of_cancer" in assessment.triage_input["findings"]
    assert assessment.measures_input["nprs"] == 6
    assert assessment.scores["psfs"]["scored"]
    assert "anticoagulant_therapy" in assessment.precautions_input["findings"]
    assert set(
        PainMapEntry.objects.filter(assessment=assessment).values_list("region", flat=True)
    ) == {"gluteal_fold_r", "lumbar_paraspinal_lower_r"}
    # Reviewed: off Today.
    assert b"Warning signs reported by clients" not in client.get("/").content


def test_accept_is_all_or_nothing(client, people, actor_of, in_portal, episode):
    from myomap.records.assessments.services import assessment_create

    c, link = in_portal
    c.post("/p/before/red-flags/", all_no(fever="yes"))
    c.post("/p/before/health/", health_answers(anticoagulant="unsure"))
    c.post("/p/before/send/")
    assessment = assessment_create(actor=actor_of(people.owner), episode_id=episode.pk)
    client.force_login(people.owner)
    response = client.post(
        f"/assessments/{assessment.pk}/client-reported/{link.previsit.pk}/accept/",
        {"parts": ["red_flags", "health"]},
        follow=True,
    )
    assert b"Nothing was accepted" in response.content
    assessment.refresh_from_db()
    assert not assessment.triage_input  # the red flags part was rolled back with health


def test_other_clinic_cannot_see_or_accept(client, people, actor_of, in_portal, episode):
    from myomap.records.assessments.services import assessment_create

    c, link = in_portal
    fill_and_send(c)
    assessment = assessment_create(actor=actor_of(people.owner), episode_id=episode.pk)
    client.force_login(people.outsider)
    assert client.get(f"/assessments/{assessment.pk}/").status_code == 404
    response = client.post(
        f"/assessments/{assessment.pk}/client-reported/{link.previsit.pk}/accept/",
        {"parts": ["nprs"]},
    )
    assert response.status_code == 404


def test_portal_shows_only_this_clients_answers(client, people, issue_link, portal_in, episode):
    from django.test import Client as Browser

    from tests.factories import OTHER_CLIENT, make_client, staff_actor

    other = make_client(staff_actor(people.owner), **OTHER_CLIENT)
    _, other_token = issue_link(client=other)
    other_browser = Browser()
    other_browser.get("/p/open", {"t": other_token})
    other_browser.post("/p/confirm", {"dob_day": "1", "dob_month": "7", "dob_year": "1990"})
    other_browser.post("/p/before/pain-score/", {"nprs": "9"})
    link, token = issue_link()
    c = portal_in(token)
    page = c.get("/p/before/pain-score/").content
    assert b'value="9" checked' not in page and b"Tomasz" not in page
    assert b"Maria" in c.get("/p/before/").content


def test_every_portal_request_is_audited_as_the_client(in_portal, client_record):
    c, link = in_portal
    c.get("/p/before/red-flags/")
    c.post("/p/before/pain-score/", {"nprs": "3"})
    events = AuditEvent.objects.filter(
        username=f"client:{client_record.pk}", object_type="previsit_answers"
    )
    assert {"read", "update"} <= set(events.values_list("action", flat=True))


def test_an_emergency_answer_tells_the_client_at_once(in_portal):
    c, link = in_portal
    saved = c.post("/p/before/red-flags/", all_no(bowel_dysfunction_new="yes"))
    assert saved["Location"] == "/p/before/"  # to the overview, where Send is
    page = c.get("/p/before/").content.decode()
    assert "Some of your answers need a doctor soon" in page
    assert "Go to the emergency department at once" in page
    calm = c.post("/p/before/red-flags/", all_no(smoker="yes"))
    assert calm["Location"] == "/p/before/pain-score/"
    assert "need a doctor soon" not in c.get("/p/before/").content.decode()
