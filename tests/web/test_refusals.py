"""Inputs that used to be server errors or silent coercions, each now refused with the field
named and nothing saved: a dose typed as text, a forged row count, a plan id that is not an id,
a NUL byte anywhere, and numbers Python would read too generously (`1_0`, item 99)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from myomap.records.models import Client, Plan, TreatmentSession
from tests.web.test_session_pages import form_post


@pytest.mark.parametrize("dose", ["60s", "1,5", "ten", "1_0", "1e3", "inf", "٦٠"])
def test_a_dose_typed_as_text_is_refused_and_the_note_shown_again_as_typed(
    people, planned_episode, browser_as, dose
):
    web = browser_as(people.owner)
    posted = form_post(t0_hold_seconds=dose, subjective="Slept badly; sore after gardening.")
    response = web.post(reverse("session_new", args=[planned_episode.pk]), posted)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'name="t0_hold_seconds" inputmode="decimal" value="{dose}" aria-invalid="true"' in html
    assert "must be a number" in html
    assert "Slept badly; sore after gardening." in html  # the typed note is not lost
    assert not TreatmentSession.objects.exists()


def test_a_comma_decimal_is_refused_with_the_hint_to_use_a_point(
    people, planned_episode, browser_as
):
    web = browser_as(people.owner)
    html = web.post(
        reverse("session_new", args=[planned_episode.pk]), form_post(t0_minutes="1,5")
    ).content.decode()
    assert "use a point for decimals: 1.5" in html


def test_an_unticked_suggestion_is_shown_again_unticked_beside_a_refused_row(
    people, planned_episode, browser_as
):
    posted = form_post(
        t0_applied="", t_rows="3", t1_technique="ischemic_compression",
        t1_muscle="quadratus_lumborum", t1_side="right", t1_hold_seconds="abc",
    )  # fmt: skip
    html = browser_as(people.owner).post(
        reverse("session_new", args=[planned_episode.pk]), posted
    ).content.decode()  # fmt: skip
    assert 'name="t0_suggested" value="1"' in html
    assert 'id="t0_applied" name="t0_applied" value="on" aria-label="Applied, row 1">' in html
    assert 'name="t1_hold_seconds" inputmode="decimal" value="abc" aria-invalid="true"' in html
    assert not TreatmentSession.objects.exists()


@pytest.mark.parametrize("rows", ["abc", "-1", "99999", "1_0"])
def test_a_forged_row_count_is_refused_naming_it(people, planned_episode, browser_as, rows):
    response = browser_as(people.owner).post(
        reverse("session_new", args=[planned_episode.pk]), form_post(t_rows=rows)
    )
    assert response.status_code == 400
    assert "not a row count" in response.content.decode() or "out of range" in (
        response.content.decode()
    )
    assert not TreatmentSession.objects.exists()


def test_a_row_beyond_a_stale_row_count_is_still_recorded(people, planned_episode, browser_as):
    posted = form_post(
        t_rows="1", t1_technique="ischemic_compression", t1_muscle="quadratus_lumborum",
        t1_side="left", t1_hold_seconds="45",
    )  # fmt: skip
    browser_as(people.owner).post(reverse("session_new", args=[planned_episode.pk]), posted)
    assert TreatmentSession.objects.get().techniques.count() == 2


def test_a_row_index_past_the_limit_is_refused(people, planned_episode, browser_as):
    posted = form_post(t40_technique="ischemic_compression")
    response = browser_as(people.owner).post(
        reverse("session_new", args=[planned_episode.pk]), posted
    )
    assert response.status_code == 400 and "At most 40 technique rows" in response.content.decode()
    assert not TreatmentSession.objects.exists()


@pytest.mark.parametrize("value", ["notauuid", "1", "'; drop table", "0" * 500])
def test_comparing_with_a_plan_id_that_is_not_an_id_is_refused_naming_with(
    people, planned_episode, browser_as, value
):
    plan = Plan.objects.get()
    response = browser_as(people.owner).get(
        reverse("plan_compare", args=[plan.pk]), {"with": value}
    )
    assert response.status_code == 400
    assert "with: " in response.content.decode() and "is not a plan id" in (
        response.content.decode()
    )


def test_comparing_with_an_unknown_plan_id_is_not_found(people, planned_episode, browser_as):
    plan = Plan.objects.get()
    response = browser_as(people.owner).get(
        reverse("plan_compare", args=[plan.pk]), {"with": "0" * 32}
    )
    assert response.status_code == 404


def test_a_nul_byte_in_the_client_search_is_refused_naming_q(people, browser_as):
    response = browser_as(people.owner).get(reverse("client_list"), {"q": "Oka\x00for"})
    assert response.status_code == 400
    assert "The field &#x27;q&#x27; contains a NUL character" in response.content.decode()


def test_a_nul_byte_in_a_note_is_refused_and_nothing_is_saved(people, planned_episode, browser_as):
    response = browser_as(people.owner).post(
        reverse("session_new", args=[planned_episode.pk]), form_post(subjective="Better\x00")
    )
    assert response.status_code == 400 and "subjective" in response.content.decode()
    assert not TreatmentSession.objects.exists()


def test_a_nul_byte_in_a_field_name_is_refused(people, browser_as):
    response = browser_as(people.owner).post(reverse("client_new"), {"given\x00name": "Maria"})
    assert response.status_code == 400
    assert not Client.objects.exists()


@pytest.mark.parametrize("value", ["1_0", "1e1", "+ 5", "٥", "5.0.0", "nan"])
def test_nprs_is_parsed_strictly(people, assessment, browser_as, value):
    html = browser_as(people.owner).post(
        reverse("assessment_section", args=[assessment.pk, "nprs"]), {"nprs": value}
    ).content.decode()  # fmt: skip
    assert "nprs.value must be a number written in digits" in html
    assessment.refresh_from_db()
    assert "nprs" not in (assessment.measures_input or {})


def test_a_session_nprs_of_1_0_is_refused(people, planned_episode, browser_as):
    response = browser_as(people.owner).post(
        reverse("session_new", args=[planned_episode.pk]), form_post(nprs_before="1_0")
    )
    assert response.status_code == 400 and "is not a whole number" in response.content.decode()
    assert not TreatmentSession.objects.exists()


@pytest.mark.parametrize("item", ["99", "-1", "abc", "8", "1_0"])
def test_an_unknown_start_back_item_is_refused_and_the_previous_answers_kept(
    people, assessment, browser_as, item
):
    web = browser_as(people.owner)
    url = reverse("assessment_section", args=[assessment.pk, "start_back"])
    web.post(url, {"start_back": ["0", "1", "2"], "start_back_item9": "slightly"})
    assessment.refresh_from_db()
    before = assessment.measures_input["start_back"]
    html = web.post(url, {"start_back": ["3", item], "start_back_item9": "slightly"}).content
    assert b"start_back.items" in html and b"allowed: 0 to 7" in html
    assessment.refresh_from_db()
    assert assessment.measures_input["start_back"] == before


@pytest.mark.parametrize("item", ["0", "25", "x", "99"])
def test_an_unknown_rmdq_item_number_is_refused(people, assessment, browser_as, item):
    html = browser_as(people.owner).post(
        reverse("assessment_section", args=[assessment.pk, "rmdq"]), {"rmdq": ["2", item]}
    ).content  # fmt: skip
    assert b"rmdq.answers" in html and b"allowed: 1 to 24" in html
    assessment.refresh_from_db()
    assert "rmdq" not in (assessment.measures_input or {})


def test_a_nul_byte_in_an_api_query_is_refused_in_the_api_error_shape(people, browser_as):
    response = browser_as(people.owner).get("/api/v1/clients", {"search": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "search"
