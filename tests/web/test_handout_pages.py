"""Handout pages: the client's home programme and the letter to the GP, each a printable page and
a PDF from the same template; exercises and doses from the latest note, pain first against last
with the clinically important change, signed notes only in the letter; scoped, audited, a flat
query count, and a page that says why when there is nothing to print yet."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from myomap.clinical.kb import get_kb
from myomap.records.models import EpisodeStatus, TreatmentSession
from myomap.records.sessions.selectors import plan_in_force
from myomap.records.sessions.services import session_create, session_sign
from tests.audit_helpers import audited
from tests.factories import FIVE_EXERCISES

PAGES = ["home_programme", "discharge_summary"]
PDFS = ["home_programme_pdf", "discharge_summary_pdf"]


def note(*, days_ago: int, nprs: tuple[int, int], **changes) -> dict:
    base = {
        "seen_on": (date.today() - timedelta(days=days_ago)).isoformat(),
        "stage": "relieve_spasm",
        "nprs_before": nprs[0],
        "nprs_after": nprs[1],
        "red_flag_rescreen": "none_new",
        "techniques": [{"technique": "ischemic_compression", "muscle": "quadratus_lumborum",
                        "side": "right", "pressure_lb": "9", "hold_seconds": "60",
                        "repetitions": "3"}],
        "exercises": [],
    }  # fmt: skip
    return {**base, **changes}


def visit(actor, episode, *, sign: bool = True, **note_args) -> TreatmentSession:
    session = session_create(actor=actor, episode_id=episode.pk, note=note(**note_args))
    if sign:
        session_sign(actor=actor, session_id=session.pk)
    return session


@pytest.fixture
def treated_episode(owner, planned_episode):
    """Two signed visits: pain 6 → 3 on arrival; the second prescribes five exercises."""
    visit(owner, planned_episode, days_ago=14, nprs=(6, 4))
    visit(owner, planned_episode, days_ago=7, nprs=(3, 2), exercises=FIVE_EXERCISES)
    return planned_episode


def url(name: str, episode) -> str:
    return reverse(name, args=[episode.pk])


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    # poppler-utils is a CI system package (.ci/run), so this never skips there.
    assert shutil.which("pdfinfo"), "pdfinfo (poppler-utils) is needed"
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def kb_name(exercise_id: str) -> str:
    return get_kb().exercises[exercise_id].name


# ---------------------------------------------------------------- home programme


def test_the_home_programme_shows_the_clinic_the_latest_notes_exercises_and_doses(
    people, treated_episode, browser_as
):
    page = browser_as(people.owner).get(url("home_programme", treated_episode))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Harbourside" in html and "Maria Okafor" in html and "Olivia" in html
    for item in FIVE_EXERCISES:
        assert kb_name(item["exercise"]) in html
    assert "Hold 30 s, 3 times each side, twice a day" in html
    assert "2 sets of 8 slow repetitions each side, once a day" in html
    assert "When to get medical help" in html
    assert get_kb().red_flags.safety_netting[0] in html


def test_without_exercises_in_any_note_the_programme_follows_the_plan_stage_in_force(
    people, owner, planned_episode, browser_as
):
    from myomap.records.sessions.progress import progress_decide

    # Spasm and trigger point gone at visit 1: the clinician accepts moving to stage 2.
    visit(owner, planned_episode, days_ago=7, nprs=(5, 4), muscles_in_spasm=[],
          trigger_points=[])  # fmt: skip
    progress_decide(actor=owner, episode_id=planned_episode.pk, kind="advance", at_session=1,
                    decision="accepted", reason="Spasm and trigger point resolved.")  # fmt: skip
    stage = plan_in_force(actor=owner, episode=planned_episode).output["stages"][1]
    planned = {item["exercise"] for item in stage["exercises"]}
    html = browser_as(people.owner).get(url("home_programme", planned_episode)).content.decode()
    assert stage["id"] == "restore_flexibility" and planned
    assert all(kb_name(exercise) in html for exercise in planned)
    assert "Restore flexibility" in html and "Right side" in html
    assert get_kb().red_flags.safety_netting[0] in html


def test_the_first_stage_gives_the_client_activities_aftercare_and_safety_netting(
    people, planned_episode, browser_as
):
    # Stage 1 used to have no home exercises; active care now starts at the first visit.
    html = browser_as(people.owner).get(url("home_programme", planned_episode)).content.decode()
    assert kb_name("stay_active") in html and "Stop if:" in html
    assert "After each treatment" in html and "When to get medical help" in html


def test_an_exercise_prefilled_for_both_sides_gets_one_card(
    people, owner, planned_episode, browser_as
):
    twice = [{"exercise": "dead_bug", "dose": ""}, {"exercise": "dead_bug", "dose": ""}]
    visit(owner, planned_episode, days_ago=3, nprs=(5, 4), exercises=twice)
    html = browser_as(people.owner).get(url("home_programme", planned_episode)).content.decode()
    assert html.count(f">{kb_name('dead_bug')}</h3>") == 1


def test_a_prescribed_exercise_keeps_the_side_the_plan_gives_it(
    people, owner, planned_episode, browser_as
):
    prescribed = [{"exercise": "ql_side_lying_stretch", "dose": "10 repetitions, twice a day"}]
    visit(owner, planned_episode, days_ago=3, nprs=(5, 4), stage="restore_flexibility",
          exercises=prescribed)  # fmt: skip
    html = browser_as(people.owner).get(url("home_programme", planned_episode)).content.decode()
    assert "10 repetitions, twice a day" in html and "Right side" in html
    # The sheet names the stage the clinician has accepted, not the one a note was filed in.
    assert "1. Relieve muscular spasm" in html


def test_the_page_has_print_and_download_actions_and_no_inline_style_or_script(
    people, treated_episode, browser_as
):
    web = browser_as(people.owner)
    for name, pdf in zip(PAGES, PDFS, strict=True):
        page = web.get(url(name, treated_episode))
        html = page.content.decode()
        assert "data-print hidden" in html and '<script src="/static/myomap/print.js"' in html
        assert f'href="{url(pdf, treated_episode)}"' in html
        assert "style=" not in html and "<style" not in html and "<script>" not in html
        assert "script-src 'self'" in page["Content-Security-Policy"]
        assert "no-store" in page["Cache-Control"]


def test_the_home_programme_pdf_is_a_two_page_attachment(
    people, treated_episode, browser_as, tmp_path
):
    web = browser_as(people.owner)
    response = web.get(url("home_programme_pdf", treated_episode))  # render time: bench/
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="home-programme-okafor-{date.today().isoformat()}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert pdf_pages(response.content, tmp_path) <= 2
    text = pdf_text(response.content, tmp_path)
    assert "Hold 30 s, 3 times each side, twice a day" in text and "Harbourside" in text


def test_a_pdf_filename_names_only_the_family_name_and_the_date(
    people, treated_episode, browser_as
):
    client = treated_episode.client
    client.given_name, client.family_name = "Siobhán", "O'Brien Ní Dhuibhir"
    client.save()
    response = browser_as(people.owner).get(url("home_programme_pdf", treated_episode))
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert filename == f"home-programme-obrien-ni-dhuibhir-{date.today().isoformat()}.pdf"


@pytest.mark.parametrize("name", PAGES + PDFS)
def test_an_episode_without_a_plan_gets_a_page_that_says_why(people, episode, browser_as, name):
    page = browser_as(people.owner).get(url(name, episode))
    html = page.content.decode()
    assert page.status_code == 404
    assert "has no treatment plan" in html
    assert f'href="{url("episode_detail", episode)}"' in html


def test_the_letter_needs_a_signed_note(people, planned_episode, browser_as):
    page = browser_as(people.owner).get(url("discharge_summary", planned_episode))
    assert page.status_code == 404
    assert "no signed session note" in page.content.decode()


# ---------------------------------------------------------------- letter to the GP


def test_the_letter_shows_first_and_last_pain_with_the_change_and_whether_it_matters(
    people, treated_episode, browser_as
):
    html = browser_as(people.owner).get(url("discharge_summary", treated_episode)).content.decode()
    assert "Re: Maria Okafor, DOB 12 March 1984" in html
    assert "Pain (NPRS) improved by 3 points (50 %), a clinically important change." in html
    assert "6/10" in html and "3/10" in html and "(session 2)" in html
    assert "2 treatment sessions" in html and "for right-sided low back ache" in html
    assert 'id="letter-nprs-chart"' in html and "Pain (NPRS) by session" in html
    assert "Olivia" in html


def test_odi_from_a_re_assessment_is_reported_first_against_last(
    people, owner, treated_episode, browser_as
):
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import assessment_create
    from myomap.records.models import Assessment

    initial = Assessment.objects.get(episode=treated_episode, number=1)
    # 17 of 45 points: 37.78 %
    assessment_measure_save(
        actor=owner, assessment_id=initial.pk, instrument="odi", answers=[2] * 8 + [1, None]
    )
    again = assessment_create(actor=owner, episode_id=treated_episode.pk)
    assessment_measure_save(actor=owner, assessment_id=again.pk, instrument="odi", answers=[1] * 10)
    html = browser_as(people.owner).get(url("discharge_summary", treated_episode)).content.decode()
    assert "37.8 %" in html and "37.77" not in html  # one decimal, judged on the exact value
    assert "Disability (ODI) improved by 17.8 points (47 %), a clinically important change." in html
    assert "Not measured in this episode: Disability (RMDQ), Function (PSFS)." in html


def test_an_active_episode_gets_an_interim_report_and_a_discharged_one_a_summary(
    people, treated_episode, browser_as
):
    web = browser_as(people.owner)
    interim = web.get(url("discharge_summary", treated_episode)).content.decode()
    assert "Interim progress report" in interim and "at discharge" not in interim
    assert "Discharge and maintenance" not in interim
    treated_episode.status = EpisodeStatus.MAINTENANCE
    treated_episode.save()
    final = web.get(url("discharge_summary", treated_episode)).content.decode()
    assert "Discharge summary" in final and "Discharge and maintenance" in final
    pdf = web.get(url("discharge_summary_pdf", treated_episode))
    disposition = pdf["Content-Disposition"]
    assert f"discharge-summary-okafor-{date.today().isoformat()}.pdf" in disposition


def test_the_letter_reports_signed_notes_only_and_says_so(
    people, owner, treated_episode, browser_as
):
    visit(owner, treated_episode, sign=False, days_ago=0, nprs=(1, 0))
    html = browser_as(people.owner).get(url("discharge_summary", treated_episode)).content.decode()
    assert "2 treatment sessions" in html and "improved by 3 points" in html
    assert "1 draft note is not included: the letter reports signed notes only." in html


def test_the_letter_pdf_is_at_most_two_pages(people, treated_episode, browser_as, tmp_path):
    web = browser_as(people.owner)
    response = web.get(url("discharge_summary_pdf", treated_episode))  # render time: bench/
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="progress-report-okafor-{date.today().isoformat()}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert pdf_pages(response.content, tmp_path) <= 2
    text = pdf_text(response.content, tmp_path)
    assert "Pain (NPRS) improved by 3 points (50 %), a clinically important change." in text
    assert "NPRS (0–10)" in text and "Important improvement" in text  # the chart, drawn


# ---------------------------------------------------------------- access, audit, queries


@pytest.mark.parametrize("name", PAGES + PDFS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("colleague", 200), ("front_desk", 403), ("outsider", 404)],
)
def test_handouts_are_for_the_clinics_clinicians_only(
    people, treated_episode, browser_as, name, who, status
):
    response = browser_as(getattr(people, who)).get(url(name, treated_episode))
    assert response.status_code == status
    if status != 200:
        assert b"Okafor" not in response.content


@pytest.mark.parametrize(
    ("name", "object_type", "action"),
    [
        ("home_programme", "home_programme", "read"),
        ("home_programme_pdf", "home_programme", "export"),
        ("discharge_summary", "discharge_summary", "read"),
        ("discharge_summary_pdf", "discharge_summary", "export"),
    ],
)
def test_every_handout_read_is_audited(
    people, treated_episode, browser_as, name, object_type, action
):
    browser_as(people.colleague).get(url(name, treated_episode))
    [event] = audited(object_type=object_type)
    assert (event["action"], event["user"], event["object_id"]) == (
        action,
        people.colleague,
        str(treated_episode.pk),
    )
    assert event["detail"]["format"] == ("pdf" if action == "export" else "html")


@pytest.mark.parametrize("name", PDFS)
def test_a_pdf_asked_for_again_is_audited_again_and_a_new_note_is_in_the_next_one(
    people, owner, treated_episode, browser_as, tmp_path, name
):
    cache.clear()
    web = browser_as(people.colleague)
    first = web.get(url(name, treated_episode)).content
    again = web.get(url(name, treated_episode)).content
    assert again == first  # the PDF rendered before, its request audited all the same
    object_type = name.removesuffix("_pdf")
    assert len(audited(object_type=object_type, action="export")) == 2
    dose = "3 sets of 10 slow repetitions each side, once a day"
    visit(owner, treated_episode, days_ago=1, nprs=(2, 1),
          exercises=[{"exercise": "dead_bug", "dose": dose}])  # fmt: skip
    third = pdf_text(web.get(url(name, treated_episode)).content, tmp_path)
    # The home programme prints the new dose; the letter counts the new session.
    assert (dose if name == "home_programme_pdf" else "attended 3 treatment sessions") in third
    assert third != pdf_text(first, tmp_path)
    assert len(audited(object_type=object_type, action="export")) == 3


@pytest.mark.parametrize("name", PAGES)
def test_the_query_count_does_not_grow_with_sessions_or_exercises(
    people, owner, treated_episode, browser_as, name
):
    web = browser_as(people.owner)
    web.get(url(name, treated_episode))  # first audit event creates the chain head
    with CaptureQueriesContext(connection) as two_sessions:
        web.get(url(name, treated_episode))
    for days_ago in (5, 3, 1):
        visit(owner, treated_episode, days_ago=days_ago, nprs=(2, 1), exercises=FIVE_EXERCISES)
    with CaptureQueriesContext(connection) as five_sessions:
        web.get(url(name, treated_episode))
    assert len(five_sessions) == len(two_sessions)


# ---------------------------------------------------------------- addressed and signed


def test_the_letter_to_the_gp_is_addressed_to_the_gp_and_signed_with_registration(
    people, browser_as, treated_episode
):
    from myomap.accounts.models import Membership

    client = treated_episode.client
    client.gp_name = "Dr Asha Patel"
    client.gp_practice = "Quayside Surgery\n2 Dock Road"
    client.save()
    Membership.objects.filter(user=people.owner).update(
        profession="Physiotherapist", registration_number="PH123456"
    )
    people.clinic.letterhead = "Harbourside Clinic\n1 Quay Street"
    people.clinic.save()
    page = browser_as(people.owner).get(url("discharge_summary", treated_episode)).content.decode()
    assert "Dear Dr Asha Patel," in page
    assert "Quayside Surgery" in page and "2 Dock Road" in page
    assert "Physiotherapist · Registration PH123456" in page
    assert "1 Quay Street" in page


def test_without_a_named_gp_the_letter_keeps_the_neutral_greeting(
    people, browser_as, treated_episode
):
    page = browser_as(people.owner).get(url("discharge_summary", treated_episode)).content.decode()
    assert "Dear Doctor," in page


def test_the_home_programme_carries_the_clinics_letterhead(people, browser_as, treated_episode):
    people.clinic.letterhead = "Harbourside Clinic\n1 Quay Street"
    people.clinic.save()
    page = browser_as(people.owner).get(url("home_programme", treated_episode)).content.decode()
    assert "Harbourside Clinic<br>1 Quay Street" in page
