"""Session note pages: prefilled from the plan, refused in place with the field named, signed and
then read-only (no edit form, a POST changes nothing), addenda; scoped like every clinical page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from myomap.records.models import TreatmentSession


def form_post(**changes) -> dict:
    """What the note form posts for a first visit on the planned episode's plan."""
    data = {
        "seen_on": date.today().isoformat(),
        "stage": "relieve_spasm",
        "red_flag_rescreen": "none_new",
        "nprs_before": "6",
        "nprs_after": "4",
        "discomfort": "6",
        "t_rows": "2",
        "t0_suggested": "1",
        "t0_applied": "on",
        "t0_technique": "ischemic_compression",
        "t0_muscle": "quadratus_lumborum",
        "t0_side": "right",
        "t0_hold_seconds": "60",
        "t0_repetitions": "3",
        "exam_spasm": "1",
        "spasm": ["quadratus_lumborum|right"],
        "exam_tp": "1",
        "tp": ["quadratus_lumborum|right"],
        "tp_released": ["quadratus_lumborum|right"],
        "aftercare": ["drink_water", "light_walking", "no_heavy_lifting_24h"],
        "subjective": "Better sleep.",
        "then": "draft",
    }
    return {**data, **changes}


def test_the_new_note_is_prefilled_from_the_plan_stage(people, planned_episode, browser_as):
    page = browser_as(people.owner).get(reverse("session_new", args=[planned_episode.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Session 1" in html and 'value="relieve_spasm" selected' in html
    assert 'value="ischemic_compression" selected' in html
    assert "Protocol: hold 30-90 seconds (Hou et al. 2002; Gemmell et al. 2008)" in html
    assert 'name="t0_hold_seconds" inputmode="decimal" value="30"' in html
    assert 'name="t0_suggested" value="1"' in html and 'name="t0_applied" value="on"' in html
    assert "Drink water" in html and "Go to the emergency department" in html


def test_suggested_techniques_left_unticked_are_not_recorded(people, planned_episode, browser_as):
    web = browser_as(people.owner)
    web.post(reverse("session_new", args=[planned_episode.pk]), form_post(t0_applied=""))
    assert not TreatmentSession.objects.get().techniques.exists()


def test_a_note_is_saved_as_a_draft_then_signed(people, planned_episode, browser_as):
    web = browser_as(people.owner)
    saved = web.post(reverse("session_new", args=[planned_episode.pk]), form_post())
    session = TreatmentSession.objects.get()
    assert saved.status_code == 302 and saved.url == reverse("session_detail", args=[session.pk])
    assert session.techniques.get().hold_seconds == 60
    assert session.trigger_points == [
        {"muscle": "quadratus_lumborum", "side": "right", "released": True}
    ]
    assert session.muscles_shortened is None  # not ticked as examined: not examined
    draft = web.get(saved.url).content.decode()
    assert "Save and sign" in draft
    web.post(reverse("session_sign", args=[session.pk]))
    session.refresh_from_db()
    assert session.is_signed


def test_an_impossible_dose_is_refused_in_place_naming_the_field(
    people, planned_episode, browser_as
):
    page = browser_as(people.owner).post(
        reverse("session_new", args=[planned_episode.pk]), form_post(t0_hold_seconds="900")
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "Nothing was saved" in html and "Technique row 1, hold seconds" in html
    assert "between 0 and 600 seconds" in html
    assert 'value="900"' in html  # what was typed is kept
    assert not TreatmentSession.objects.exists()


def test_a_signed_note_has_no_edit_form_and_a_post_changes_nothing(
    people, planned_episode, browser_as
):
    web = browser_as(people.owner)
    web.post(reverse("session_new", args=[planned_episode.pk]), form_post(then="sign"))
    session = TreatmentSession.objects.get()
    assert session.is_signed
    page = web.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "Save draft" not in page and "Add addendum" in page
    web.post(reverse("session_detail", args=[session.pk]), form_post(nprs_before="1"))
    session.refresh_from_db()
    assert session.nprs_before == 6
    web.post(reverse("addendum_add", args=[session.pk]), {"text": "Side confirmed right."})
    page = web.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert "Side confirmed right." in page and "Olivia" in page


def test_unsigned_notes_are_listed_as_outstanding(people, planned_episode, browser_as):
    web = browser_as(people.owner)
    web.post(reverse("session_new", args=[planned_episode.pk]), form_post())
    page = web.get(reverse("session_outstanding")).content.decode()
    assert "Session 1" in page and "Maria Okafor" in page


@pytest.mark.parametrize("name", ["session_new"])
def test_front_desk_gets_403_and_another_clinic_404(people, planned_episode, browser_as, name):
    url = reverse(name, args=[planned_episode.pk])
    assert browser_as(people.front_desk).get(url).status_code == 403
    assert browser_as(people.outsider).get(url).status_code == 404
    browser_as(people.owner).post(url, form_post())
    detail = reverse("session_detail", args=[TreatmentSession.objects.get().pk])
    assert browser_as(people.front_desk).get(detail).status_code == 403
    assert browser_as(people.outsider).get(detail).status_code == 404


def test_the_note_page_query_count_is_flat(
    people, planned_episode, browser_as, django_assert_max_num_queries
):
    web = browser_as(people.owner)
    for _ in range(3):
        web.post(reverse("session_new", args=[planned_episode.pk]), form_post(then="sign"))
    with django_assert_max_num_queries(25):
        assert web.get(reverse("session_new", args=[planned_episode.pk])).status_code == 200


def test_saving_a_note_costs_the_same_queries_for_one_or_five_technique_rows(
    people, planned_episode, browser_as
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    web = browser_as(people.owner)
    url = reverse("session_new", args=[planned_episode.pk])
    web.post(url, form_post())  # warm the session and the first-note path
    rows = {"t_rows": "5"}
    for i in range(1, 5):
        rows |= {f"t{i}_technique": "heat_therapy", f"t{i}_minutes": "10"}
    counts = []
    for data in (form_post(), form_post(**rows)):
        with CaptureQueriesContext(connection) as captured:
            assert web.post(url, data).status_code == 302
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert TreatmentSession.objects.get(number=3).techniques.count() == 5
