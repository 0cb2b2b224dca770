"""Double submission writes once: every create form carries a one-time `form_token`, and the
second post of the same token answers like the first (a redirect to the same record) and writes
nothing — per form, on SQLite and PostgreSQL, and for two posts at the same moment."""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as WebClient
from django.urls import reverse

from myomap.accounts.models import AuditEvent
from myomap.records.models import (
    Addendum,
    Assessment,
    Client,
    Episode,
    MuscleFinding,
    Plan,
    ProgressDecision,
    RedFlagAction,
    TreatmentSession,
)
from myomap.web.models import FormSubmission
from tests.factories import make_assessment, make_episode, make_session, staff_actor
from tests.web.test_session_pages import form_post

TOKEN_INPUT = re.compile(r'<input type="hidden" name="form_token" value="([0-9a-f-]{36})">')


@dataclass
class Form:
    page: str  # where the form is drawn (GET), to check it carries a token
    action: str  # where it posts
    data: dict
    model: type


def _assessment(episode, people):
    return make_assessment(staff_actor(people.owner), episode)


def _signed_session(people, actor_of, episode):
    return make_session(actor_of(people.owner), episode)


def _red_flagged(people, browser, episode):
    assessment = _assessment(episode, people)
    browser.post(
        reverse("assessment_section", args=[assessment.pk, "red_flags"]),
        {"findings": ["bladder_dysfunction_new", "bilateral_leg_symptoms"]},
    )
    return assessment


def _advance_proposed(people, actor_of, episode):
    make_session(actor_of(people.owner), episode, muscles_in_spasm=[], trigger_points=[])


def build_form(name, people, actor_of, browser, episode, planned) -> Form:
    """Each create form with valid data (planned: the episode has an assessment and a plan)."""
    if name == "client":
        return Form(reverse("client_new"), reverse("client_new"), {
            "given_name": "Ana", "family_name": "Lopez", "date_of_birth": "1990-01-02",
            "sex": "female", "occupation": "desk"}, Client)  # fmt: skip
    if name == "episode":
        url = reverse("episode_new", args=[episode.client_id])
        onset = (date.today() - timedelta(days=3)).isoformat()
        return Form(url, url, {"onset_date": onset, "complaint": "Ache"}, Episode)
    if name == "session note":
        url = reverse("session_new", args=[planned.pk])
        return Form(url, url, form_post(), TreatmentSession)
    if name == "addendum":
        session = _signed_session(people, actor_of, planned)
        page = reverse("session_detail", args=[session.pk])
        return Form(page, reverse("addendum_add", args=[session.pk]),
                    {"text": "Client phoned: sore for a day."}, Addendum)  # fmt: skip
    if name == "assessment":
        return Form(reverse("episode_detail", args=[planned.pk]),
                    reverse("assessment_new", args=[planned.pk]), {}, Assessment)  # fmt: skip
    if name == "red-flag action":
        assessment = _red_flagged(people, browser, episode)
        return Form(reverse("assessment_step", args=[assessment.pk, "red-flags"]),
                    reverse("assessment_red_flag_action", args=[assessment.pk]),
                    {"referred_to": "Emergency department",
                     "referred_on": date.today().isoformat()}, RedFlagAction)  # fmt: skip
    if name == "muscle finding":
        assessment = Assessment.objects.get(episode=planned)
        return Form(reverse("assessment_step", args=[assessment.pk, "palpation"]),
                    reverse("muscle_finding_add", args=[assessment.pk]),
                    {"muscle": "iliopsoas", "side": "left"}, MuscleFinding)  # fmt: skip
    if name == "plan generation":
        assessment = Assessment.objects.get(episode=planned)
        return Form(reverse("assessment_step", args=[assessment.pk, "plan"]),
                    reverse("plan_generate", args=[assessment.pk]), {}, Plan)  # fmt: skip
    if name == "plan edit":
        plan = Plan.objects.get(episode=planned)
        return Form(reverse("plan_detail", args=[plan.pk]), reverse("plan_edit", args=[plan.pk]),
                    {"action": "start_stage_early", "stage": "restore_flexibility",
                     "reason": "Moving well"}, Plan)  # fmt: skip
    assert name == "progress decision"
    _advance_proposed(people, actor_of, planned)
    return Form(reverse("episode_progress", args=[planned.pk]),
                reverse("progress_decide", args=[planned.pk]),
                {"kind": "advance", "at_session": "1", "decision": "accepted",
                 "reason": "Spasm gone on palpation."}, ProgressDecision)  # fmt: skip


FORMS = ["client", "episode", "session note", "addendum", "assessment", "red-flag action",
         "muscle finding", "plan generation", "plan edit", "progress decision"]  # fmt: skip


@pytest.fixture
def form_for(people, actor_of, browser_as, episode, planned_episode):
    browser = browser_as(people.owner)

    def build(name: str) -> tuple[WebClient, Form]:
        # A second episode of the same client for forms that need one with nothing on it.
        fresh = make_episode(
            actor_of(people.owner), episode.client, days_since_onset=0, complaint="Second episode"
        )
        return browser, build_form(name, people, actor_of, browser, fresh, planned_episode)

    return build


@pytest.mark.parametrize("name", FORMS)
def test_the_form_carries_a_one_time_token(form_for, name):
    browser, form = form_for(name)
    html = browser.get(form.page).content.decode()
    assert TOKEN_INPUT.search(html), f"no form_token on {form.page}"


@pytest.mark.parametrize("name", FORMS)
def test_the_same_token_posted_twice_writes_once_and_answers_like_the_first(form_for, name):
    browser, form = form_for(name)
    data = {**form.data, "form_token": str(uuid.uuid4())}
    before = form.model.objects.count()
    first = browser.post(form.action, data)
    after_first = form.model.objects.count()
    audits = AuditEvent.objects.count()
    second = browser.post(form.action, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert after_first == before + 1
    assert second.status_code == 302 and second.url == first.url
    assert form.model.objects.count() == after_first
    assert AuditEvent.objects.count() == audits  # nothing written, not even an audit event


# The red-flag action, muscle finding, addendum and progress decision forms are left out: their
# own rules refuse (or would refuse) a second identical record.
@pytest.mark.parametrize("name", ["client", "episode", "session note", "assessment", "plan edit"])
def test_two_different_tokens_are_two_submissions(form_for, name):
    browser, form = form_for(name)
    before = form.model.objects.count()
    browser.post(form.action, {**form.data, "form_token": str(uuid.uuid4())})
    browser.post(form.action, {**form.data, "form_token": str(uuid.uuid4())})
    assert form.model.objects.count() == before + 2


def test_a_refused_post_leaves_its_token_usable_for_the_corrected_form(form_for):
    browser, form = form_for("session note")
    token = str(uuid.uuid4())
    refused = browser.post(form.action, {**form.data, "nprs_before": "11", "form_token": token})
    assert refused.status_code == 400 and not TreatmentSession.objects.exists()
    saved = browser.post(form.action, {**form.data, "form_token": token})
    assert saved.status_code == 302 and TreatmentSession.objects.count() == 1


def test_a_redirecting_refusal_leaves_its_token_usable(form_for):
    browser, form = form_for("addendum")
    token = str(uuid.uuid4())
    browser.post(form.action, {"text": "x", "form_token": token})  # too short: refused
    assert not Addendum.objects.exists() and not FormSubmission.objects.exists()
    browser.post(form.action, {**form.data, "form_token": token})
    assert Addendum.objects.count() == 1


def test_an_htmx_double_post_refreshes_the_page_and_writes_once(form_for):
    browser, form = form_for("muscle finding")
    data = {**form.data, "form_token": str(uuid.uuid4())}
    first = browser.post(form.action, data, HTTP_HX_REQUEST="true")
    second = browser.post(form.action, data, HTTP_HX_REQUEST="true")
    assert first.status_code == 200 and second["HX-Refresh"] == "true"
    assert MuscleFinding.objects.filter(muscle="iliopsoas").count() == 1


def test_a_token_is_answered_only_for_its_own_form_and_user(people, form_for, browser_as):
    browser, form = form_for("client")
    token = str(uuid.uuid4())
    browser.post(form.action, {**form.data, "form_token": token})
    other = WebClient()
    other.force_login(people.colleague)
    reused = other.post(form.action, {**form.data, "form_token": token})
    assert reused.status_code == 400 and "form_token" in reused.content.decode()
    assert Client.objects.filter(given_name="Ana").count() == 1


def test_a_token_that_is_not_a_uuid_is_refused_naming_it(form_for):
    browser, form = form_for("client")
    response = browser.post(form.action, {**form.data, "form_token": "abc"})
    assert response.status_code == 400 and "form_token" in response.content.decode()
    assert not Client.objects.filter(given_name="Ana").exists()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sends_two_posts_at_once_and_one_note_is_written(people, planned_episode):
    """Two threads post the same token at the same moment (concurrently on PostgreSQL; one
    after the other on SQLite, whose in-memory test database takes one writer at a time)."""
    url = reverse("session_new", args=[planned_episode.pk])
    data = {**form_post(), "form_token": str(uuid.uuid4())}
    concurrent = connection.vendor == "postgresql"
    barrier = threading.Barrier(2 if concurrent else 1)
    answers: list = []

    def post() -> None:
        from django.db import connections

        try:
            web = WebClient()
            web.force_login(people.owner)
            barrier.wait(timeout=30)
            answers.append(web.post(url, data))
        finally:
            connections.close_all()

    if concurrent:
        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    else:
        post()
        post()
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].url == answers[1].url
    assert TreatmentSession.objects.count() == 1


# The account, clinic-administration and dashboard forms. Some of them answer with a page that
# shows a secret once (new backup codes, an API token, a set-password link): a resend of the
# same token writes nothing and goes to the page where a new one can be asked for deliberately.


def _code(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _token_of(browser: WebClient, page: str, action: str) -> str:
    html = browser.get(page).content.decode()
    start = html.index(f'action="{action}"') if action != page else 0
    found = TOKEN_INPUT.search(html, start)
    assert found, f"no form_token on {page} for {action}"
    return found.group(1)


def _written(name: str, people, episode) -> int:
    """How many records the form has made so far."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from myomap.accounts.models import Membership
    from myomap.api.models import ApiToken
    from myomap.records.models import ErasureRequest

    return {
        "staff invite": lambda: Membership.objects.filter(clinic=people.clinic).count(),
        "API token": lambda: ApiToken.objects.count(),
        "set-password link": lambda: AuditEvent.objects.filter(
            object_type="staff", detail__password_link="sent"
        ).count(),
        "two-factor enrolment": lambda: StaticToken.objects.count(),
        # A new set replaces the old device: the newest device's id counts the sets made.
        "backup codes": lambda: StaticDevice.objects.order_by("-pk").values_list("pk", flat=True)[
            0
        ],
        "erasure request": lambda: ErasureRequest.objects.count(),
        "dashboard assessment": lambda: Assessment.objects.filter(episode=episode).count(),
    }.get(name, _changes)()


def _changes() -> int:
    """Writes that change a record in place (an episode's status): their audit events."""
    return AuditEvent.objects.filter(action__in=["create", "update"]).count()


def _account_form(name: str, people, browser: WebClient, episode):
    """(page, action, valid data) of each account or admin form, set up to be sent."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from myomap.accounts.models import Membership

    member = Membership.objects.get(user=people.colleague)
    if name == "staff invite":
        url = reverse("staff_list")
        return url, url, {"email": "new@example.org", "full_name": "New One", "role": "clinician"}
    if name == "API token":
        url = reverse("api_tokens")
        return url, url, {"user": str(people.colleague.pk), "name": "reports", "days": "30"}
    if name == "set-password link":
        return (reverse("staff_member", args=[member.pk]),
                reverse("staff_password_link", args=[member.pk]), {})  # fmt: skip
    if name == "two-factor enrolment":
        page = reverse("two_factor")
        browser.get(page)  # makes the unconfirmed device
        device = TOTPDevice.objects.get(user=people.owner, confirmed=False)
        return page, reverse("two_factor_confirm"), {"token": _code(device)}
    if name == "backup codes":
        browser.get(reverse("two_factor"))
        device = TOTPDevice.objects.get(user=people.owner, confirmed=False)
        browser.post(reverse("two_factor_confirm"), {"token": _code(device)})  # verified now
        return reverse("two_factor"), reverse("backup_codes_new"), {}
    if name == "erasure request":
        people.clinic.record_retention_years = 10  # the record is too young: a refusal is kept
        people.clinic.save()
        record = episode.client
        confirm = {"confirm": record.family_name}
        return (reverse("client_detail", args=[record.pk]),
                reverse("client_erasure", args=[record.pk]), confirm)  # fmt: skip
    if name == "dashboard assessment":
        return reverse("home"), reverse("assessment_new", args=[episode.pk]), {}
    page = reverse("episode_detail", args=[episode.pk])
    if name == "discharge":
        return page, reverse("episode_discharge", args=[episode.pk]), {
            "to": "discharged", "discharged_on": date.today().isoformat(),
            "reason": "Goals met.", "confirm": "on"}  # fmt: skip
    if name == "exercise stop":
        given = {"exercise": "ql_side_lying_stretch", "dose": "3 x 20 s, twice a day"}
        _record(people, episode, exercises=[given])
        return page, reverse("exercise_stop", args=[episode.pk]), {
            "exercise": given["exercise"], "reason": "Hurts when done."}  # fmt: skip
    Episode.objects.filter(pk=episode.pk).update(status=name)
    if name == "discharged":
        return page, reverse("episode_reopen", args=[episode.pk]), {"reason": "Back again."}
    assert name == "maintenance"
    later = (date.today() + timedelta(days=60)).isoformat()
    return page, reverse("maintenance_check", args=[episode.pk]), {"maintenance_check_on": later}


def _record(people, episode, **changes) -> None:
    make_session(staff_actor(people.owner), episode, **changes)


ACCOUNT_FORMS = ["staff invite", "API token", "set-password link", "two-factor enrolment",
                 "backup codes", "erasure request", "dashboard assessment",
                 "discharge", "exercise stop", "discharged", "maintenance"]  # fmt: skip


@pytest.mark.parametrize("name", ACCOUNT_FORMS)
def test_account_admin_and_episode_forms_write_once_on_a_double_submit(
    request, people, browser_as, name
):
    browser = browser_as(people.owner)
    needs_plan = name in ("exercise stop", "discharge")
    episode = request.getfixturevalue("planned_episode" if needs_plan else "episode")
    page, action, data = _account_form(name, people, browser, episode)
    data = {**data, "form_token": _token_of(browser, page, action)}
    before = _written(name, people, episode)
    first = browser.post(action, data)
    assert first.status_code in (200, 302), first.content.decode()[:2000]
    after_first = _written(name, people, episode)
    assert after_first > before
    audits = AuditEvent.objects.count()
    second = browser.post(action, data)
    assert second.status_code == 302, second.content.decode()[:2000]
    if first.status_code == 302:
        assert second.url == first.url
    assert _written(name, people, episode) == after_first
    assert AuditEvent.objects.count() == audits  # nothing written, not even an audit event


def test_the_backup_codes_shown_first_are_the_ones_that_work_after_a_resend(people, browser_as):
    from django_otp.plugins.otp_static.models import StaticToken

    browser = browser_as(people.owner)
    page, action, _ = _account_form("backup codes", people, browser, None)
    data = {"form_token": _token_of(browser, page, action)}
    first = browser.post(action, data).content.decode()
    second = browser.post(action, data)
    assert second.url == reverse("two_factor")
    kept = set(StaticToken.objects.values_list("token", flat=True))
    assert kept and all(code in first for code in kept)


def test_a_refused_invite_leaves_its_token_usable(people, browser_as):
    from myomap.accounts.models import Membership

    browser = browser_as(people.owner)
    url = reverse("staff_list")
    token = _token_of(browser, url, url)
    refused = browser.post(url, {"email": "not-an-address", "role": "clinician",
                                 "form_token": token})  # fmt: skip
    assert refused.status_code == 400 and not FormSubmission.objects.exists()
    sent = browser.post(url, {"email": "new@example.org", "role": "clinician", "form_token": token})
    assert sent.status_code == 200
    assert Membership.objects.filter(user__username="new@example.org").count() == 1
