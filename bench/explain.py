"""Where a page's time goes in SQL: every main page of the generated clinic requested in-process
(Django's test client, logged in as its clinician), its queries counted and timed, and the
slowest ones shown with the database's query plan.

    .venv/bin/python -m bench.explain [--top 8] [--runs 3]

Uses the database this installation uses (MYOMAP_VAR_DIR's SQLite file or DATABASE_URL), after
`bench.scale_data`. Each query's time is its best of `--runs` requests of the page.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _pages(clinic) -> list[tuple[str, str]]:
    from django.db.models import Count

    from myomap.records.models import Episode

    episode = (
        Episode.objects.filter(clinic=clinic, status="active", plans__isnull=False)
        .annotate(n=Count("sessions"))
        .order_by("-n")
        .first()
    )
    plan = episode.plans.order_by("-version").first()
    assessment = episode.assessments.order_by("-number").first()
    family = episode.client.family_name[:4]
    return [
        ("Today", "/"),
        ("client list", "/clients/"),
        ("client search", f"/clients/?q={family}"),
        ("client", f"/clients/{episode.client_id}/"),
        ("episode", f"/episodes/{episode.pk}/"),
        ("step red flags", f"/assessments/{assessment.pk}/steps/red-flags/"),
        ("step body chart", f"/assessments/{assessment.pk}/steps/body-chart/"),
        ("step reasoning", f"/assessments/{assessment.pk}/steps/reasoning/"),
        ("progress", f"/episodes/{episode.pk}/progress/"),
        ("note form", f"/episodes/{episode.pk}/sessions/new/"),
        ("plan", f"/plans/{plan.pk}/"),
        ("PDF", f"/episodes/{episode.pk}/home-programme.pdf"),
    ]


def _explain(sql: str, params) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return "\n".join(f"      {row[-1]}" for row in rows)
    return "\n".join(f"      {row[0]}" for row in rows)


class _QueryTimer:
    def __init__(self) -> None:
        self.ms: list[tuple[str, object, float]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms.append((sql, params, (time.perf_counter() - started) * 1000))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", default="Today", help="comma-separated pages to leave out")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client as WebClient
    from django.test.utils import CaptureQueriesContext

    from bench.scale_data import CLINIC_NAME
    from myomap.accounts.models import Clinic, Membership, Role

    settings.ALLOWED_HOSTS = ["*"]
    clinic = Clinic.objects.get(name=CLINIC_NAME)
    user = Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN).first().user
    web = WebClient()
    web.force_login(user)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    slowest: list[tuple[float, str, str, object]] = []  # ms, page, sql, params
    print(f"{'page':<14} {'queries':>7} {'SQL ms':>8} {'best total ms':>13}")
    for name, url in _pages(clinic):
        if name in skip:
            continue
        best: dict[int, float] = {}
        totals = []
        for _ in range(args.runs):
            timer = _QueryTimer()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
                response = web.get(url)
            totals.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            count = len(captured.captured_queries)
            timings = [(sql, params) for sql, params, _ in timer.ms]
            for i, (_, _, ms) in enumerate(timer.ms):
                best[i] = min(best.get(i, ms), ms)
        total = min(totals)
        sql_ms = sum(best.values())
        print(f"{name:<14} {count:>7} {sql_ms:8.1f} {total:13.1f}")
        for i, (sql, params) in enumerate(timings):
            slowest.append((best[i], name, sql, params))
    slowest.sort(key=lambda row: -row[0])
    print(f"\nslowest {args.top} queries ({connection.vendor}):")
    for ms, name, sql, params in slowest[: args.top]:
        print(f"  {ms:7.2f} ms  {name}: {sql[:300]}")
        if sql.lstrip().upper().startswith("SELECT"):
            try:
                print(_explain(sql, params))
            except Exception as exc:  # a logged literal that does not re-parse
                print(f"      (no plan: {exc})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
