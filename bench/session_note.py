"""Benchmark saving a session note through the real page: the POST of the one-screen form
(parse, validate against the plan and the KB dose ranges, store the note and its technique rows,
audit) and the redirect, on a throwaway database.

    .venv/bin/python bench/session_note.py [--runs 40]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/session_note.py

Budget (issue 7): a session note saves in under 200 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.django_db import percentiles, planned_episode_setup, throwaway_database  # noqa: E402

BUDGET_MS = 200.0


def note_form(number: int) -> dict:
    return {
        "seen_on": date.today().isoformat(), "stage": "relieve_spasm",
        "red_flag_rescreen": "none_new", "nprs_before": str(6 - number % 3), "nprs_after": "3",
        "discomfort": "6", "t_rows": "3",
        "t0_technique": "ischemic_compression", "t0_muscle": "quadratus_lumborum",
        "t0_side": "right", "t0_hold_seconds": "60", "t0_repetitions": "3",
        "t1_technique": "soft_tissue_release", "t1_muscle": "quadratus_lumborum",
        "t1_side": "right", "t1_minutes": "5",
        "t2_technique": "heat_therapy", "t2_minutes": "10",
        "exam_spasm": "1", "spasm": ["quadratus_lumborum|right"],
        "exam_tp": "1", "tp": ["quadratus_lumborum|right"],
        "tp_released": ["quadratus_lumborum|right"],
        "aftercare": ["drink_water", "light_walking", "no_heavy_lifting_24h"],
        "subjective": "Sleeping better; ache after long meetings.",
        "objective": "QL right taut band, referral to the SI joint reproduced.",
        "then": "sign",
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    with throwaway_database():
        return _run(runs)


def _run(runs: int) -> int:
    user, _, episode = planned_episode_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    web = Client()
    web.force_login(user)
    url = reverse("session_new", args=[episode.pk])
    web.post(url, note_form(0))  # warm: templates, KB, connection
    samples, queries = [], 0
    for number in range(1, runs + 1):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = web.post(url, note_form(number))
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.content[:500]
        queries = len(captured)
    p50, p95 = percentiles(samples)
    print(f"session note save + sign ({connection.vendor}, {runs} notes)")
    print(f"  p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   queries per save {queries}")
    print(f"  budget {BUDGET_MS:.0f} ms: {'ok' if p95 < BUDGET_MS else 'OVER'}")
    return 0 if p95 < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
