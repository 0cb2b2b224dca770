"""Every form, every field, every kind of bad input: out of range, the wrong type, a NUL byte,
100 kB, unicode and HTML. No answer is a server error; a refusal names the field it refuses; a
refused post changes no row of the record (nothing half-saved). Unicode and HTML in free text
are ordinary text: stored exactly and shown escaped. Runs on SQLite and on PostgreSQL.

Each form is a valid post plus the fields to spoil. A field's kind says which bad values apply
and what a refusal must name: `error` is the key the service refuses (matched as a prefix, so
`techniques.0` covers `techniques.0.hold_seconds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.urls import reverse

from myomap.errors import refusals_seen
from myomap.inputs import LINE_MAX, NOTE_MAX, REASON_MAX
from myomap.records.models import (
    Addendum,
    Assessment,
    Client,
    Episode,
    MuscleFinding,
    PainMapEntry,
    Plan,
    ProgressDecision,
    RedFlagAction,
    SessionSafetyCheck,
    TechniqueApplied,
    TreatmentSession,
)
from myomap.records.sessions.services import session_create, session_sign
from tests.records.test_sessions import note
from tests.web.test_session_pages import form_post

MODELS = [Client, Episode, Assessment, MuscleFinding, PainMapEntry, RedFlagAction, Plan,
          TreatmentSession, TechniqueApplied, Addendum, ProgressDecision,
          SessionSafetyCheck]  # fmt: skip
HUNDRED_KB = "x" * 100_000
UNICODE = "Zoë Ångström — 痛み 😀 مرحبا"
HTML = '<script>alert("x")</script><b onmouseover=1>bold</b>'
FUTURE = (date.today() + timedelta(days=30)).isoformat()


@dataclass(frozen=True)
class Field:
    name: str  # the posted input name
    kind: str  # text | number | choice | date | list
    error: str  # the refused field's key (prefix)
    out_of_range: str | None = None  # a value of the right type that is not allowed
    limit: int | None = None  # text: the length limit


def text(name: str, limit: int, error: str | None = None) -> Field:
    return Field(name, "text", error or name, "y" * (limit + 1), limit)


def number(name: str, error: str, out_of_range: str) -> Field:
    return Field(name, "number", error, out_of_range)


def choice(name: str, error: str | None = None) -> Field:
    return Field(name, "choice", error or name)


def when(name: str, error: str | None = None, out_of_range: str | None = FUTURE) -> Field:
    return Field(name, "date", error or name, out_of_range)


@dataclass(frozen=True)
class Form:
    name: str
    fields: tuple[Field, ...]
    setup: str = ""  # what the form needs besides the planned episode (see `target`)
    extra: dict = field(default_factory=dict)


FORMS = [
    Form("client", (
        text("given_name", 100), text("family_name", 100), when("date_of_birth"),
        choice("sex"), choice("occupation"), text("phone", 40), choice("email"),
        text("notes", NOTE_MAX),
    )),
    Form("client edit", (text("given_name", 100), text("notes", NOTE_MAX), when("date_of_birth"))),
    Form("episode", (when("onset_date"), text("complaint", NOTE_MAX))),
    Form("episode status", (choice("status"), text("status_note", REASON_MAX))),
    Form("session note", (
        number("nprs_before", "nprs_before", "11"), number("nprs_after", "nprs_after", "-1"),
        number("discomfort", "discomfort", "12"), when("seen_on", out_of_range=None),
        choice("stage"), choice("red_flag_rescreen"), choice("pelvis_level"),
        text("subjective", NOTE_MAX), text("objective", NOTE_MAX),
        text("assessment", NOTE_MAX), text("plan_next", NOTE_MAX),
        number("t0_hold_seconds", "techniques.0.hold_seconds", "900"),
        number("t0_pressure_lb", "techniques.0.pressure_lb", "-5"),
        number("t0_repetitions", "techniques.0.repetitions", "1.5"),
        choice("t0_technique", "techniques.0"), choice("t0_muscle", "techniques.0.muscle"),
        text("t0_outside_protocol_reason", REASON_MAX, "techniques.0.outside_protocol_reason"),
        number("t_rows", "t_rows", "41"), Field("criteria_met", "list", "criteria_met"),
        Field("ex_add", "list", "exercises"),
    )),
    Form("session note exercise dose", (
        text("ex_add_dose", LINE_MAX, "exercises.0.dose"),
    ), extra={"ex_add": "dead_bug"}),
    Form("addendum", (text("text", NOTE_MAX),), setup="signed session"),
    Form("red flags", (
        Field("findings", "list", "red_flags"),
        number("onset_age", "red_flags.onset_age", "300"),
        number("duration_weeks", "red_flags.duration_weeks", "-3"),
    ), setup="assessment"),
    Form("nprs", (number("nprs", "nprs.value", "11"),), setup="assessment"),
    Form("odi", (number("odi_0", "odi.answers.0", "6"),), setup="assessment"),
    Form("fabq", (number("fabq_0", "fabq.answers.0", "7"),), setup="assessment"),
    Form("rmdq", (number("rmdq", "rmdq.answers", "25"),), setup="assessment"),
    Form("start back", (
        number("start_back", "start_back.items", "8"), choice("start_back_item9", "start_back"),
    ), setup="assessment"),
    Form("psfs", (
        text("psfs_activity_0", LINE_MAX, "psfs.activities.0"),
        number("psfs_rating_0", "psfs.ratings.0", "11"),
    ), setup="assessment"),
    Form("severity", (choice("pain_pattern", "severity"), Field("difficulties", "list",
                                                                 "severity")),
         setup="assessment"),  # fmt: skip
    Form("posture", (
        number("block_mm", "posture.block_test", "900"), choice("block_side", "posture"),
        number("true_left", "posture.true_length_mm", "-10"),
    ), setup="assessment"),
    Form("red-flag action", (
        text("referred_to", 200), when("referred_on"), text("note", REASON_MAX),
    ), setup="red flag"),
    Form("muscle finding", (
        choice("muscle"), choice("side"), number("tenderness", "tenderness", "4"),
        choice("trigger_point"), choice("referral_sensation"), text("note", REASON_MAX),
    ), setup="assessment"),
    Form("plan edit", (
        choice("action"), choice("stage"), choice("muscle"), text("reason", REASON_MAX),
    )),
    Form("progress decision", (
        choice("decision"), choice("kind"), number("at_session", "kind", "99"),
        text("reason", REASON_MAX),
    ), setup="advance proposed"),
    Form("health", (
        number("gestation_weeks", "precautions.gestation_weeks", "60"),
        text("conditions", 2000, "health.conditions"),
        text("medications", 2000, "health.medications"),
        choice("anticoagulant", "health.anticoagulant"), Field("precaution", "list", "precautions"),
    ), setup="assessment"),
    Form("safety check", (
        choice("health_changed"), text("health_note", 2000), text("neuro_note", 2000),
        number("gestation_weeks", "gestation_weeks", "46"),
    ), setup="draft session"),
    Form("pain map", (
        Field("regions", "list", "region"),
        number("intensity_buttock_lower_r", "intensity_buttock_lower_r", "11"),
        choice("quality_buttock_lower_r"),
    ), setup="assessment"),
]  # fmt: skip
KINDS = {
    "text": ["nul", "100kB", "too long", "unicode", "html"],
    "number": ["out of range", "wrong type", "digit-like", "nul", "100kB", "unicode", "html"],
    "choice": ["wrong type", "nul", "100kB", "unicode", "html"],
    "date": ["out of range", "wrong type", "nul", "100kB", "unicode", "html"],
    "list": ["wrong type", "nul", "100kB", "unicode", "html"],
}
CASES = [
    pytest.param(form, spoilt, kind, id=f"{form.name}-{spoilt.name}-{kind}")
    for form in FORMS
    for spoilt in form.fields
    for kind in KINDS[spoilt.kind]
    if not (kind == "too long" and spoilt.limit is not None and spoilt.limit >= 100_000)
    if not (kind == "out of range" and spoilt.out_of_range is None)
]


def bad_value(spoilt: Field, kind: str) -> str:
    return {
        "out of range": spoilt.out_of_range or "",
        "wrong type": "not-a-thing",
        "digit-like": "²",  # "²".isdigit() is true, yet int("²") fails
        "nul": "ab\x00cd",
        "100kB": HUNDRED_KB,
        "too long": spoilt.out_of_range or "",
        "unicode": UNICODE,
        "html": HTML,
    }[kind]


def accepted_as_text(spoilt: Field, kind: str) -> bool:
    """Unicode and HTML are ordinary text in a free-text field (within its limit)."""
    value = bad_value(spoilt, kind)
    return (
        spoilt.kind == "text" and kind in ("unicode", "html") and len(value) <= (spoilt.limit or 0)
    )


def fingerprint() -> dict:
    """Every row of the record, less the audit log (a refused page still audits its reads)."""
    return {model.__name__: sorted(map(repr, model.objects.values())) for model in MODELS}


@pytest.fixture
def target(people, actor_of, browser_as, planned_episode):
    """The web client, and for a form: (action url, valid post)."""
    web = browser_as(people.owner)
    actor = actor_of(people.owner)
    assessment = Assessment.objects.get(episode=planned_episode)

    def build(form: Form) -> tuple[str, dict]:
        client_id = planned_episode.client_id
        if form.name == "client":
            return reverse("client_new"), {
                "given_name": "Ana",
                "family_name": "Lopez",
                "date_of_birth": "1990-01-02",
                "sex": "female",
                "occupation": "desk",
                "phone": "",
                "email": "",
                "notes": "",
            }
        if form.name == "client edit":
            return reverse("client_edit", args=[client_id]), {
                "given_name": "Maria",
                "family_name": "Okafor",
                "date_of_birth": "1984-03-12",
                "sex": "female",
                "occupation": "desk",
            }
        if form.name == "episode":
            return reverse("episode_new", args=[client_id]), {
                "onset_date": date.today().isoformat(),
                "complaint": "Ache",
            }
        if form.name == "episode status":
            return reverse("episode_status", args=[planned_episode.pk]), {
                "status": "active",
                "status_note": "Continuing",
            }
        if form.name.startswith("session note"):
            return reverse("session_new", args=[planned_episode.pk]), {**form_post(), **form.extra}
        if form.setup == "signed session":
            made = session_create(actor=actor, episode_id=planned_episode.pk, note=note())
            session_sign(actor=actor, session_id=made.pk)
            return reverse("addendum_add", args=[made.pk]), {"text": "Phoned: sore one day."}
        if form.setup == "draft session":
            made = session_create(actor=actor, episode_id=planned_episode.pk, note=note())
            return reverse("session_safety_check", args=[made.pk]), {
                "health_changed": "no",
                "health_note": "",
                "neuro_note": "",
                "gestation_weeks": "",
            }
        if form.name == "plan edit":
            plan = Plan.objects.get(episode=planned_episode)
            return reverse("plan_edit", args=[plan.pk]), {
                "action": "start_stage_early",
                "stage": "restore_flexibility",
                "reason": "Moving well",
                "item": "",
                "muscle": "",
                "side": "",
            }
        if form.setup == "advance proposed":
            made = session_create(
                actor=actor,
                episode_id=planned_episode.pk,
                note=note(muscles_in_spasm=[], trigger_points=[]),
            )
            session_sign(actor=actor, session_id=made.pk)
            return reverse("progress_decide", args=[planned_episode.pk]), {
                "kind": "advance",
                "at_session": "1",
                "decision": "accepted",
                "reason": "Spasm gone.",
            }
        if form.setup == "red flag":
            web.post(
                reverse("assessment_section", args=[assessment.pk, "red_flags"]),
                {"findings": ["bladder_dysfunction_new", "bilateral_leg_symptoms"]},
            )
            return reverse("assessment_red_flag_action", args=[assessment.pk]), {
                "referred_to": "Emergency department",
                "referred_on": date.today().isoformat(),
                "note": "",
            }
        if form.name == "muscle finding":
            return reverse("muscle_finding_add", args=[assessment.pk]), {
                "muscle": "iliopsoas",
                "side": "left",
                "tenderness": "2",
                "trigger_point": "active",
                "referral_sensation": "",
                "note": "",
            }
        if form.name == "pain map":
            return reverse("pain_map_save", args=[assessment.pk]), {
                "regions": ["buttock_lower_r"],
                "intensity_buttock_lower_r": "5",
                "quality_buttock_lower_r": "",
            }
        section = {"red flags": "red_flags", "start back": "start_back"}.get(form.name, form.name)
        valid = {
            "red_flags": {"findings": [], "onset_age": "30", "duration_weeks": "4"},
            "nprs": {"nprs": "5"},
            "odi": {f"odi_{i}": "1" for i in range(10)},
            "fabq": {f"fabq_{i}": "1" for i in range(16)},
            "rmdq": {"rmdq": ["1", "2"]},
            "start_back": {"start_back": ["0", "1"], "start_back_item9": "slightly"},
            "psfs": {f"psfs_activity_{i}": a for i, a in enumerate(["Sit", "Walk", "Lift"])}
            | {f"psfs_rating_{i}": "5" for i in range(3)},
            "severity": {"pain_pattern": "persistent", "difficulties": ["lifting"]},
            "health": {"anticoagulant": "no", "conditions": "Asthma", "medications": "",
                       "gestation_weeks": ""},
            "posture": {"block_mm": "8", "block_side": "left", "true_left": "900",
                        "true_right": "905"},
        }[section]  # fmt: skip
        return reverse("assessment_section", args=[assessment.pk, section]), valid

    return web, build


def _post(web, url: str, data: dict):
    seen: list = []
    marker = refusals_seen.set(seen)
    try:
        response = web.post(url, data, follow=True)
    finally:
        refusals_seen.reset(marker)
    return response, [key for refusal in seen for key in refusal.errors]


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_the_valid_post_of_every_form_is_accepted(target, form):
    """The baseline: each form's valid post is taken, so a refusal below is the spoilt field's."""
    web, build = target
    url, data = build(form)
    before = fingerprint()
    response, refused = _post(web, url, data)
    assert response.status_code == 200 and not refused, refused
    assert form.name in ("episode status", "client edit") or fingerprint() != before


@pytest.mark.parametrize(("form", "spoilt", "kind"), CASES)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(target, form, spoilt, kind):
    web, build = target
    url, data = build(form)
    value = bad_value(spoilt, kind)
    posted = {**data, spoilt.name: [value] if spoilt.kind == "list" else value}
    before = fingerprint()
    response, refused = _post(web, url, posted)
    html = response.content.decode()
    assert response.status_code < 500
    if accepted_as_text(spoilt, kind):
        assert not refused, refused
        assert HTML not in html  # shown escaped wherever it is shown
        return
    if kind == "nul":
        assert response.status_code == 400
        assert f"The field &#x27;{spoilt.name}&#x27; contains a NUL character" in html
    else:
        assert any(key.startswith(spoilt.error) for key in refused), (spoilt.error, refused)
    assert fingerprint() == before, "a refused post changed the record"


@pytest.mark.parametrize("value", ["ab\x00cd", HUNDRED_KB, UNICODE, HTML, "%", "_", "'"])
def test_the_client_search_answers_any_text_without_a_server_error(people, browser_as, value):
    response = browser_as(people.owner).get(reverse("client_list"), {"q": value})
    assert response.status_code in (200, 400)
    assert HTML not in response.content.decode()


def test_free_text_keeps_unicode_and_html_exactly_and_shows_it_escaped(
    people, browser_as, planned_episode
):
    web = browser_as(people.owner)
    web.post(reverse("session_new", args=[planned_episode.pk]),
             form_post(subjective=f"{UNICODE} {HTML}"))  # fmt: skip
    session = TreatmentSession.objects.get()
    assert session.subjective == f"{UNICODE} {HTML}"
    page = web.get(reverse("session_detail", args=[session.pk])).content.decode()
    assert UNICODE in page and HTML not in page and "&lt;script&gt;" in page
