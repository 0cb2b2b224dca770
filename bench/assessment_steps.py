"""Render time of every assessment step page (each questionnaire page too), against `/healthz`
timed in the same run as the trivial baseline.

    .venv/bin/python bench/assessment_steps.py [--runs 60]

Sets up a throwaway database (SQLite under a temporary MYOMAP_VAR_DIR; with DATABASE_URL set,
a `test_…` PostgreSQL database created and dropped around the run), the planned episode of the
other page benchmarks plus a drawn pain map, a second finding, severity, PSFS and a noted red
flag, then GETs each page with Django's test client, logged in as the clinician, the pages
interleaved so a burst of load hits them all alike. Budget: p95 under 150 ms for every step
page; each page's p50 is also shown as a multiple of the `/healthz` p50 (a request through the
same middleware that renders nothing), which says how much of the time is the page itself.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_db import percentiles, planned_episode_setup, throwaway_database  # noqa: E402

BUDGET_MS = 150.0


def _fill(actor, assessment) -> None:
    """Something on every step, as in a finished initial assessment."""
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import (
        assessment_red_flags_save,
        assessment_severity_save,
    )
    from myomap.records.painmap import assessment_pain_map_save

    saved = {"actor": actor, "assessment_id": assessment.pk}
    assessment_red_flags_save(**saved, data={"findings": ["radicular_pain"]})
    psfs = [{"activity": a, "rating": 4} for a in ("Sitting", "Lifting", "Walking")]
    assessment_measure_save(**saved, instrument="psfs", answers=psfs)
    assessment_severity_save(**saved, data={"pain_pattern": "persistent"})
    entries = [
        {"region": "si_joint_r", "intensity": 6, "quality": "ache"},
        {"region": "buttock_lower_r", "intensity": 4, "quality": ""},
    ]
    assessment_pain_map_save(**saved, entries=entries)
    muscle_finding_add(**saved, data={"muscle": "gluteus_medius", "side": "right"})


def _pages(assessment_id) -> list[tuple[str, str]]:
    from myomap.web.forms.questionnaires import INSTRUMENT_ORDER
    from myomap.web.presenters.assessment_steps import STEPS, step_url

    pages = []
    for step in STEPS:
        if step.slug == "measures":
            pages += [
                (f"measures/{m}", step_url(assessment_id, "measures", m)) for m in INSTRUMENT_ORDER
            ]
        else:
            pages.append((step.slug, step_url(assessment_id, step.slug)))
    return pages


def run(runs: int) -> int:
    from django.test import Client as WebClient

    user, actor, episode = planned_episode_setup()
    assessment = episode.assessments.get()
    _fill(actor, assessment)
    web = WebClient()
    web.force_login(user)
    pages = [("/healthz (baseline)", "/healthz"), *_pages(assessment.pk)]
    samples: dict[str, list[float]] = {name: [] for name, _ in pages}
    sizes: dict[str, int] = {}
    for _ in range(3):  # warm the login session, templates and the knowledge base
        for _name, url in pages:
            web.get(url)
    for _ in range(runs):
        for name, url in pages:
            start = time.perf_counter()
            response = web.get(url)
            samples[name].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            sizes[name] = len(response.content)
    base_p50, _ = percentiles(samples[pages[0][0]])
    print(f"assessment step pages, {runs} GETs each, interleaved ({_vendor()}):")
    print(f"  {'page':22} {'p50 ms':>8} {'p95 ms':>8} {'× healthz':>10} {'KiB':>5}")
    over = []
    for name, _url in pages:
        p50, p95 = percentiles(samples[name])
        print(f"  {name:22} {p50:8.1f} {p95:8.1f} {p50 / base_p50:10.1f} {sizes[name] // 1024:5}")
        if name != pages[0][0] and p95 >= BUDGET_MS:
            over.append(name)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    verdict = "within" if not over else f"OVER ({', '.join(over)})"
    print(f"  budget: p95 under {BUDGET_MS:.0f} ms on every step page: {verdict}")
    print(f"  (load average {load} on {os.cpu_count()} CPUs)")
    print("  reproduce: .venv/bin/python bench/assessment_steps.py --runs", runs)
    return 0 if not over else 1


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with throwaway_database():
        return run(args.runs)


if __name__ == "__main__":
    raise SystemExit(main())
