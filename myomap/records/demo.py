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
from myomap.paths import demo_logins_file
from myomap.records.models import Client, Episode, Occupation, Sex

DEMO_CLINIC_NAME = "Harbourside Neuromuscular Clinic"
DEMO_USERS = [
    ("owner", "Olivia", "Hart", Role.OWNER),
    ("clinician", "Sam", "Reyes", Role.CLINICIAN),
    ("frontdesk", "Priya", "Nair", Role.FRONT_DESK),
]
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
    for given, family, born, sex, occupation, phone, notes in DEMO_CLIENTS:
        Client.objects.create(
            clinic=clinic,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            sex=sex,
            occupation=occupation,
            phone=phone,
            notes=notes,
            email=f"{given.lower()}.{family.lower()}@example.org",
        )
    _demo_episodes_create(clinic)
    _demo_logins_save(logins)
    return clinic


# (family name, days since onset, complaint, recurrent)
DEMO_EPISODES = [
    (
        "Okafor",
        60,
        "Right-sided low back and buttock ache, worse after long days at the desk.",
        False,
    ),
    ("Whitfield", 12, "Left buttock pain after scrummaging; tight hamstrings.", False),
    ("Brandt", 400, "Constant low back ache for over a year, stiff in the mornings.", True),
    ("Nowak", 20, "Low back pain after lifting boards; pain when bending and twisting.", False),
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


def _demo_logins_save(logins: list[tuple[str, str, str]]) -> None:
    path = demo_logins_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(logins, indent=1))
