"""A throwaway Django database for the page benchmarks: a fresh SQLite file (or the database
in DATABASE_URL) under a temporary MYOMAP_VAR_DIR, migrated, with a clinic, a clinician and an
assessed episode whose plan is generated — the same as the tests' `planned_episode`.

    from bench.django_db import planned_episode_setup
    clinician, episode = planned_episode_setup()
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("MYOMAP_VAR_DIR", tempfile.mkdtemp(prefix="myomap-bench-"))
    os.environ.setdefault("MYOMAP_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def planned_episode_setup():
    """(clinician user, episode) with an initial assessment and a generated plan."""
    django_setup()
    from django.contrib.auth import get_user_model

    from myomap.accounts.actor import actor_for_user
    from myomap.accounts.models import Clinic, Membership, Role
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import (
        assessment_create,
        assessment_posture_save,
        assessment_red_flags_save,
    )
    from myomap.records.demo import DEMO_FINDING, DEMO_POSTURE
    from myomap.records.models import Client, Episode
    from myomap.records.plans.services import plan_generate

    clinic = Clinic.objects.create(name=f"Bench clinic {secrets.token_hex(3)}")
    user = get_user_model().objects.create_user(username=f"bench-{secrets.token_hex(4)}")
    Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN)
    client = Client.objects.create(
        clinic=clinic, given_name="Bench", family_name="Client", date_of_birth=date(1980, 1, 1),
        sex="female", occupation="desk",
    )  # fmt: skip
    episode = Episode.objects.create(
        clinic=clinic, client=client, onset_date=date.today() - timedelta(days=50),
        complaint="Low back ache", created_by=user,
    )  # fmt: skip
    actor = actor_for_user(user)
    assessment = assessment_create(actor=actor, episode_id=episode.pk)
    assessment_red_flags_save(actor=actor, assessment_id=assessment.pk, data={"findings": []})
    assessment_measure_save(actor=actor, assessment_id=assessment.pk, instrument="nprs", answers=6)
    assessment_posture_save(actor=actor, assessment_id=assessment.pk, data=DEMO_POSTURE)
    muscle_finding_add(actor=actor, assessment_id=assessment.pk, data=DEMO_FINDING)
    plan_generate(actor=actor, assessment_id=assessment.pk)
    return user, episode


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(median, 95th percentile) of timings in ms."""
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[int(0.95 * (len(ordered) - 1))]
