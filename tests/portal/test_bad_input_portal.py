"""The client's own forms (the pre-visit parts and the diary), every field, every kind of bad
input — the same kinds as the staff forms' matrix (tests/web/test_bad_input.py): no answer is a
server error; a refusal links the field it refuses from the error summary (a NUL byte is
refused naming the field before any form sees it); a refused post saves nothing; unicode and
HTML in free text are ordinary text. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from myomap.inputs import LINE_MAX
from myomap.portal.models import PreVisitAnswers
from myomap.portal.previsit.services import TEXT_MAX
from myomap.records.models import DiaryEntry
from myomap.records.models.diary import COMMENT_MAX
from tests.factories import EXERCISE, diary_entry, make_session
from tests.portal.test_previsit import PSFS, all_no, health_answers
from tests.web.test_bad_input import FUTURE, HTML, KINDS, Field, bad_value, choice, number, text

pytestmark = pytest.mark.django_db

DRAWING = {
    "regions": ["gluteal_fold_r"],
    "intensity_gluteal_fold_r": "6",
    "quality_gluteal_fold_r": "ache",
}
# part → (its valid post, the fields to spoil)
PARTS = {
    "red-flags": (all_no(), (choice("fever"), choice("history_of_cancer"))),
    "pain-score": ({"nprs": "5"}, (number("nprs", "nprs", "11"),)),
    "activities": (
        PSFS,
        (text("psfs_activity_0", LINE_MAX), number("psfs_rating_0", "psfs_rating_0", "11")),
    ),
    "health": (
        health_answers(pregnant="yes", gestation_weeks="20"),
        (
            choice("pregnant"),
            number("gestation_weeks", "gestation_weeks", "60"),
            choice("anticoagulant"),
            choice("fragile_skin"),
            text("conditions", TEXT_MAX),
            text("medications", TEXT_MAX),
        ),
    ),
    "drawing": (
        DRAWING,
        (
            Field("regions", "list", "region"),
            number("intensity_gluteal_fold_r", "intensity_gluteal_fold_r", "11"),
            choice("quality_gluteal_fold_r"),
        ),
    ),
}
DIARY_FIELDS = (
    Field("entry_date", "date", "entry_date", FUTURE),
    number("nprs", "nprs", "11"),
    choice(f"ex-{EXERCISE}-done"),
    number(f"ex-{EXERCISE}-effort", f"ex-{EXERCISE}-effort", "11"),
    number(f"ex-{EXERCISE}-pain", f"ex-{EXERCISE}-pain", "11"),
    text("comment", COMMENT_MAX),
)


def _cases(fields, part=""):
    return [
        pytest.param(part, spoilt, kind, id=f"{part or 'diary'}-{spoilt.name}-{kind}")
        for spoilt in fields
        for kind in KINDS[spoilt.kind]
        if not (kind == "out of range" and spoilt.out_of_range is None)
    ]


PART_CASES = [case for part, (_, fields) in PARTS.items() for case in _cases(fields, part)]
DIARY_CASES = _cases(DIARY_FIELDS)


def _accepted_as_text(spoilt: Field, kind: str) -> bool:
    return spoilt.kind == "text" and kind in ("unicode", "html")


def _saved(link) -> tuple:
    answers = PreVisitAnswers.objects.filter(link=link).first()
    if answers is None:
        return ()
    return (answers.red_flags, answers.nprs, answers.psfs, answers.health, answers.pain)


def _check_refusal(response, spoilt: Field, kind: str) -> None:
    html = response.content.decode()
    assert response.status_code == 400, (response.status_code, html[:300])
    if kind == "nul":
        assert f"The field &#x27;{spoilt.name}&#x27; contains a NUL character" in html
    else:
        assert f'href="#id_{spoilt.error}"' in html, html[html.find("<main") :][:1500]
    assert HTML not in html


@pytest.fixture
def previsit_in(issue_link, portal_in, episode):
    link, token = issue_link()
    browser = portal_in(token)
    assert browser.get("/p/before/").status_code == 200  # the draft
    return browser, link


@pytest.mark.parametrize("part", list(PARTS))
def test_the_valid_post_of_every_part_is_saved(previsit_in, part):
    browser, link = previsit_in
    before = _saved(link)
    response = browser.post(f"/p/before/{part}/", PARTS[part][0])
    assert response.status_code == 302, response.content[:800]
    assert _saved(link) != before


@pytest.mark.parametrize(("part", "spoilt", "kind"), PART_CASES)
def test_bad_input_in_a_pre_visit_part_is_refused_naming_the_field_and_saves_nothing(
    previsit_in, part, spoilt, kind
):
    browser, link = previsit_in
    valid = PARTS[part][0]
    value = bad_value(spoilt, kind)
    posted = {**valid, spoilt.name: [value] if spoilt.kind == "list" else value}
    before = _saved(link)
    response = browser.post(f"/p/before/{part}/", posted)
    assert response.status_code < 500
    if _accepted_as_text(spoilt, kind):
        assert response.status_code == 302
        return
    _check_refusal(response, spoilt, kind)
    assert _saved(link) == before, "a refused part changed the answers"


@pytest.fixture
def diary_in(people, actor_of, planned_episode, issue_link, portal_in):
    make_session(
        actor_of(people.owner), planned_episode, sign=False, days_ago=3, nprs_before=4, nprs_after=2
    )
    _, token = issue_link(purpose="between_visits")
    return portal_in(token)


def test_the_valid_diary_post_is_saved(diary_in):
    response = diary_in.post("/p/diary/", {**diary_entry(), "form_token": str(uuid.uuid4())})
    assert response.status_code == 302 and DiaryEntry.objects.count() == 1


@pytest.mark.parametrize(("part", "spoilt", "kind"), DIARY_CASES)
def test_bad_input_in_the_diary_is_refused_naming_the_field_and_saves_nothing(
    diary_in, part, spoilt, kind
):
    value = bad_value(spoilt, kind)
    posted = {**diary_entry(), spoilt.name: value, "form_token": str(uuid.uuid4())}
    response = diary_in.post("/p/diary/", posted)
    assert response.status_code < 500
    if _accepted_as_text(spoilt, kind):
        assert response.status_code == 302 and DiaryEntry.objects.count() == 1
        return
    _check_refusal(response, spoilt, kind)
    assert not DiaryEntry.objects.exists()


def test_a_refused_diary_post_leaves_its_token_for_the_corrected_form(diary_in):
    token = str(uuid.uuid4())
    refused = diary_in.post("/p/diary/", {**diary_entry(nprs=12), "form_token": token})
    assert refused.status_code == 400 and not DiaryEntry.objects.exists()
    again = diary_in.post("/p/diary/", {**diary_entry(), "form_token": token})
    assert again.status_code == 302 and DiaryEntry.objects.count() == 1
    twice = diary_in.post("/p/diary/", {**diary_entry(), "form_token": token})
    assert twice.status_code == 302 and DiaryEntry.objects.count() == 1
