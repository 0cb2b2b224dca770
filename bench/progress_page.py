"""Render time and query count of the progress page for an episode with 50 signed sessions.

    .venv/bin/python bench/progress_page.py [--sessions 50] [--runs 100]

Sets up a throwaway database (SQLite under a temporary MYOMAP_VAR_DIR; with DATABASE_URL set,
a `test_…` PostgreSQL database created and dropped around the run), creates a planned episode
and its sessions through the services, then times GETs with Django's test client, logged in
as the clinician. Budget: median under 150 ms (p95 reported, with the load average), and the
same number of queries for 2 sessions as for `--sessions` (DESIGN.md: no query count that grows
with the rows on a page).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as `python bench/progress_page.py`
    sys.path.insert(0, str(ROOT))

BUDGET_MS = 150.0
QL_RIGHT = {"muscle": "quadratus_lumborum", "side": "right"}


def _django_setup(var_dir: str) -> None:
    os.environ["MYOMAP_VAR_DIR"] = var_dir
    os.environ.setdefault("MYOMAP_SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["DJANGO_SETTINGS_MODULE"] = "myomap.settings"
    import django

    django.setup()


def _database_create() -> str | None:
    """Migrate the throwaway SQLite file, or create a test PostgreSQL database (returned)."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", interactive=False, verbosity=0)
        return None
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return original


def _episode_planned():
    """The test suite's planned episode: NPRS 6, quadratus lumborum right in spasm with a
    confirmed trigger point, pelvic torsion, a generated plan."""
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

    clinic = Clinic.objects.create(name="Bench clinic")
    user = get_user_model().objects.create_user(username="bench", first_name="Bench")
    Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN)
    client = Client.objects.create(
        clinic=clinic,
        given_name="Maria",
        family_name="Okafor",
        date_of_birth=date(1984, 3, 12),
        sex="female",
        occupation="desk",
    )
    episode = Episode.objects.create(
        clinic=clinic,
        client=client,
        created_by=user,
        onset_date=date.today() - timedelta(days=400),
        complaint="Right-sided low back ache",
    )
    actor = actor_for_user(user, remote_addr="127.0.0.1")
    assessment = assessment_create(actor=actor, episode_id=episode.pk)
    assessment_red_flags_save(actor=actor, assessment_id=assessment.pk, data={"findings": []})
    assessment_measure_save(actor=actor, assessment_id=assessment.pk, instrument="nprs", answers=6)
    assessment_measure_save(
        actor=actor,
        assessment_id=assessment.pk,
        instrument="odi",
        answers=[2, 1, 3, 1, 3, 2, 1, None, 2, 2],
    )
    assessment_posture_save(actor=actor, assessment_id=assessment.pk, data=DEMO_POSTURE)
    muscle_finding_add(actor=actor, assessment_id=assessment.pk, data=DEMO_FINDING)
    plan_generate(actor=actor, assessment_id=assessment.pk)
    return user, actor, episode


def _note(number: int) -> dict:
    """A weekly first-stage visit; pain drifts between 4 and 6, trigger points re-examined on
    most visits."""
    return {
        "seen_on": (date.today() - timedelta(days=7 * (60 - number))).isoformat(),
        "stage": "relieve_spasm",
        "nprs_before": 4 + number % 3,
        "nprs_after": 3 + number % 2,
        "discomfort": 6,
        "red_flag_rescreen": "none_new",
        "techniques": [
            {
                "technique": "ischemic_compression",
                "muscle": "quadratus_lumborum",
                "side": "right",
                "pressure_lb": "9",
                "hold_seconds": "60",
                "repetitions": "3",
            },
            {"technique": "heat_therapy", "minutes": "10"},
        ],
        "trigger_points": None if number % 4 == 0 else [{**QL_RIGHT, "released": True}],
        "muscles_in_spasm": [QL_RIGHT],
        "aftercare": ["drink_water", "light_walking", "no_heavy_lifting_24h"],
        "subjective": f"Visit {number}: ache eases for a day or two after treatment.",
    }


def _sessions_add(actor, episode, count: int) -> None:
    from myomap.records.sessions.services import session_create, session_sign

    for _ in range(count):
        number = episode.sessions.count() + 1
        session = session_create(actor=actor, episode_id=episode.pk, note=_note(number))
        session_sign(actor=actor, session_id=session.pk)


def _queries(web, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert web.get(url).status_code == 200
    return len(captured.captured_queries)


def _time(web, url: str, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = web.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def run(sessions: int, runs: int) -> int:
    from django.test import Client as WebClient
    from django.urls import reverse

    user, actor, episode = _episode_planned()
    web = WebClient()
    web.force_login(user)
    url = reverse("episode_progress", args=[episode.pk])
    _sessions_add(actor, episode, 2)
    web.get(url)  # warm the login session, templates and the knowledge base
    few = _queries(web, url)
    _sessions_add(actor, episode, sessions - 2)
    many = _queries(web, url)
    for _ in range(5):
        web.get(url)
    p50, p95 = _time(web, url, runs)
    html = web.get(url).content.decode()
    print(f"progress page, {sessions} signed sessions, {runs} GETs ({_vendor()}):")
    print(f"  median {p50:6.1f} ms   p95 {p95:6.1f} ms   {len(html) // 1024} KiB of HTML")
    print(f"  queries: {few} with 2 sessions, {many} with {sessions}")
    within = p50 < BUDGET_MS and many == few
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    verdict = "within" if within else "OVER"
    print(f"  budget: median under {BUDGET_MS:.0f} ms, flat query count: {verdict}")
    print(f"  (load average {load} on {os.cpu_count()} CPUs)")
    return 0 if within else 1


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="myomap-bench-") as var_dir:
        _django_setup(var_dir)
        from django.db import connection

        original = _database_create()
        try:
            return run(max(args.sessions, 3), args.runs)
        finally:
            if original is not None:
                connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    raise SystemExit(main())
