"""A throwaway database for the page benchmarks, and the planned episode they start from.

SQLite: a fresh file under a temporary MYOMAP_VAR_DIR. PostgreSQL (DATABASE_URL set): a
`test_…` database created and dropped around the run, so the named database is never touched.

    with throwaway_database():
        user, actor, episode = planned_episode_setup()
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as `python bench/<name>.py`
    sys.path.insert(0, str(ROOT))


@contextmanager
def throwaway_database() -> Iterator[None]:
    with tempfile.TemporaryDirectory(prefix="myomap-bench-") as var_dir:
        os.environ["MYOMAP_VAR_DIR"] = var_dir
        os.environ.setdefault("MYOMAP_SECRET_KEY", secrets.token_urlsafe(40))
        os.environ.setdefault("MYOMAP_AUDIT_KEY", secrets.token_urlsafe(40))
        os.environ["DJANGO_SETTINGS_MODULE"] = "myomap.settings"
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        if connection.vendor == "sqlite":
            call_command("migrate", interactive=False, verbosity=0)
            yield
            return
        original = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


def planned_episode_setup():
    """(user, actor, episode) as the test suite's planned episode: NPRS 6 and an ODI,
    quadratus lumborum right in spasm with a confirmed trigger point, pelvic torsion, and a
    generated plan."""
    from django.contrib.auth import get_user_model

    from myomap.accounts.actor import actor_for_user
    from myomap.accounts.models import Clinic, Membership, Role
    from myomap.demo import DEMO_FINDING, DEMO_POSTURE
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import (
        assessment_create,
        assessment_posture_save,
        assessment_red_flags_save,
    )
    from myomap.records.models import Client, Episode
    from myomap.records.plans.services import plan_generate

    clinic = Clinic.objects.create(name="Bench clinic")
    user = get_user_model().objects.create_user(username="bench", first_name="Bench")
    Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN)
    client = Client.objects.create(
        clinic=clinic, given_name="Maria", family_name="Okafor", date_of_birth=date(1984, 3, 12),
        sex="female", occupation="desk",
    )  # fmt: skip
    episode = Episode.objects.create(
        clinic=clinic, client=client, created_by=user,
        onset_date=date.today() - timedelta(days=400), complaint="Right-sided low back ache",
    )  # fmt: skip
    actor = actor_for_user(user, remote_addr="127.0.0.1")
    assessment = assessment_create(actor=actor, episode_id=episode.pk)
    saved = {"actor": actor, "assessment_id": assessment.pk}
    assessment_red_flags_save(**saved, data={"findings": []})
    assessment_measure_save(**saved, instrument="nprs", answers=6)
    assessment_measure_save(**saved, instrument="odi", answers=[2, 1, 3, 1, 3, 2, 1, None, 2, 2])
    assessment_posture_save(**saved, data=DEMO_POSTURE)
    muscle_finding_add(**saved, data=DEMO_FINDING)
    plan_generate(**saved)
    return user, actor, episode


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(median, 95th percentile) of timings in ms."""
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[int(0.95 * (len(ordered) - 1))]
