"""Render time of the handout PDFs: median and p95 per handout, one warm-up render first.

Run: `.venv/bin/python bench/handout_pdf.py [--runs 20]` (after `.venv/bin/myomap init`).
Budget (DESIGN.md): a two-page PDF handout under 1 s.

Cases: a page with a remote image (skipped offline, so no network wait); the home programme
with five exercises of every dose kind (two A4 pages), and the letter
to the GP with three measures and the NPRS chart of five sessions. Each run builds the view model
and renders it to PDF bytes, as a PDF download does after the database reads. The warm-up loads
the knowledge base, the fonts and the stylesheet once, as in a running server.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as `python bench/handout_pdf.py`
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")

import django  # noqa: E402

django.setup()

from myomap.charts import nprs_chart_svg  # noqa: E402
from myomap.clinical.kb import get_kb  # noqa: E402
from myomap.clinical.planning import plan_build  # noqa: E402
from myomap.clinical.progress import progress_evaluate  # noqa: E402
from myomap.handouts.discharge import discharge_summary_build  # noqa: E402
from myomap.handouts.pdf import HANDOUT_CSS, pdf_from_html  # noqa: E402
from myomap.handouts.programme import home_programme_build  # noqa: E402
from myomap.handouts.render import discharge_summary_pdf, home_programme_pdf  # noqa: E402

BUDGET_MS = 1000.0
FIVE_EXERCISES = [
    {"exercise": "ql_side_lying_stretch", "dose": ""},
    {"exercise": "figure_four_stretch", "dose": "Hold 30 s, 3 times each side, twice a day"},
    {"exercise": "ais_trunk_side_bend", "dose": ""},
    {"exercise": "dead_bug", "dose": "2 sets of 8 slow repetitions each side, once a day"},
    {"exercise": "kettlebell_swing", "dose": ""},
]
SESSIONS = [
    {"number": 1, "nprs_before": 6, "nprs_after": 4, "stage": "relieve_spasm",
     "muscles_in_spasm": [], "confirmed_trigger_points": []},
    {"number": 2, "nprs_before": 5, "nprs_after": 3, "stage": "restore_flexibility",
     "muscles_shortened": []},
    {"number": 3, "nprs_before": 4, "nprs_after": 3, "stage": "restore_biomechanics",
     "pelvis_level": True, "criteria_met": ["movement_control_restored"]},
    {"number": 4, "nprs_before": 3, "nprs_after": 2, "stage": "build_strength",
     "muscles_weak": []},
    {"number": 5, "nprs_before": 2, "nprs_after": 1, "stage": "build_endurance",
     "criteria_met": ["return_to_activity"]},
]  # fmt: skip


def reading(value: float, on: date) -> dict:
    return {"value": value, "on": on, "label": ""}


def cases() -> dict[str, Callable[[], bytes]]:
    document = json.loads((ROOT / "docs/examples/desk_worker.assessment.json").read_text())
    plan = plan_build(document)
    engine_sessions = [
        {k: v for k, v in s.items() if k not in ("stage", "nprs_after")} for s in SESSIONS
    ]
    progress = progress_evaluate({"plan": plan, "sessions": engine_sessions})
    first, last = date(2026, 11, 21), date(2027, 1, 9)
    stage_labels = get_kb().stage_names

    def programme() -> bytes:
        return home_programme_pdf(
            home_programme_build(
                plan_output=plan, stage_id=None, prescribed=FIVE_EXERCISES,
                clinic_name="Harbourside Physiotherapy", client_name="Alex Morgan",
                therapist_name="Olivia Hart", issued_on=first,
                note="Do these on most days and tell me at your next visit how they went.",
            )
        )  # fmt: skip

    def letter() -> bytes:
        summary = discharge_summary_build(
            clinic_name="Harbourside Physiotherapy", therapist_name="Olivia Hart",
            client={"name": "Alex Morgan", "date_of_birth": date(1984, 3, 2), "age": 42},
            episode={"onset_date": date(2026, 9, 1), "complaint": "right-sided low back pain",
                     "status": "Maintenance"},
            measures=[
                {"measure": "odi", "first": reading(37.8, first), "last": reading(22.2, last)},
                {"measure": "psfs", "first": reading(4, first), "last": reading(7.3, last)},
            ],
            progress=progress, stage_labels=stage_labels, sessions_count=len(SESSIONS),
            first_session_on=first, last_session_on=last, plan_output=plan, written_on=last,
        )  # fmt: skip
        chart = nprs_chart_svg(SESSIONS, baseline=6, stage_labels=stage_labels)
        return discharge_summary_pdf(summary, chart_svg=chart)

    def remote_image() -> bytes:
        # A remote image must be skipped by the offline fetcher, not waited for.
        html = '<p>Hello</p><img src="https://example.invalid/tracker.png" alt="">'
        return pdf_from_html(html, stylesheets=[HANDOUT_CSS])

    return {"home programme": programme, "letter to GP": letter, "remote image": remote_image}


def pages(pdf: bytes) -> str:
    """Page count from poppler's pdfinfo (WeasyPrint hides page objects in object streams)."""
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return found.group(1).decode() if found else "?"


def time_case(render: Callable[[], bytes], runs: int) -> tuple[list[float], str]:
    count = pages(render())  # warm-up: knowledge base, fonts and stylesheet load once
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        render()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, count


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    print(f"kb {get_kb().version}, {runs} runs per handout after one warm-up, milliseconds")
    print(f"{'handout':<16}{'pages':>6}{'median':>9}{'p95':>9}  budget")
    for name, render in cases().items():
        samples, count = time_case(render, runs)
        p95 = percentile(samples, 95)
        verdict = f"{BUDGET_MS:g} ({'ok' if p95 < BUDGET_MS else 'OVER'})"
        print(f"{name:<16}{count:>6}{statistics.median(samples):>9.1f}{p95:>9.1f}  {verdict}")


if __name__ == "__main__":
    main()
