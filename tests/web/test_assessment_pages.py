"""Assessment pages: clinicians of the clinic only (front desk 403, other clinics 404), sections
save independently with or without htmx, refusals name the field and lose nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from myomap.accounts.models import AuditEvent
from myomap.records.models import Assessment, EpisodeStatus, MuscleFinding

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def finding(assessment):
    return MuscleFinding.objects.create(assessment=assessment, muscle="piriformis", side="left")


def endpoints(episode, assessment, finding) -> list[tuple[str, str, dict]]:
    a = assessment.pk
    return [
        ("get", reverse("assessment_detail", args=[a]), {}),
        ("post", reverse("assessment_new", args=[episode.pk]), {}),
        ("post", reverse("assessment_section", args=[a, "red_flags"]), {"findings": []}),
        ("post", reverse("assessment_section", args=[a, "nprs"]), {"nprs": "5"}),
        ("post", reverse("assessment_section", args=[a, "severity"]), {}),
        ("post", reverse("assessment_section", args=[a, "posture"]), {}),
        ("post", reverse("assessment_red_flag_action", args=[a]), {"referred_to": "GP"}),
        ("post", reverse("muscle_finding_add", args=[a]), {"muscle": "iliopsoas", "side": "left"}),
        ("post", reverse("muscle_finding_update", args=[a, finding.pk]), {"tenderness": "1"}),
        ("post", reverse("muscle_finding_delete", args=[a, finding.pk]), {}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("front_desk", 403), ("outsider", 404)])
def test_front_desk_and_other_clinics_reach_no_assessment_page(
    people, episode, assessment, finding, browser_as, who, status
):
    browser = browser_as(getattr(people, who))
    for method, url, data in endpoints(episode, assessment, finding):
        response = getattr(browser, method)(url, data)
        assert response.status_code == status, url
    assert Assessment.objects.count() == 1
    assert MuscleFinding.objects.count() == 1
    assessment.refresh_from_db()
    assert assessment.measures_input == {} and assessment.triage_result is None


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_owner_and_colleague_use_every_assessment_page(
    people, episode, assessment, finding, browser_as, who
):
    browser = browser_as(getattr(people, who))
    for method, url, data in endpoints(episode, assessment, finding):
        response = getattr(browser, method)(url, data)
        assert response.status_code in (200, 302), url
    assert browser.get(reverse("episode_detail", args=[episode.pk])).status_code == 200


@pytest.mark.django_db
def test_episode_page_starts_an_assessment(people, episode, browser_as):
    browser = browser_as(people.owner)
    page = browser.get(reverse("episode_detail", args=[episode.pk])).content.decode()
    assert "Start the initial assessment" in page
    response = browser.post(reverse("assessment_new", args=[episode.pk]))
    created = Assessment.objects.get()
    assert response.url == reverse("assessment_detail", args=[created.pk])
    assert AuditEvent.objects.filter(object_type="assessment", action="create").exists()


@pytest.mark.django_db
def test_htmx_save_returns_only_the_section_with_its_score(people, assessment, browser_as):
    url = reverse("assessment_section", args=[assessment.pk, "nprs"])
    html = browser_as(people.owner).post(url, {"nprs": "6"}, **HTMX).content.decode()
    assert 'id="measure-nprs"' in html and "Score <strong>6" in html
    assert 'id="measure-odi"' not in html
    assert 'hx-swap-oob="true"' in html  # banner and step list refresh beside it


@pytest.mark.django_db
@pytest.mark.parametrize(
    "section, data, named, kept",
    [  # a choice the form never offers cannot be shown again; the other answers are kept
        ("nprs", {"nprs": "11"}, "nprs.value", 'id="nprs-10"'),
        ("odi", {"odi_0": "6", "odi_1": "2"}, "odi.answers.0", 'name="odi_1" value="2" checked'),
        (
            "posture",
            {"block_mm": "-4", "block_side": "left"},
            "posture.block_test.mm",
            'value="-4"',
        ),
    ],
)
def test_refused_section_names_the_field_and_keeps_what_was_typed(
    people, assessment, browser_as, section, data, named, kept
):
    browser = browser_as(people.owner)
    psfs = {}
    for i, (activity, rating) in enumerate([("Gardening", 4), ("Sitting", 5), ("Lifting", 3)]):
        psfs |= {f"psfs_activity_{i}": activity, f"psfs_rating_{i}": str(rating)}
    browser.post(reverse("assessment_section", args=[assessment.pk, "psfs"]), psfs)
    for extra in ({}, HTMX):
        response = browser.post(
            reverse("assessment_section", args=[assessment.pk, section]), data, **extra
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert named in html and "Not saved" in html
        assert kept in html
    assessment.refresh_from_db()
    assert list(assessment.measures_input) == ["psfs"]  # the refused section saved nothing


@pytest.mark.django_db
def test_tenderness_four_is_refused_in_place(people, assessment, finding, browser_as):
    url = reverse("muscle_finding_update", args=[assessment.pk, finding.pk])
    html = browser_as(people.owner).post(url, {"tenderness": "4"}, **HTMX).content.decode()
    assert "tenderness must be 0 to 3" in html
    finding.refresh_from_db()
    assert finding.tenderness is None


@pytest.mark.django_db
def test_palpation_form_is_prefilled_from_the_candidate_link(people, assessment, browser_as):
    url = reverse("assessment_detail", args=[assessment.pk]) + "?muscle=gluteus_medius&side=right"
    html = browser_as(people.owner).get(url, follow=True).content.decode()
    assert '<option value="gluteus_medius" selected>' in html
    assert '<option value="right" selected>' in html


@pytest.mark.django_db
def test_red_flag_banner_blocks_until_the_referral_is_recorded(
    people, episode, assessment, browser_as
):
    browser = browser_as(people.owner)
    red_flags = reverse("assessment_section", args=[assessment.pk, "red_flags"])
    browser.post(red_flags, {"findings": ["bladder_dysfunction_new", "bilateral_leg_symptoms"]})
    for step in ("red-flags", "posture", "plan"):  # the stop stays in view on every step
        page = browser.get(reverse("assessment_step", args=[assessment.pk, step])).content.decode()
        assert "Emergency — same-day referral" in page and "Record the referral" in page
    page = browser.get(reverse("assessment_step", args=[assessment.pk, "red-flags"]))
    assert "Record referral" in page.content.decode()
    browser.post(
        reverse("assessment_red_flag_action", args=[assessment.pk]),
        {"referred_to": "Emergency department", "referred_on": date.today().isoformat()},
    )
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.REFERRED
    page = browser.get(reverse("assessment_detail", args=[assessment.pk]), follow=True)
    page = page.content.decode()
    assert "Emergency — same-day referral" not in page
    assert "Referred</strong> to Emergency department" in page


@pytest.mark.django_db
def test_assessment_page_queries_do_not_grow_with_findings(
    people, assessment, browser_as, django_assert_max_num_queries
):
    browser = browser_as(people.owner)
    url = reverse("assessment_step", args=[assessment.pk, "palpation"])
    muscles = ["piriformis", "iliopsoas", "gluteus_medius", "quadratus_lumborum", "multifidus"]
    for muscle in muscles:
        for side in ("left", "right"):
            MuscleFinding.objects.create(assessment=assessment, muscle=muscle, side=side)
    with django_assert_max_num_queries(25):
        assert browser.get(url).status_code == 200
