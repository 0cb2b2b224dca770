"""The demo clinic that `make run` creates on an empty database.

Demo passwords are random per installation (never a shipped default) and kept in
`var/demo-logins.json`, readable only by the installing user, so `make run` can print them."""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from myomap.accounts.models import Clinic, Membership, Role
from myomap.paths import demo_logins_file, private_dir
from myomap.records.episodes.summary import episode_summaries_bring_up_to_date
from myomap.records.models import Client, Episode, Occupation, Sex

DEMO_CLINIC_NAME = "Harbourside Neuromuscular Clinic"
DEMO_USERS = [
    ("owner", "Olivia", "Hart", Role.OWNER),
    ("clinician", "Sam", "Reyes", Role.CLINICIAN),
    ("frontdesk", "Priya", "Nair", Role.FRONT_DESK),
]
# The client record's fields, in the order of each DEMO_CLIENTS row.
DEMO_CLIENT_FIELDS = (
    "given_name", "family_name", "date_of_birth", "sex", "occupation", "phone", "notes",
)  # fmt: skip
DEMO_CLIENTS = [
    (
        "Maria",
        "Okafor",
        date(1984, 3, 12),
        Sex.FEMALE,
        Occupation.DESK,
        "07700 900123",
        "Prefers morning appointments.",
    ),
    (
        "James",
        "Whitfield",
        date(1990, 7, 2),
        Sex.MALE,
        Occupation.ATHLETE,
        "07700 900456",
        "Club rugby player; season runs September to May.",
    ),
    (
        "Helen",
        "Brandt",
        date(1961, 11, 28),
        Sex.FEMALE,
        Occupation.OTHER,
        "07700 900789",
        "Retired teacher. Hard of hearing on the left — face her when speaking.",
    ),
    (
        "Tomasz",
        "Nowak",
        date(1978, 5, 19),
        Sex.MALE,
        Occupation.MANUAL,
        "07700 900321",
        "Scaffolder; can only attend after 4 pm.",
    ),
    ("Aisha", "Rahman", date(1995, 1, 7), Sex.FEMALE, Occupation.DESK, "07700 900654", ""),
    (
        "Grace",
        "Liu",
        date(1972, 9, 30),
        Sex.FEMALE,
        Occupation.MANUAL,
        "07700 900987",
        "Nurse on rotating shifts.",
    ),
    (
        "Daniel",
        "Mensah",
        date(1988, 12, 15),
        Sex.MALE,
        Occupation.DESK,
        "07700 900111",
        "Software developer, works from home.",
    ),
    (
        "Ruth",
        "Castellano",
        date(1956, 4, 4),
        Sex.FEMALE,
        Occupation.OTHER,
        "07700 900222",
        "Uses a walking stick outdoors.",
    ),
]


def demo_is_needed() -> bool:
    return not Clinic.objects.exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, password, role) for the demo users, or [] when no demo was created here."""
    path = demo_logins_file()
    if not path.is_file():
        return []
    return [tuple(row) for row in json.loads(path.read_text())]


@transaction.atomic
def demo_clinic_create() -> Clinic:
    clinic = Clinic.objects.create(name=DEMO_CLINIC_NAME)
    logins = []
    user_model = get_user_model()
    for username, first, last, role in DEMO_USERS:
        password = "-".join(secrets.token_hex(2) for _ in range(3))
        user = user_model.objects.create_user(
            username=username, password=password, first_name=first, last_name=last
        )
        Membership.objects.create(user=user, clinic=clinic, role=role)
        logins.append((username, password, Role(role).label))
    for row in DEMO_CLIENTS:
        fields = dict(zip(DEMO_CLIENT_FIELDS, row, strict=True))
        email = f"{row[0]}.{row[1]}@example.org".lower()
        Client.objects.create(clinic=clinic, email=email, **fields)
    _demo_episodes_create(clinic)
    # The episodes were made without the services (no assessment yet for some): their summaries
    # are computed here, as `myomap init` would, so Today's order is the settled one.
    episode_summaries_bring_up_to_date(clinic=clinic)
    _demo_logins_save(logins)
    return clinic


# (family name, days since onset, complaint, recurrent)
DEMO_EPISODES = [
    (
        "Okafor",
        90,
        "Right-sided low back and buttock ache, worse after long days at the desk.",
        False,
    ),
    ("Whitfield", 12, "Left buttock pain after scrummaging; tight hamstrings.", False),
    ("Brandt", 400, "Constant low back ache for over a year, stiff in the mornings.", True),
    ("Nowak", 70, "Low back pain after lifting boards; pain when bending and twisting.", False),
    ("Liu", 9, "Low back pain with new numbness around the saddle area since yesterday.", False),
    (
        "Castellano",
        2,
        "Sudden sharp low back pain after slipping on the kerb; known osteoporosis.",
        False,
    ),
]


def _demo_episodes_create(clinic: Clinic) -> None:
    clinician = Membership.objects.get(clinic=clinic, role=Role.CLINICIAN).user
    for family, days, complaint, recurrent in DEMO_EPISODES:
        Episode.objects.create(
            clinic=clinic,
            client=Client.objects.get(clinic=clinic, family_name=family),
            onset_date=date.today() - timedelta(days=days),
            complaint=complaint,
            recurrent=recurrent,
            created_by=clinician,
        )
    _demo_assessments_create(clinic, clinician)


def _demo_assessments_create(clinic: Clinic, clinician) -> None:
    """Assessed episodes with plans and signed session notes (Okafor, Brandt, Nowak), a red-flag
    referral (Liu) and a red flag still waiting for its referral (Castellano), made through the
    services so the demo holds exactly what the pages would have stored."""
    from myomap.accounts.actor import actor_for_user
    from myomap.records.assessments.actions import red_flag_action_record
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import (
        assessment_create,
        assessment_posture_save,
        assessment_red_flags_save,
        assessment_severity_save,
    )

    actor = actor_for_user(clinician)
    episodes = {e.client.family_name: e for e in Episode.objects.filter(clinic=clinic)}
    assessed = assessment_create(
        actor=actor,
        episode_id=episodes["Okafor"].pk,
        assessed_on=date.today() - timedelta(days=OKAFOR_ASSESSED_DAYS_AGO),
    )
    assessment_red_flags_save(actor=actor, assessment_id=assessed.pk, data={"findings": []})
    for instrument, answers in (
        ("nprs", 6),
        ("odi", [2, 1, 3, 1, 3, 2, 1, None, 2, 2]),
        ("start_back", {"items": [1, 0, 1, 0, 0, 1, 0, 0], "item9": "moderately"}),
        ("psfs", [{"activity": a, "rating": r} for a, r in DEMO_PSFS]),
    ):
        assessment_measure_save(
            actor=actor, assessment_id=assessed.pk, instrument=instrument, answers=answers
        )
    assessment_severity_save(actor=actor, assessment_id=assessed.pk, data=DEMO_SEVERITY)
    assessment_posture_save(actor=actor, assessment_id=assessed.pk, data=DEMO_POSTURE)
    muscle_finding_add(actor=actor, assessment_id=assessed.pk, data=DEMO_FINDING)
    _demo_pain_map_and_plan(actor, assessed)
    referred = assessment_create(actor=actor, episode_id=episodes["Liu"].pk)
    assessment_red_flags_save(
        actor=actor,
        assessment_id=referred.pk,
        data={"findings": ["saddle_sensory_change_new", "bladder_dysfunction_new"]},
    )
    red_flag_action_record(
        actor=actor,
        assessment_id=referred.pk,
        data={"referred_to": "Emergency department", "referred_on": date.today().isoformat(),
              "note": "Client accompanied to the emergency department by her partner."},
    )  # fmt: skip
    # Screened today; the referral is not recorded yet, so the dashboard shows the red flag.
    pending = assessment_create(actor=actor, episode_id=episodes["Castellano"].pk)
    assessment_red_flags_save(
        actor=actor,
        assessment_id=pending.pk,
        data={"findings": ["minor_trauma", "osteoporosis", "sudden_severe_pain"]},
    )
    _demo_treated_episodes_create(actor, episodes)


def _demo_treated_episodes_create(actor, episodes: dict[str, Episode]) -> None:
    from myomap.demo.sessions import (
        BRANDT,
        NOWAK,
        demo_assessment_plan,
        demo_sessions_create,
    )

    demo_assessment_plan(actor, episodes["Brandt"], BRANDT)
    demo_assessment_plan(actor, episodes["Nowak"], NOWAK)
    demo_sessions_create(actor, episodes)


def _demo_pain_map_and_plan(actor, assessment) -> None:
    """The body chart and a generated plan for the assessed episode, so the demo opens on a finished
    assessment."""
    from myomap.records.painmap import assessment_pain_map_save
    from myomap.records.plans.services import plan_generate

    assessment_pain_map_save(actor=actor, assessment_id=assessment.pk, entries=DEMO_PAIN_MAP)
    plan_generate(actor=actor, assessment_id=assessment.pk)


OKAFOR_ASSESSED_DAYS_AGO = 30  # 60 days after onset, as before sessions were recorded
# Regions in the quadratus lumborum referral map, matching the demo's palpation finding.
DEMO_PAIN_MAP = [
    {"region": "si_joint_r", "intensity": 6, "quality": "ache"},
    {"region": "buttock_lower_r", "intensity": 4, "quality": "ache"},
    {"region": "greater_trochanter_r", "intensity": 3, "quality": "ache"},
]
DEMO_PSFS = [("Sitting at work for an hour", 4), ("Gardening", 3), ("Driving", 5)]
DEMO_SEVERITY = {
    "pain_pattern": "persistent",
    "pain_at_rest": False,
    "eases_with_movement": True,
    "difficulties": ["lifting", "prolonged_sitting"],
    "weakness": True,
    "postural_imbalance": "mild",
    "daily_impact": "some",
}
DEMO_POSTURE = {
    "pelvic_torsion": True,
    "true_length_mm": {"left": 880, "right": 880},
    "apparent_length_mm": {"left": 921, "right": 912},
    "supine_to_long_sit": {"right": "short_to_long"},
}
DEMO_FINDING = {
    "muscle": "quadratus_lumborum", "side": "right", "trigger_point": "active",
    "taut_band": "on", "referral_reproduced": "on", "referral_sensation": "ache",
    "local_twitch": "on", "spasm": "on", "shortened": "on", "tenderness": "2",
}  # fmt: skip


def _demo_logins_save(logins: list[tuple[str, str, str]]) -> None:
    path = demo_logins_file()
    private_dir(path.parent)
    path.touch(mode=0o600)
    path.write_text(json.dumps(logins, indent=1))
