"""Plan pages: clinicians generate, view, edit (reason required) and compare; front desk 403,
other clinics 404; the red flag blocks generation; query counts stay flat."""

from __future__ import annotations

import pytest
from django.urls import reverse

from myomap.accounts.models import AuditEvent
from myomap.records.assessments.services import assessment_red_flags_save
from myomap.records.models import Plan
from myomap.records.plans.services import plan_generate
from myomap.web.templatetags.words import short_citation
from tests.factories import FINDING, make_assessment, make_episode


@pytest.fixture
def assessment(owner, client_record):
    episode = make_episode(owner, client_record, days_since_onset=60)
    return make_assessment(owner, episode, pain_map=[{"region": "si_joint_r"}])


@pytest.fixture
def plan(people, actor_of, assessment):
    return plan_generate(actor=actor_of(people.owner), assessment_id=assessment.pk)


EDIT = {"action": "start_stage_early", "stage": "restore_flexibility", "reason": "Moving well"}


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_clinicians_generate_and_see_the_staged_plan(people, assessment, browser_as, who):
    browser = browser_as(getattr(people, who))
    response = browser.post(reverse("plan_generate", args=[assessment.pk]))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == reverse("plan_detail", args=[plan.pk])
    body = browser.get(response.url).content.decode()
    for stage in ("Relieve muscular spasm", "Restore flexibility", "Build endurance"):
        assert stage in body
    assert "Aftercare" in body and plan.kb_version in body and "Expected course" in body


def test_the_plan_page_shows_stage_one_activities_matched_care_and_evidence_grades(
    people, plan, browser_as
):
    body = browser_as(people.owner).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    stage_one = plan.output["stages"][0]
    assert any(e["kind"] in ("activity", "education") for e in stage_one["exercises"])
    assert "Keep up your normal activities" in body and "Progress:" in body
    assert "Matched care" in body and plan.output["matched_care"]["text"] in body
    assert "Evidence grade" in body


def test_front_desk_gets_403_and_another_clinic_404_everywhere(people, plan, browser_as):
    urls = [reverse("plan_detail", args=[plan.pk]), reverse("plan_compare", args=[plan.pk])]
    for user, status in ((people.front_desk, 403), (people.outsider, 404)):
        browser = browser_as(user)
        for url in urls:
            assert browser.get(url).status_code == status
        assert browser.post(reverse("plan_edit", args=[plan.pk]), EDIT).status_code == status
        generate = reverse("plan_generate", args=[plan.assessment_id])
        assert browser.post(generate).status_code == status
    assert Plan.objects.count() == 1


def test_the_red_flag_blocks_generation_and_shows_the_action(
    people, actor_of, assessment, browser_as
):
    assessment_red_flags_save(
        actor=actor_of(people.owner),
        assessment_id=assessment.pk,
        data={"findings": ["bladder_dysfunction_new", "saddle_sensory_change_new"]},
    )
    browser = browser_as(people.owner)
    response = browser.post(reverse("plan_generate", args=[assessment.pk]), follow=True)
    assert Plan.objects.count() == 0
    assert "No plan generated" in response.content.decode()
    page = browser.get(reverse("assessment_step", args=[assessment.pk, "plan"])).content.decode()
    assert "No plan while this red flag stands" in page and "Generate plan" not in page


def test_an_edit_without_a_reason_is_refused_in_place(people, plan, browser_as):
    response = browser_as(people.owner).post(
        reverse("plan_edit", args=[plan.pk]), {**EDIT, "reason": ""}
    )
    assert response.status_code == 400
    assert "A reason is required" in response.content.decode()
    assert Plan.objects.count() == 1


def test_an_edit_with_a_reason_is_a_new_version_and_versions_compare(people, plan, browser_as):
    browser = browser_as(people.colleague)
    response = browser.post(reverse("plan_edit", args=[plan.pk]), EDIT)
    new = Plan.objects.get(version=2)
    assert response.url == reverse("plan_detail", args=[new.pk])
    body = browser.get(response.url).content.decode()
    assert "“Moving well”" in body and "may start early" in body
    compare = browser.get(reverse("plan_compare", args=[new.pk]) + f"?with={plan.pk}")
    assert compare.status_code == 200 and "may now start early" in compare.content.decode()
    assert AuditEvent.objects.filter(object_type="plan", action="create").count() == 2


def test_the_plan_page_query_count_is_flat(
    people, actor_of, plan, browser_as, django_assert_max_num_queries
):
    for _ in range(3):
        plan_generate(actor=actor_of(people.owner), assessment_id=plan.assessment_id)
    browser = browser_as(people.owner)
    with django_assert_max_num_queries(16):
        assert browser.get(reverse("plan_detail", args=[plan.pk])).status_code == 200


def test_a_trigger_point_to_check_cites_its_source_as_the_rest_of_the_plan_does(
    owner, people, client_record, browser_as
):
    latent = {**FINDING, "trigger_point": "latent", "referral_reproduced": ""}
    episode = make_episode(owner, client_record, days_since_onset=60)
    checked = make_assessment(owner, episode, red_flags=[], findings=[latent])
    plan = plan_generate(actor=owner, assessment_id=checked.pk)
    sources = {c["source"] for s in plan.output["stages"] for c in s["checks"]}
    assert sources, "the latent trigger point is a check before treating"
    body = browser_as(people.owner).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Check before treating" in body
    for key in sources:
        assert f"[{key}]" not in body
        assert f'href="{reverse("source_card", args=[key])}"' in body
        assert short_citation(key) in body
