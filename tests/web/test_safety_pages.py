"""Health and precautions on the assessment page, and the visit's health re-screen and
neurological re-check on the session note (a worse re-check escalates and stops treatment)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from myomap.records.models import SessionSafetyCheck, TreatmentSession
from tests.web.test_session_pages import form_post

pytestmark = pytest.mark.django_db


def test_the_health_section_stores_precautions_and_feeds_the_plan(
    people, browser_as, assessment, actor_of
):
    from myomap.records.plans.services import plan_generate

    web = browser_as(people.owner)
    url = reverse("assessment_section", args=[assessment.pk, "health"])
    response = web.post(
        url,
        {
            "anticoagulant": "yes",
            "precaution": ["pregnancy"],
            "gestation_weeks": "24",
            "medications": "apixaban 5 mg",
            "clinician_scope": "massage_nmt",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.precautions_input["findings"] == ["pregnancy", "anticoagulant_therapy"]
    plan = plan_generate(actor=actor_of(people.owner), assessment_id=assessment.pk)
    in_force = {p["id"] for p in plan.output["precautions"]["in_force"]}
    assert in_force == {"pregnancy", "anticoagulant_therapy"}
    page = web.get(reverse("assessment_step", args=[assessment.pk, "health"])).content.decode()
    assert "Health and precautions" in page and "anticoagulant" in page


def test_the_anticoagulant_question_must_be_answered_and_nothing_is_saved(
    people, browser_as, assessment, actor_of
):
    web = browser_as(people.owner)
    url = reverse("assessment_section", args=[assessment.pk, "health"])
    response = web.post(url, {"precaution": ["osteoporosis"]})
    assert response.status_code == 200
    assert "health.anticoagulant" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.precautions_input == {}


def test_weeks_without_pregnancy_are_refused_naming_the_field(
    people, browser_as, assessment, actor_of
):
    web = browser_as(people.owner)
    url = reverse("assessment_section", args=[assessment.pk, "health"])
    response = web.post(url, {"anticoagulant": "no", "gestation_weeks": "20"})
    assert "precautions.gestation_weeks" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.precautions_input == {}


def _draft(web, episode) -> TreatmentSession:
    web.post(reverse("session_new", args=[episode.pk]), form_post())
    return TreatmentSession.objects.get(episode=episode)


def test_the_health_re_screen_records_a_change_and_updates_the_precautions_in_force(
    people, browser_as, planned_episode
):
    web = browser_as(people.owner)
    session = _draft(web, planned_episode)
    url = reverse("session_safety_check", args=[session.pk])
    web.post(
        url,
        {
            "health_changed": "yes",
            "health_note": "Started warfarin",
            "precautions_added": ["anticoagulant_therapy"],
        },
    )
    check = SessionSafetyCheck.objects.get(session=session)
    assert check.precautions_added == ["anticoagulant_therapy"]
    page = web.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "Not yet reflected in the plan" in page and "Anticoagulant" in page


def test_the_health_question_must_be_answered(people, browser_as, planned_episode):
    web = browser_as(people.owner)
    session = _draft(web, planned_episode)
    response = web.post(reverse("session_safety_check", args=[session.pk]), {}, follow=True)
    assert "any change in health or medication" in response.content.decode()
    assert not SessionSafetyCheck.objects.filter(session=session).exists()


def test_a_radicular_plan_asks_for_the_neurological_re_check(people, browser_as, radicular_episode):
    web = browser_as(people.owner)
    session = _draft(web, radicular_episode)
    page = web.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "Neurological re-check" in page and "Slump test" in page
    response = web.post(
        reverse("session_safety_check", args=[session.pk]), {"health_changed": "no"}, follow=True
    )
    assert "record the neurological re-check" in response.content.decode()


def test_a_worse_neurological_re_check_escalates_and_stops_new_notes(
    people, browser_as, radicular_episode
):
    web = browser_as(people.owner)
    session = _draft(web, radicular_episode)
    web.post(
        reverse("session_safety_check", args=[session.pk]),
        {"health_changed": "no", "neuro_myotomes": "worse", "neuro_reflexes": "same"},
    )
    check = SessionSafetyCheck.objects.get(session=session)
    assert check.escalation["urgency"] == "emergency_same_day"
    page = web.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "Neurological re-check worse" in page
    before = TreatmentSession.objects.count()
    response = web.post(
        reverse("session_new", args=[radicular_episode.pk]),
        form_post(seen_on=date.today().isoformat()),
        follow=True,
    )
    assert TreatmentSession.objects.count() == before
    assert "neurological re-check" in response.content.decode()


def test_a_note_with_techniques_cannot_be_signed_after_a_worse_re_check(
    people, actor_of, browser_as, radicular_episode
):
    from myomap.errors import ValidationFailed
    from myomap.records.sessions.services import session_sign

    web = browser_as(people.owner)
    session = _draft(web, radicular_episode)
    assert session.techniques.exists()
    web.post(
        reverse("session_safety_check", args=[session.pk]),
        {"health_changed": "no", "neuro_slump": "worse"},
    )
    with pytest.raises(ValidationFailed) as refused:
        session_sign(actor=actor_of(people.owner), session_id=session.pk)
    assert "remove the techniques" in str(refused.value.errors["techniques"])


def test_the_plan_page_shows_the_recheck_safety_netting_and_item_cautions(
    people, browser_as, radicular_episode
):
    from myomap.records.models import Plan

    plan = Plan.objects.filter(episode=radicular_episode).latest("created_at")
    page = browser_as(people.owner).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Neurological re-check at every visit" in page
    assert "Safety-netting (tell the client)" in page
    assert "Caution (low)" in page  # the QL palpation caution beside its item


def test_the_palpation_form_lists_the_palpation_cautions(people, browser_as, planned_episode):
    assessment = planned_episode.assessments.order_by("-number").first()
    page = browser_as(people.owner).get(
        reverse("assessment_step", args=[assessment.pk, "palpation"])
    )
    text = page.content.decode()
    assert "Palpation cautions" in text and "femoral pulse" in text


def test_progress_judges_the_re_screen_with_the_visit_dates(people, browser_as, planned_episode):
    from myomap.records.sessions.progress import progress_engine_input

    web = browser_as(people.owner)
    session = _draft(web, planned_episode)
    document = progress_engine_input(session.plan, [session], [])
    assert document["sessions"][0]["date"] == session.seen_on.isoformat()
    page = web.get(reverse("episode_progress", args=[planned_episode.pk]))
    assert page.status_code == 200


def test_a_re_assessment_starts_from_the_precautions_in_force_with_visit_changes(
    people, actor_of, browser_as, planned_episode
):
    from myomap.records.assessments.services import assessment_create

    web = browser_as(people.owner)
    session = _draft(web, planned_episode)
    web.post(
        reverse("session_safety_check", args=[session.pk]),
        {
            "health_changed": "yes",
            "health_note": "Started apixaban",
            "precautions_added": ["anticoagulant_therapy"],
        },
    )
    again = assessment_create(actor=actor_of(people.owner), episode_id=planned_episode.pk)
    assert again.precautions_input["findings"] == ["anticoagulant_therapy"]
    assert again.precautions_input["anticoagulant"] == "yes"


def test_a_worse_re_check_is_shown_in_words_never_the_urgency_id(
    people, browser_as, radicular_episode
):
    web = browser_as(people.owner)
    session = _draft(web, radicular_episode)
    saved = web.post(
        reverse("session_safety_check", args=[session.pk]),
        {"health_changed": "no", "neuro_myotomes": "worse", "neuro_reflexes": "same"},
        follow=True,
    ).content.decode()
    episode_page = web.get(reverse("episode_detail", args=[radicular_episode.pk])).content.decode()
    plan_page = web.get(reverse("plan_detail", args=[session.plan_id])).content.decode()
    for page in (saved, episode_page, plan_page):
        assert "emergency_same_day" not in page
    assert "Neurological re-check worse — emergency, same day" in saved
    assert "emergency, same day" in plan_page


def test_a_refused_health_re_screen_shows_again_what_was_typed(
    people, browser_as, radicular_episode
):
    web = browser_as(people.owner)
    session = _draft(web, radicular_episode)
    typed = {
        "health_changed": "yes",
        "health_note": "Started a new tablet for blood pressure",
        "precautions_added": ["anticoagulant_therapy"],
        "gestation_weeks": "60",  # refused: 0 to 45
        "neuro_myotomes": "same",
        "neuro_reflexes": "better",
        "neuro_note": "L5 power 4/5 as before",
    }
    page = web.post(
        reverse("session_safety_check", args=[session.pk]), typed, follow=True
    ).content.decode()
    assert not SessionSafetyCheck.objects.filter(session=session).exists()
    assert "gestation_weeks" in page  # the refusal names the field
    assert ">Started a new tablet for blood pressure</textarea>" in page
    assert ">L5 power 4/5 as before</textarea>" in page
    assert 'name="gestation_weeks" inputmode="numeric" value="60"' in page
    assert 'value="yes" checked' in page
    assert 'value="anticoagulant_therapy" checked' in page
    assert re.search(r'name="neuro_reflexes">.*?<option value="better" selected', page, re.S)
    # Once: the next drawing of the page shows the saved state (nothing saved) again.
    again = web.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "Started a new tablet" not in again


def test_the_plan_page_names_positions_in_words(people, browser_as, episode, actor_of):
    from myomap.records.assessments.precautions import assessment_precautions_save
    from myomap.records.assessments.services import assessment_create
    from myomap.records.plans.services import plan_generate

    owner = actor_of(people.owner)
    assessment = assessment_create(actor=owner, episode_id=episode.pk)
    assessment_precautions_save(
        actor=owner,
        assessment_id=assessment.pk,
        data={"findings": ["pregnancy"], "gestation_weeks": 28, "anticoagulant": "no"},
    )
    plan = plan_generate(actor=owner, assessment_id=assessment.pk)
    page = browser_as(people.owner).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Face down — avoid" in page and "Side-lying — caution" in page
    assert "side_lying —" not in page
