"""Test factories: the clinic, its people and its records, built through the project's own
services wherever one exists, so what a test starts from is valid and audited as the pages
would have left it. Every builder takes keyword overrides; nothing here asserts.

The constants are the tests' own (a quadratus lumborum finding, a pelvic torsion): tests do
not lean on the demo's seed data, which may change for its own reasons."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

PASSWORD = "correct-horse-battery-42"

# A right quadratus lumborum in spasm with a confirmed, referring trigger point, shortened.
FINDING = {
    "muscle": "quadratus_lumborum", "side": "right", "trigger_point": "active",
    "taut_band": "on", "referral_reproduced": "on", "referral_sensation": "ache",
    "local_twitch": "on", "spasm": "on", "shortened": "on", "tenderness": "2",
}  # fmt: skip
# A pelvic torsion: equal true leg lengths, a functional difference in apparent length.
POSTURE = {
    "pelvic_torsion": True,
    "true_length_mm": {"left": 880, "right": 880},
    "apparent_length_mm": {"left": 921, "right": 912},
    "supine_to_long_sit": {"right": "short_to_long"},
}
# The client of every test ("Maria Okafor") and a second one of the same clinic.
CLIENT = {
    "given_name": "Maria",
    "family_name": "Okafor",
    "date_of_birth": date(1984, 3, 12),
    "sex": "female",
    "occupation": "desk",
}
OTHER_CLIENT = {
    "given_name": "Tomasz",
    "family_name": "Wren",
    "date_of_birth": date(1990, 7, 1),
    "sex": "male",
    "occupation": "manual",
}
EXERCISE = "ql_side_lying_stretch"
# Five exercises with every kind of dose: KB numbers, clinician text, none given; and KB
# cautions, so the card layout is tested at its fullest.
FIVE_EXERCISES = [
    {"exercise": "ql_side_lying_stretch", "dose": ""},
    {"exercise": "figure_four_stretch", "dose": "Hold 30 s, 3 times each side, twice a day"},
    {"exercise": "prone_press_up", "dose": ""},
    {"exercise": "dead_bug", "dose": "2 sets of 8 slow repetitions each side, once a day"},
    {"exercise": "kettlebell_swing", "dose": ""},
]


def make_clinic(name: str = "Harbourside", **overrides):
    from myomap.accounts.models import Clinic

    return Clinic.objects.create(name=name, **overrides)


def make_member(username: str, clinic, role: str, *, password: str = PASSWORD):
    """A user with a known password and one membership (accounts have no creating service: the
    owner's CLI and the admin make them)."""
    from django.contrib.auth import get_user_model

    from myomap.accounts.models import Membership

    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=username.title()
    )
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


def staff_actor(user):
    from myomap.accounts.actor import actor_for_user

    return actor_for_user(user, remote_addr="127.0.0.1")


def client_actor(episode):
    """The portal actor of an episode's client, as a verified link gives it."""
    from myomap.accounts.actor import ClientActor

    return ClientActor(
        client_id=episode.client_id,
        clinic=episode.clinic,
        link_id=uuid.uuid4(),
        remote_addr="127.0.0.1",
    )


def make_client(by, **overrides):
    """A client of `by`'s clinic (`CLIENT` unless overridden), through `client_create`."""
    from myomap.records.services import client_create

    return client_create(actor=by, data={**CLIENT, **overrides})


def make_episode(by, client, *, days_since_onset: int = 50, **overrides):
    """An active episode of `client` with its onset `days_since_onset` ago (50: subacute), through
    `episode_create`."""
    from myomap.records.episodes import episode_create

    data = {
        "onset_date": date.today() - timedelta(days=days_since_onset),
        "complaint": "Low back ache",
        **overrides,
    }
    return episode_create(actor=by, client_id=client.pk, data=data)


def make_assessment(
    by,
    episode,
    *,
    red_flags: list[str] | None = None,
    measures: dict[str, Any] | None = None,
    severity: dict | None = None,
    posture: dict | None = None,
    findings: Iterable[dict] = (),
    pain_map: list[dict] | None = None,
    **create,
):
    """An assessment of `episode`, each section saved through its service when given: red-flag
    findings ([] = screened, none found), {instrument: answers}, severity, posture, palpation
    findings and a pain map. `create` goes to `assessment_create` (assessed_on, kind)."""
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import (
        assessment_create,
        assessment_posture_save,
        assessment_red_flags_save,
        assessment_severity_save,
    )
    from myomap.records.painmap import assessment_pain_map_save

    assessment = assessment_create(actor=by, episode_id=episode.pk, **create)
    if red_flags is not None:
        assessment_red_flags_save(
            actor=by, assessment_id=assessment.pk, data={"findings": red_flags}
        )
    for instrument, answers in (measures or {}).items():
        assessment_measure_save(
            actor=by, assessment_id=assessment.pk, instrument=instrument, answers=answers
        )
    if severity is not None:
        assessment_severity_save(actor=by, assessment_id=assessment.pk, data=severity)
    if posture is not None:
        assessment_posture_save(actor=by, assessment_id=assessment.pk, data=posture)
    for finding in findings:
        muscle_finding_add(actor=by, assessment_id=assessment.pk, data=finding)
    if pain_map is not None:
        assessment_pain_map_save(actor=by, assessment_id=assessment.pk, entries=pain_map)
    assessment.refresh_from_db()
    return assessment


def make_plan(by, assessment):
    from myomap.records.plans.services import plan_generate

    return plan_generate(actor=by, assessment_id=assessment.pk)


def assess_and_plan(by, episode, **sections):
    """Assess `episode` as the `planned_episode` fixture is (screened with no red flag, NPRS 6,
    `FINDING`; `sections` override what `make_assessment` is given) and generate its plan;
    returns the episode."""
    sections = {"red_flags": [], "measures": {"nprs": 6}, "findings": [FINDING], **sections}
    make_plan(by, make_assessment(by, episode, **sections))
    return episode


def session_note(**changes) -> dict:
    """A complete note for a relieve-spasm visit today (NPRS 6 → 4, the right quadratus
    lumborum treated, one home exercise), as the session page would post it."""
    base = {
        "seen_on": date.today().isoformat(),
        "stage": "relieve_spasm",
        "nprs_before": 6,
        "nprs_after": 4,
        "discomfort": 6,
        "red_flag_rescreen": "none_new",
        "subjective": "Slept better.",
        "techniques": [
            {
                "technique": "ischemic_compression",
                "muscle": "quadratus_lumborum",
                "side": "right",
                "pressure_lb": "9",
                "hold_seconds": "60",
                "repetitions": "3",
            },
        ],  # fmt: skip
        "trigger_points": [{"muscle": "quadratus_lumborum", "side": "right", "released": True}],
        "muscles_in_spasm": [{"muscle": "quadratus_lumborum", "side": "right"}],
        "exercises": [{"exercise": EXERCISE, "dose": "3 x 20 s, twice a day"}],
        "aftercare": ["drink_water", "light_walking", "no_heavy_lifting_24h"],
    }
    return {**base, **changes}


def make_session(by, episode, *, sign: bool = True, days_ago: int | None = None, **changes):
    """A session note (`session_note` with `changes`, seen `days_ago` days ago when given) through
    `session_create`, signed unless `sign=False`."""
    from myomap.records.sessions.services import session_create, session_sign

    if days_ago is not None:
        changes["seen_on"] = (date.today() - timedelta(days=days_ago)).isoformat()
    session = session_create(actor=by, episode_id=episode.pk, note=session_note(**changes))
    if sign:
        session = session_sign(actor=by, session_id=session.pk)
    return session


def diary_entry(days_ago: int = 0, nprs: int = 4, done: str = "yes", **extra) -> dict:
    """A diary form for the one-exercise programme (`EXERCISE`) `days_ago` days ago."""
    data = {
        "entry_date": (date.today() - timedelta(days=days_ago)).isoformat(),
        "nprs": str(nprs),
        f"ex-{EXERCISE}-done": done,
        "comment": "",
    }
    if done == "yes":
        data[f"ex-{EXERCISE}-effort"] = "5"
        data[f"ex-{EXERCISE}-pain"] = "3"
    data.update(extra)
    return data


def diary_entry_for(episode, days_ago: int = 0, nprs: int = 4) -> dict:
    """An entry answering "not done" for every exercise of the episode's current programme."""
    from myomap.records.diary.programme import client_programme_build

    data = {"entry_date": (date.today() - timedelta(days=days_ago)).isoformat(), "nprs": str(nprs)}
    for card in client_programme_build(episode).exercises:
        data[f"ex-{card['id']}-done"] = "no"
    return data


def make_diary_entry(episode, **form):
    """An entry posted by the episode's own client through `diary_entry_create`."""
    from myomap.records.diary.services import diary_entry_create

    return diary_entry_create(
        actor=client_actor(episode), episode=episode, data=diary_entry(**form)
    )


def token_of(url: str) -> str:
    return parse_qs(urlparse(url).query)["t"][0]


def make_portal_link(by, client, purpose: str = "pre_visit", **options):
    """A portal link for `client` through `portal_link_create`; returns (link, token)."""
    from myomap.portal.links import portal_link_create

    issued = portal_link_create(actor=by, client_id=client.pk, purpose=purpose, **options)
    return issued.link, token_of(issued.url)
