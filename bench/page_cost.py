"""What each main page costs the server in CPU, on the generated clinic and on the demo clinic,
as a multiple of `/healthz` measured the same way in the same run.

    .venv/bin/python -m bench.scale_data --clients 10000 --sessions 200000   # once
    .venv/bin/python -m bench.page_cost [--requests 20] [--profile "note form"]

Wall-clock figures on a shared machine mostly measure the wait for a CPU. This bench measures
what a request itself consumes: every page is requested in-process through Django's full
request handler (all the middleware, the real database, logged in as the clinic's clinician),
each request followed by a `/healthz`, and for each it records

- CPU: the process's CPU time (`time.process_time`) spent on the request. On SQLite this
  includes the SQL (it runs in the process); on PostgreSQL the database server's own CPU is not
  in it (it is another process) but the driver's work is.
- queries and SQL: how many queries, and the wall-clock time spent waiting for them.
- wall: the request's wall-clock time, for comparison.

"PDF" and "GP letter PDF" are each a first render: the cache (rendered PDFs and progress
results) is emptied before every request, untimed; "PDF again" asks for one episode's home
programme every time, as a reprint does, and is served the PDF rendered before.

p50 / p95 of each, and the ratio of the page's CPU p50 to `/healthz`'s CPU p50. The large clinic
is the one in the database this installation uses (MYOMAP_VAR_DIR's SQLite file or
DATABASE_URL); the demo clinic is built by `myomap demo` in a throwaway database of the same
kind, as `bench.pages` does. `--profile PAGE` prints where that page's CPU goes (cProfile)
on the large clinic instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.page_helpers import (  # noqa: E402 (after the path is set)
    PAGES,
    demo_env,
    load_average,
    note_save_fields,
    page_ids,
    page_path,
    prepare,
)
from bench.page_helpers import percentile as _pct  # noqa: E402


class _Sql:
    """Counts and times every query the request makes."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


def _setup(clinic: str, sessions_like: int):
    setup = prepare(clinic, sessions_like)  # Django set up, the pages' ids picked
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client as WebClient

    settings.ALLOWED_HOSTS = ["*"]
    web = WebClient()
    web.force_login(get_user_model().objects.get(username=setup["username"]))
    return web, page_ids(setup), PAGES, setup


def _note_fields(web, path: str) -> list[tuple[str, str]]:
    """The note form's fields as a browser would post them back, with pain scores typed."""
    return note_save_fields(web.get(path).content.decode())


def _request(web, method: str, path: str, body=None) -> tuple[dict, int]:
    from urllib.parse import urlencode

    from django.db import connection

    sql = _Sql()
    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(sql):
        if method == "POST":
            response = web.post(
                path, urlencode(body), content_type="application/x-www-form-urlencoded"
            )
        else:
            response = web.get(path)
    figures = {
        "cpu": (time.process_time() - cpu) * 1000,
        "wall": (time.perf_counter() - wall) * 1000,
        "sql": sql.seconds * 1000,
        "queries": sql.count,
    }
    return figures, response.status_code


# Pages measured as a first request: the cache (rendered PDFs, progress results) is emptied
# before each, so the figure is the full render whatever the size of the clinic's pool.
FIRST_RENDER = {"PDF", "GP letter PDF"}


def measure(clinic: str, requests: int, sessions_like: int, skip: set[str]) -> dict:
    web, ids, pages, setup = _setup(clinic, sessions_like)
    from django.core.cache import cache

    out: dict = {"clients": setup["clients"], "pages": {}}
    for name, template, method in pages:
        if name in skip:
            continue
        samples: dict[str, list[float]] = {"cpu": [], "wall": [], "sql": [], "queries": []}
        health: dict[str, list[float]] = {"cpu": [], "wall": [], "sql": [], "queries": []}
        errors = 0
        for i in range(requests + 2):  # the first two warm the templates and caches
            path = page_path(template, ids, i)
            body = _note_fields(web, path) if method == "POST" else None
            if name in FIRST_RENDER:
                cache.clear()
            figures, status = _request(web, method, path, body)
            h_figures, h_status = _request(web, "GET", "/healthz")
            ok = 200 <= status < 400
            if i < 2:
                continue
            errors += not ok or h_status != 200
            for key in samples:
                samples[key].append(figures[key])
                health[key].append(h_figures[key])
        out["pages"][name] = {"page": samples, "healthz": health, "errors": errors}
    return out


def _summary(result: dict) -> dict:
    rows = {}
    for name, data in result["pages"].items():
        page, health = data["page"], data["healthz"]
        h_cpu = _pct(health["cpu"], 50)
        rows[name] = {
            "cpu50": _pct(page["cpu"], 50),
            "cpu95": _pct(page["cpu"], 95),
            "wall50": _pct(page["wall"], 50),
            "wall95": _pct(page["wall"], 95),
            "sql50": _pct(page["sql"], 50),
            "queries": int(_pct(page["queries"], 50)),
            "healthz_cpu50": h_cpu,
            "x_healthz": _pct(page["cpu"], 50) / h_cpu if h_cpu else float("nan"),
            "errors": data["errors"],
        }
    return rows


def _print(label: str, clients: int, rows: dict) -> None:
    print(f"\n== {label} ({clients} clients): ms per request, in-process")
    print(
        f"  {'page':<16} {'CPU p50':>8} {'CPU p95':>8} {'queries':>7} {'SQL p50':>8} "
        f"{'wall p50':>8} {'wall p95':>8} {'healthz CPU':>11} {'×healthz':>8} {'err':>4}"
    )
    for name, r in rows.items():
        print(
            f"  {name:<16} {r['cpu50']:8.1f} {r['cpu95']:8.1f} {r['queries']:7d} "
            f"{r['sql50']:8.1f} {r['wall50']:8.1f} {r['wall95']:8.1f} "
            f"{r['healthz_cpu50']:11.2f} {r['x_healthz']:8.1f} {r['errors']:>4}"
        )
    sys.stdout.flush()


def profile(clinic: str, page_name: str, requests: int, sessions_like: int, top: int) -> None:
    import cProfile
    import pstats

    web, ids, pages, _ = _setup(clinic, sessions_like)
    from django.core.cache import cache

    (name, template, method), *_ = [p for p in pages if p[0] == page_name] or [(None, "", "")]
    if name is None:
        raise SystemExit(f"--profile: no page {page_name!r}; pages: {[p[0] for p in pages]}")
    profiler = cProfile.Profile(time.process_time)
    for i in range(requests + 2):
        path = page_path(template, ids, i)
        body = _note_fields(web, path) if method == "POST" else None
        if name in FIRST_RENDER:
            cache.clear()
        if i >= 2:
            profiler.enable()
        _request(web, method, path, body)
        profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"\n== {page_name}: {requests} requests, CPU seconds (cProfile, process time)")
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def _child(env: dict, clinic: str, args) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.page_cost",
        "--child",
        clinic,
        "--requests",
        str(args.requests),
        "--sessions-like",
        str(args.sessions_like),
        "--skip",
        ",".join(sorted(args.skip)),
    ]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    from contextlib import ExitStack

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="per page")
    parser.add_argument("--sessions-like", type=int, default=7)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--profile", help="a page name: print where its CPU goes instead")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument(
        "--clinic", help="--profile on this clinic ('demo' for the demo clinic) instead"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument(
        "--skip",
        type=lambda v: {p.strip() for p in v.split(",") if p.strip()},
        default=set(),
        help="comma-separated page names to leave out",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
    if args.child:
        result = measure(args.child, args.requests, args.sessions_like, args.skip)
        print(json.dumps(result))
        return 0
    from bench.scale_data import CLINIC_NAME

    if args.profile:
        profile(
            args.clinic or CLINIC_NAME, args.profile, args.requests, args.sessions_like, args.top
        )
        return 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"bench.page_cost: {args.requests} requests per page, load {load_average()}", flush=True)
    summaries = {}
    large = _child(env, CLINIC_NAME, args)
    summaries["large"] = _summary(large)
    _print("large clinic", large["clients"], summaries["large"])
    if not args.skip_demo:
        with ExitStack() as stack:
            demo = _child(demo_env(env, stack), "demo", args)
        summaries["demo"] = _summary(demo)
        _print("demo clinic", demo["clients"], summaries["demo"])
        print("\n== large vs demo: CPU p95 ratio, ×healthz on each, queries on each")
        for name, r in summaries["large"].items():
            d = summaries["demo"].get(name)
            if d is None:
                continue
            ratio = r["cpu95"] / d["cpu95"] if d["cpu95"] else float("nan")
            print(
                f"  {name:<16} ×{ratio:5.2f}   ×healthz {r['x_healthz']:5.1f} / "
                f"{d['x_healthz']:5.1f}   queries {r['queries']} / {d['queries']}"
            )
    print(f"\nload at the end {load_average()}")
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
