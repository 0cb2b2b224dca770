"""The assessment in steps: one page per step (one per questionnaire), each section saving on
its own and refusing bad input on its own step, the step list showing what each step holds, the
red flag on every step, and the reasoning read from what was stored (never recomputed on GET)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from myomap.records.models import Assessment
from myomap.web.forms.questionnaires import INSTRUMENT_ORDER
from myomap.web.presenters.assessment_steps import STEPS

HTMX = {"HTTP_HX_REQUEST": "true"}


def step(assessment, slug, instrument=None) -> str:
    if instrument:
        return reverse("assessment_measure_step", args=[assessment.pk, instrument])
    return reverse("assessment_step", args=[assessment.pk, slug])


def section(assessment, name) -> str:
    return reverse("assessment_section", args=[assessment.pk, name])


@pytest.mark.django_db
def test_every_step_and_questionnaire_page_opens_with_the_step_list(people, assessment, browser_as):
    web = browser_as(people.owner)
    pages = [step(assessment, s.slug) for s in STEPS if s.slug != "measures"]
    pages += [step(assessment, "measures", m) for m in INSTRUMENT_ORDER]
    for url in pages:
        response = web.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count('aria-current="step"') == 1 and 'id="assessment-steps"' in html
        assert "no-store" in response["Cache-Control"]
    assert web.get(step(assessment, "measures")).url == step(assessment, "measures", "nprs")
    assert web.get(step(assessment, "nowhere")).status_code == 404
    assert web.get(step(assessment, "measures", "sf36")).status_code == 404
    opened = web.get(reverse("assessment_detail", args=[assessment.pk]))
    assert opened.url == step(assessment, "red-flags")  # red flags first


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, data, slug, anchor",
    [
        ("red_flags", {"findings": []}, "red-flags", "red-flags"),
        ("health", {"anticoagulant": "no"}, "health", "health"),
        ("severity", {"pain_pattern": "persistent"}, "severity", "severity"),
        ("posture", {"pelvic_torsion": "yes"}, "posture", "posture"),
        ("rmdq", {"rmdq": ["1", "4"]}, "measures/rmdq", "measure-rmdq"),
    ],
)
def test_a_step_saves_alone_and_comes_back_to_its_own_page(
    people, assessment, browser_as, name, data, slug, anchor
):
    response = browser_as(people.owner).post(section(assessment, name), data)
    url = f"/assessments/{assessment.pk}/steps/{slug}/#{anchor}"
    assert response.status_code == 302 and response.url == url
    assessment.refresh_from_db()
    stored = {
        "red_flags": assessment.triage_result,
        "health": assessment.precautions_input.get("anticoagulant"),
        "severity": assessment.severity_result,
        "posture": assessment.posture_input,
        "rmdq": assessment.scores.get("rmdq"),
    }
    assert stored[name]
    others = {k for k, v in stored.items() if v and k != name}
    assert others <= {"health"}  # only the health section carries a default forward


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, data, slug, named",
    [
        ("red_flags", {"findings": ["no_such_flag"]}, "red-flags", "red_flags.findings"),
        ("red_flags", {"onset_age": "1e1"}, "red-flags", "red_flags.onset_age"),
        ("health", {"gestation_weeks": "12"}, "health", "gestation_weeks"),
        ("severity", {"pain_pattern": "sometimes"}, "severity", "severity.pain_pattern"),
        ("fabq", {"fabq_0": "7"}, "measures", "fabq.answers.0"),
        ("start_back", {"start_back": ["8"]}, "measures", "start_back.items"),
    ],
)
def test_bad_input_is_refused_on_its_own_step_and_saves_nothing(
    people, assessment, browser_as, name, data, slug, named
):
    web = browser_as(people.owner)
    for extra in ({}, HTMX):
        response = web.post(section(assessment, name), data, **extra)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Not saved" in html and named in html
        if not extra:  # the whole step page, that step current
            assert f'href="/assessments/{assessment.pk}/steps/{slug}/" aria-current="step"' in html
    before = Assessment.objects.get(pk=assessment.pk)
    assert before.triage_result is None and before.scores == {}
    assert before.severity_result is None


@pytest.mark.django_db
def test_the_step_list_marks_what_each_step_holds(people, assessment, browser_as, actor_of):
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save

    web = browser_as(people.owner)
    html = web.get(step(assessment, "severity")).content.decode()
    assert "Not screened" in html and "None scored" in html and "Not generated" in html
    actor = actor_of(people.owner)
    assessment_measure_save(actor=actor, assessment_id=assessment.pk, instrument="nprs", answers=4)
    muscle_finding_add(
        actor=actor, assessment_id=assessment.pk, data={"muscle": "piriformis", "side": "left"}
    )
    web.post(section(assessment, "red_flags"), {"findings": []})
    html = web.get(step(assessment, "severity")).content.decode()
    assert "Screened" in html and "1 of 6 scored" in html and "1 finding" in html
    assert html.count("state-done") >= 3


@pytest.mark.django_db
def test_a_fired_red_flag_shows_on_every_step(people, assessment, browser_as):
    web = browser_as(people.owner)
    web.post(section(assessment, "red_flags"), {"findings": ["radicular_pain"]})
    for s in STEPS:
        html = web.get(step(assessment, s.slug), follow=True).content.decode()
        assert "Stable radiculopathy" in html, s.slug
    web.post(section(assessment, "red_flags"), {"findings": ["bladder_dysfunction_new"]})
    for s in STEPS:
        html = web.get(step(assessment, s.slug), follow=True).content.decode()
        assert "Record the referral" in html and "Red flag: act now" in html, s.slug


@pytest.mark.django_db
def test_htmx_save_swaps_the_section_with_the_banner_and_step_list(people, assessment, browser_as):
    html = (
        browser_as(people.owner)
        .post(section(assessment, "red_flags"), {"findings": ["bladder_dysfunction_new"]}, **HTMX)
        .content.decode()
    )
    assert 'id="red-flags"' in html and "<html" not in html
    assert 'id="red-flag-banner" hx-swap-oob="true"' in html
    assert 'id="assessment-steps" aria-label="Assessment steps" hx-swap-oob="true"' in html


@pytest.mark.django_db
def test_the_reasoning_step_reads_the_stored_summary_and_never_runs_the_engine(
    people, assessment, browser_as, actor_of, monkeypatch
):
    from myomap.records.assessments import document
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.web.presenters.assessment_page import _reasoning

    muscle_finding_add(
        actor=actor_of(people.owner),
        assessment_id=assessment.pk,
        data={"muscle": "quadratus_lumborum", "side": "right", "spasm": "on"},
    )
    assessment = Assessment.objects.get(pk=assessment.pk)
    stored = assessment.reasoning_result
    assert stored is not None
    # What is stored is exactly what the engine says now: the page shows the same summary.
    assert document.assessment_reasoning(assessment) == stored

    def engine_called(*args, **kwargs):
        raise AssertionError("the page ran the reasoning engine")

    monkeypatch.setattr(document, "reasoning_run", engine_called)
    html = browser_as(people.owner).get(step(assessment, "reasoning")).content.decode()
    assert "Reasoning summary" in html and "Quadratus lumborum (right)" in html
    assert f"/assessments/{assessment.pk}/steps/palpation/#finding-quadratus_lumborum-right" in html
    assert _reasoning(assessment)["causal_chain"][0]["id"] == stored["causal_chain"][0]["id"]
    assert "links" not in assessment.reasoning_result["causal_chain"][0]  # stored copy untouched


@pytest.mark.django_db
def test_a_new_assessment_stores_its_reasoning_from_the_start(people, assessment):
    assert assessment.reasoning_result is not None
    assert {s["status"] for s in assessment.reasoning_result["causal_chain"]} == {"not_assessed"}


@pytest.mark.django_db
def test_the_candidate_link_opens_the_palpation_step_filled_in(people, assessment, browser_as):
    url = reverse("assessment_detail", args=[assessment.pk]) + "?muscle=piriformis&side=left"
    response = browser_as(people.owner).get(url)
    assert response.url == step(assessment, "palpation") + "?muscle=piriformis&side=left"


@pytest.mark.django_db
def test_the_candidates_step_names_the_regions_of_a_drawing(
    people, assessment, browser_as, actor_of
):
    from myomap.clinical.kb import get_kb
    from myomap.records.painmap import assessment_pain_map_save

    assessment_pain_map_save(
        actor=actor_of(people.owner),
        assessment_id=assessment.pk,
        entries=[{"region": "si_joint_r", "intensity": 6, "quality": "ache"}],
    )
    response = browser_as(people.owner).get(step(assessment, "candidates"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="candidate-card"' in html
    assert get_kb().regions["si_joint_r"].label in html


@pytest.mark.django_db
def test_the_result_box_says_no_referral_when_a_concern_is_listed(people, assessment, browser_as):
    """A concern that needs no referral (a stable radiculopathy) is a rule that matched: the box
    must not say that none did."""
    web = browser_as(people.owner)
    web.post(section(assessment, "red_flags"), {"findings": ["radicular_pain"]})
    html = web.get(step(assessment, "red-flags"), follow=True).content.decode()
    assert "Stable radiculopathy" in html
    assert "No red-flag rule matched" not in html
    assert "No referral needed" in html
    web.post(section(assessment, "red_flags"), {"findings": []})
    html = web.get(step(assessment, "red-flags"), follow=True).content.decode()
    assert "No red-flag rule matched" in html and "No referral needed" not in html
