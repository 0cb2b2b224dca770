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
    DiaryAlert,
    DiaryEntry,
    DiarySettings,
    Episode,
    ExerciseStop,
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
from tests.factories import make_diary_entry, make_session, session_note
from tests.web.test_session_pages import form_post

MODELS = [Client, Episode, Assessment, MuscleFinding, PainMapEntry, RedFlagAction, Plan,
          TreatmentSession, TechniqueApplied, Addendum, ProgressDecision,
          SessionSafetyCheck, ExerciseStop, DiarySettings, DiaryEntry, DiaryAlert]  # fmt: skip
HUNDRED_KB = "x" * 100_000
UNICODE = "Zoë Ångström — 痛み 😀 مرحبا"
HTML = '<script>alert("x")</script><b onmouseover=1>bold</b>'
FUTURE = (date.today() + timedelta(days=30)).isoformat()
PAST = (date.today() - timedelta(days=400)).isoformat()


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
    Form("discharge", (
        choice("to"), when("discharged_on"), text("reason", REASON_MAX),
        when("maintenance_check_on", out_of_range=PAST), choice("confirm"),
    )),
    Form("reopen", (text("reason", REASON_MAX),), setup="discharged"),
    Form("maintenance check", (when("maintenance_check_on", out_of_range=PAST),),
         setup="maintenance"),
    Form("exercise stop", (choice("exercise"), text("reason", REASON_MAX))),
    Form("diary reminders", (choice("reminder_days"),)),
    Form("diary alert review", (choice("alert"), text("note", REASON_MAX)),
         setup="diary alert"),
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
            made = session_create(actor=actor, episode_id=planned_episode.pk, note=session_note())
            session_sign(actor=actor, session_id=made.pk)
            return reverse("addendum_add", args=[made.pk]), {"text": "Phoned: sore one day."}
        if form.setup == "draft session":
            made = session_create(actor=actor, episode_id=planned_episode.pk, note=session_note())
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
                note=session_note(muscles_in_spasm=[], trigger_points=[]),
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
        if form.name == "discharge":
            return reverse("episode_discharge", args=[planned_episode.pk]), {
                "to": "maintenance",
                "discharged_on": date.today().isoformat(),
                "maintenance_check_on": FUTURE,
                "reason": "Goals met.",
                "confirm": "on",
            }
        if form.setup in ("discharged", "maintenance"):
            Episode.objects.filter(pk=planned_episode.pk).update(status=form.setup)
            if form.setup == "discharged":
                return reverse("episode_reopen", args=[planned_episode.pk]), {"reason": "Back."}
            return reverse("maintenance_check", args=[planned_episode.pk]), {
                "maintenance_check_on": FUTURE
            }
        if form.name == "exercise stop":
            given = {"exercise": "ql_side_lying_stretch", "dose": "3 x 20 s, twice a day"}
            made = session_create(actor=actor, episode_id=planned_episode.pk,
                                  note=session_note(exercises=[given]))  # fmt: skip
            session_sign(actor=actor, session_id=made.pk)
            return reverse("exercise_stop", args=[planned_episode.pk]), {
                "exercise": given["exercise"],
                "reason": "Hurts when done.",
            }
        if form.name == "diary reminders":
            return reverse("diary_settings", args=[planned_episode.pk]), {"reminder_days": "14"}
        if form.setup == "diary alert":
            make_session(actor, planned_episode, sign=False, days_ago=3, nprs_before=4,
                         nprs_after=2)  # fmt: skip
            for days_ago, pain in ((2, 6), (1, 7)):  # two entries well above the visit's pain
                make_diary_entry(planned_episode, days_ago=days_ago, nprs=pain)
            alert = DiaryAlert.objects.get(episode=planned_episode)
            return reverse("diary_alert_review", args=[planned_episode.pk]), {
                "alert": str(alert.pk),
                "note": "Phoned; eased off the stretch.",
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


# The account, sign-in and clinic-administration forms, and the client-data forms. Built on
# Django forms, they refuse on the form (its errors name the field) or in a service (a noted
# refusal); a refused post changes none of the rows below.


def account_fingerprint() -> dict:
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from myomap.accounts.models import Clinic, Membership
    from myomap.api.models import ApiToken
    from myomap.records.models import ErasureRequest

    users = get_user_model().objects.values("pk", "username", "password", "email", "is_active")
    models = (Clinic, Membership, ApiToken, ErasureRequest, StaticDevice)
    rows = {model.__name__: sorted(map(repr, model.objects.values())) for model in models}
    # A wrong code counts towards the device's throttling: that is the lockout, not a saved input.
    devices = TOTPDevice.objects.values("pk", "user_id", "confirmed", "key", "last_t")
    return {"User": sorted(map(repr, users)), "TOTPDevice": sorted(map(repr, devices)), **rows,
            **fingerprint()}  # fmt: skip


def secret(name: str) -> Field:
    """A field whose every wrong value is refused (an address, a code, a password, a choice)."""
    return Field(name, "choice", name)


ACCOUNT_FORMS = [
    Form("staff invite", (secret("email"), text("full_name", 150), choice("role"))),
    Form("staff role", (choice("role"),)),
    Form("staff active", (choice("active"),)),
    Form("profile", (
        text("profession", 100), text("registration_number", 60), choice("scope_of_practice"),
    )),
    Form("clinic details", (
        text("name", 200), text("address", 500), text("phone", 40), text("letterhead", 1000),
        choice("time_zone"),
    )),
    Form("API token", (choice("user"), text("name", 100), number("days", "days", "366"))),
    Form("two-factor enrolment", (secret("token"),)),
    Form("two-factor sign-in", (secret("token"),)),
    Form("password change", (secret("old_password"),)),
    Form("password reset", (secret("email"),)),
    Form("password set", (secret("new_password2"),)),
    Form("login", (Field("username", "choice", "username|__all__"),)),
    Form("client erasure", (secret("confirm"),)),
    Form("record retention", (number("years", "record_retention_years", "101"),)),
]  # fmt: skip
ACCOUNT_CASES = [
    pytest.param(form, spoilt, kind, id=f"{form.name}-{spoilt.name}-{kind}")
    for form in ACCOUNT_FORMS
    for spoilt in form.fields
    for kind in KINDS[spoilt.kind]
    if not (kind == "out of range" and spoilt.out_of_range is None)
]


@pytest.fixture
def account_target(people, client, planned_episode):
    """The web client (signed in as the owner unless the form is a signed-out one), and for a
    form: (action url, valid post)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from myomap.accounts.models import Membership
    from tests.factories import PASSWORD

    def code(device) -> str:
        return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"

    def build(form: Form) -> tuple[str, dict]:
        member = Membership.objects.get(user=people.colleague)
        if form.name == "login":
            return reverse("login"), {"username": "sam", "password": PASSWORD}
        if form.name == "password reset":
            return reverse("password_reset"), {"email": "sam@example.org"}
        if form.name == "password set":
            user = people.colleague
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            link = reverse(
                "password_reset_confirm", args=[uid, default_token_generator.make_token(user)]
            )
            url = client.get(link)["Location"]  # Django swaps the token for a session key
            new = "a fresh long passphrase 42"
            return url, {"new_password1": new, "new_password2": new}
        client.force_login(people.owner)
        if form.name == "staff invite":
            return reverse("staff_list"), {"email": "new@example.org", "full_name": "New One",
                                           "role": "clinician"}  # fmt: skip
        if form.name == "staff active":
            return reverse("staff_active", args=[member.pk]), {"active": "0"}
        if form.name == "staff role":
            return reverse("staff_role", args=[member.pk]), {"role": "front_desk"}
        if form.name == "profile":
            return reverse("account"), {"profession": "Physiotherapist",
                                        "registration_number": "PH1",
                                        "scope_of_practice": "physiotherapist"}  # fmt: skip
        if form.name == "clinic details":
            return reverse("clinic_details"), {"name": "Harbourside", "address": "1 Quay",
                                               "phone": "0123", "letterhead": "Harbourside",
                                               "time_zone": "UTC"}  # fmt: skip
        if form.name == "API token":
            return reverse("api_tokens"), {"user": str(people.colleague.pk), "name": "reports",
                                           "days": "30"}  # fmt: skip
        if form.name == "two-factor enrolment":
            client.get(reverse("two_factor"))
            device = TOTPDevice.objects.get(user=people.owner, confirmed=False)
            return reverse("two_factor_confirm"), {"token": code(device)}
        if form.name == "two-factor sign-in":
            device = TOTPDevice.objects.create(user=people.owner, name="App", confirmed=True)
            return reverse("two_factor_verify"), {"token": code(device)}
        if form.name == "password change":
            new = "a fresh long passphrase 42"
            return reverse("password_change"), {"old_password": PASSWORD, "new_password1": new,
                                                "new_password2": new}  # fmt: skip
        people.clinic.record_retention_years = 10
        people.clinic.save()
        record = planned_episode.client
        if form.name == "client erasure":
            return reverse("client_erasure", args=[record.pk]), {"confirm": record.family_name}
        assert form.name == "record retention"
        return reverse("clinic_retention"), {"years": "12", "client": str(record.pk)}

    return client, build


def _post_form(web, url: str, data: dict):
    """The answer, and every field refused on the way: by a service or on a Django form."""
    response, refused = _post(web, url, data)
    for context in response.context or []:
        form = context.get("form") if hasattr(context, "get") else None
        if form is not None and hasattr(form, "errors"):
            refused += list(form.errors)
    return response, refused


@pytest.mark.parametrize("form", ACCOUNT_FORMS, ids=[form.name for form in ACCOUNT_FORMS])
def test_the_valid_post_of_every_account_form_is_accepted(account_target, form):
    web, build = account_target
    url, data = build(form)
    before = account_fingerprint()
    response, refused = _post_form(web, url, data)
    assert response.status_code == 200 and not refused, refused
    # Signing in and asking for a reset e-mail change no row of these.
    assert form.name in ("password reset", "login") or account_fingerprint() != before


@pytest.mark.parametrize(("form", "spoilt", "kind"), ACCOUNT_CASES)
def test_bad_input_to_an_account_form_is_refused_naming_the_field(account_target, form, spoilt,
                                                                  kind):  # fmt: skip
    web, build = account_target
    url, data = build(form)
    posted = {**data, spoilt.name: bad_value(spoilt, kind)}
    before = account_fingerprint()
    response, refused = _post_form(web, url, posted)
    html = response.content.decode()
    assert response.status_code < 500
    if accepted_as_text(spoilt, kind):
        assert not refused, refused
        assert HTML not in html
        return
    if kind == "nul":
        assert response.status_code == 400
        assert f"The field &#x27;{spoilt.name}&#x27; contains a NUL character" in html
    else:
        allowed = spoilt.error.split("|")
        assert any(key.startswith(tuple(allowed)) for key in refused), (spoilt.error, refused)
    assert account_fingerprint() == before, "a refused post changed a row"


@pytest.mark.parametrize("value", ["ab\x00cd", HUNDRED_KB, UNICODE, HTML, "-1", "1_0"])
@pytest.mark.parametrize("page", ["home", "audit_log"])
@pytest.mark.parametrize("name", ["q", "scope", "client", "user", "from", "to", "action"])
def test_the_search_and_filter_forms_answer_any_text_without_a_server_error(
    people, browser_as, page, name, value
):
    response = browser_as(people.owner).get(reverse(page), {name: value})
    assert response.status_code in (200, 400)
    assert HTML not in response.content.decode()
