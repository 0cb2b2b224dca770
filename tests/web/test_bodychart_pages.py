"""Body-chart pages: clinicians only, other clinics 404, saves by htmx (answers with candidate
muscles) or plain form (redirect; refused field named), flat query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from myomap.records.models import PainMapEntry
from tests.audit_helpers import audited
from tests.factories import make_assessment, make_episode


@pytest.fixture
def assessment(owner, client_record):
    return make_assessment(owner, make_episode(owner, client_record, days_since_onset=30))


FORM = {"regions": ["si_joint_r", "buttock_lower_r"], "intensity_si_joint_r": "7",
        "quality_si_joint_r": "ache"}  # fmt: skip


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_clinicians_see_the_chart_with_every_region(people, assessment, browser_as, who):
    html = browser_as(getattr(people, who)).get(reverse("pain_map_page", args=[assessment.pk]))
    body = html.content.decode()
    assert html.status_code == 200
    assert body.count('class="region ') >= 90
    assert "Front (facing you)" in body and "Sacroiliac joint region (R)" in body
    assert 'name="regions" value="sacrum"' in body  # the no-JavaScript checklist


def test_the_assessment_page_includes_the_chart_and_plan_slot(people, assessment, browser_as):
    web = browser_as(people.owner)
    body = web.get(reverse("assessment_step", args=[assessment.pk, "body-chart"]))
    assert "data-bodychart" in body.content.decode()
    plan = web.get(reverse("assessment_step", args=[assessment.pk, "plan"]))
    assert "Generate plan" in plan.content.decode()


@pytest.mark.parametrize("slug", ["body-chart", "palpation"])
def test_a_step_page_reads_the_drawing_once(people, owner, client_record, browser_as, slug):
    episode = make_episode(owner, client_record, days_since_onset=30)
    drawn = make_assessment(owner, episode, pain_map=[{"region": "si_joint_r", "intensity": 7}])
    web = browser_as(people.owner)
    table = PainMapEntry._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        page = web.get(reverse("assessment_step", args=[drawn.pk, slug]))
    html = page.content.decode()
    assert page.status_code == 200
    if slug == "body-chart":  # the drawing is shown, and its read audited
        assert 'data-region-button="si_joint_r" aria-pressed="true"' in html
        reads = audited(action="read", object_type="pain_map", object_id=str(drawn.pk))
        assert reads and reads[-1]["detail"] == {"regions": 1}
    else:  # a finding's side defaults to the drawn pain's
        assert "the side of the marked pain" in html
    assert len([q for q in captured if f'FROM "{table}"' in q["sql"]]) == 1


def test_front_desk_gets_403_and_another_clinic_404(people, assessment, browser_as):
    save = reverse("pain_map_save", args=[assessment.pk])
    page = reverse("pain_map_page", args=[assessment.pk])
    desk = browser_as(people.front_desk)
    assert desk.get(page).status_code == 403
    assert desk.post(save, FORM).status_code == 403
    outsider = browser_as(people.outsider)
    assert outsider.get(page).status_code == 404
    assert outsider.post(save, FORM).status_code == 404
    assert PainMapEntry.objects.count() == 0


def test_an_htmx_save_answers_with_the_candidate_muscles(people, assessment, browser_as):
    response = browser_as(people.colleague).post(
        reverse("pain_map_save", args=[assessment.pk]), FORM, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="candidates"' in body and "Quadratus lumborum" in body
    assert 'data-zones="' in body and "Record palpation finding" in body
    assert PainMapEntry.objects.get(region="si_joint_r").intensity == 7


def test_a_plain_form_save_redirects_back_to_the_chart(people, assessment, browser_as):
    response = browser_as(people.owner).post(reverse("pain_map_save", args=[assessment.pk]), FORM)
    assert response.status_code == 302 and response.url.endswith("#body-chart")
    assert PainMapEntry.objects.count() == 2


def test_intensity_eleven_is_refused_naming_the_region_and_keeping_the_drawing(
    people, assessment, browser_as
):
    response = browser_as(people.owner).post(
        reverse("pain_map_save", args=[assessment.pk]), {**FORM, "intensity_si_joint_r": "11"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Intensity for Sacroiliac joint region (R) must be a whole number 0–10" in body
    assert 'value="buttock_lower_r" id="id_region_buttock_lower_r" checked' in body
    assert PainMapEntry.objects.count() == 0


def test_the_chart_page_query_count_does_not_grow_with_the_drawing(
    people, assessment, browser_as, django_assert_max_num_queries
):
    browser = browser_as(people.owner)
    every = {"regions": ["si_joint_r", "sacrum", "flank_l", "groin_r", "shin_l", "heel_r"]}
    browser.post(reverse("pain_map_save", args=[assessment.pk]), every)
    with django_assert_max_num_queries(14):
        assert browser.get(reverse("pain_map_page", args=[assessment.pk])).status_code == 200


def test_a_candidate_opens_the_finding_form_prefilled_at_that_section(
    people, assessment, browser_as
):
    web = browser_as(people.owner)
    body = web.post(
        reverse("pain_map_save", args=[assessment.pk]), FORM, HTTP_HX_REQUEST="true"
    ).content.decode()
    detail = reverse("assessment_detail", args=[assessment.pk])
    assert f'href="{detail}?muscle=quadratus_lumborum&amp;side=right#add-finding"' in body
    page = web.get(detail + "?muscle=quadratus_lumborum&side=right", follow=True).content.decode()
    form = page[page.index('id="add-finding"') :]
    assert '<option value="quadratus_lumborum" selected>' in form
    assert '<option value="right" selected>' in form and "the candidate&#x27;s side" in form


def test_each_candidate_card_explains_its_own_side_in_words(people, assessment, browser_as):
    both = {"regions": ["si_joint_r", "si_joint_l", "buttock_lower_r"]}
    body = (
        browser_as(people.owner)
        .post(reverse("pain_map_save", args=[assessment.pk]), both, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    cards = body.split('<li class="candidate"')[1:]
    for card in cards:
        side = (
            "both sides"
            if "· both sides" in card
            else "left side"
            if "· left" in card
            else "right side"
        )
        assert f"({side}) refers pain to" in card
    assert "score " not in body.replace('class="candidate-score"', "")


def test_the_finding_side_defaults_to_the_side_of_the_pain(people, assessment, browser_as):
    web = browser_as(people.owner)
    web.post(reverse("pain_map_save", args=[assessment.pk]), FORM)
    page = web.get(reverse("assessment_step", args=[assessment.pk, "palpation"])).content.decode()
    form = page[page.index('id="add-finding"') :]
    assert '<option value="right" selected>' in form and "the side of the marked pain" in form
