"""Every main page over HTTP, served by the real server, on the generated clinic and on the
demo clinic: one user, then 16 closed-loop users, each page interleaved with `/healthz`.

    .venv/bin/python -m bench.scale_data --clients 10000 --sessions 200000   # once
    .venv/bin/python -m bench.pages [--users 16] [--requests 20] [--port N] [--only "PDF again"]

The large clinic is the one `bench.scale_data` wrote into the database this installation uses
(MYOMAP_VAR_DIR's SQLite file, or DATABASE_URL). The demo clinic is built by `myomap demo` in a
throwaway database of the same kind (a temporary SQLite file, or a `<name>_benchdemo`
PostgreSQL database created and dropped on the same server). For each, `myomap run` (gunicorn,
2 workers) is started on a loopback port the system reports free (`--port N`: N and N+1), the
clinician is given a fresh random password and logs in like a browser (CSRF token and all),
and each page is requested a bounded number of times: single user first, the two clinics'
requests taking turns (so both are measured on the same machine at the same moment), then
`--users` threads each with its own login, one clinic after the other. Each page's figures:
p50 / p95 / p99 in ms, throughput, errors (not a 200, timeouts), the ratio of its p50 to the
`/healthz` p50 measured in the same phase, and the ratio to the same page on the demo clinic;
for the PDF rows also how many requests asked for an address the server had not been asked for
before (a first render; a repeat is served from the PDF cache). A page answers 200; a redirect
counts as a failure, but for the note save, whose answer is the redirect to the saved note.

The note save posts the prefilled note form back as a browser would (with pain scores filled
in) and signs it, so it adds notes to the active episodes it uses; it runs last.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.page_helpers import (  # noqa: E402 (after the path is set)
    PAGES,
    demo_env,
    free_ports,
    load_average,
    note_save_fields,
    page_ids,
    page_path,
    percentile,
)

TIMEOUT_S = 30.0


class Browser:
    """One user: a keep-alive connection and a cookie jar, like a browser tab."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | list | None = None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, content

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        body = {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": username,
            "password": password,
        }
        status, _ = self.request("POST", "/login/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {username} failed (HTTP {status})")

    def note_save(self, path: str) -> int:
        """The note form posted back as prefilled, with the pain scores a clinician types."""
        status, page = self.request("GET", path)
        if status != 200:
            return status
        fields = note_save_fields(page.decode())
        start = time.perf_counter()
        status, _ = self.request("POST", path, fields)
        self.last_ms = (time.perf_counter() - start) * 1000
        return status


@dataclass
class Figures:
    samples: list[float] = field(default_factory=list)
    errors: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # what went wrong, how often
    # Requests for an address this server had not been asked for before: for a PDF, a first
    # render (a repeat is served from the PDF cache).
    first_asked: int = 0
    seconds: float = 0.0

    def pct(self, p: float) -> float:
        return percentile(self.samples, p)

    @property
    def throughput(self) -> float:
        return len(self.samples) / self.seconds if self.seconds else 0.0


def _one(
    browser: Browser,
    method: str,
    path: str,
    page: Figures,
    health: Figures,
    lock: threading.Lock,
    asked: set[str],
) -> None:
    with lock:
        if method == "GET" and path not in asked:
            asked.add(path)
            page.first_asked += 1
    try:
        if method == "POST":
            status = browser.note_save(path)
            elapsed = getattr(browser, "last_ms", float("nan"))
        else:
            start = time.perf_counter()
            status, _ = browser.request(method, path)
            elapsed = (time.perf_counter() - start) * 1000
        # A page is read with a 200; only the note save answers with a redirect (to the
        # saved note), so a redirect anywhere else (to the login page, say) is a failure.
        ok = status == 200 or (method == "POST" and 300 <= status < 400)
        kind = f"HTTP {status}"
    except (OSError, http.client.HTTPException) as exc:
        ok, elapsed, kind = False, TIMEOUT_S * 1000, type(exc).__name__
        browser.conn = None
    start = time.perf_counter()
    try:
        h_status, _ = browser.request("GET", "/healthz")
        h_ok = h_status == 200
    except (OSError, http.client.HTTPException):
        h_ok = False
        browser.conn = None
    h_elapsed = (time.perf_counter() - start) * 1000
    with lock:
        if ok:
            page.samples.append(elapsed)
        else:
            page.errors += 1
            page.kinds[kind] = page.kinds.get(kind, 0) + 1
        if h_ok:
            health.samples.append(h_elapsed)
        else:
            health.errors += 1


def _phase(
    browsers: list[Browser],
    ids: dict,
    requests: int,
    pages: list[tuple[str, str, str]],
    asked: set[str],
) -> dict[str, tuple[Figures, Figures]]:
    """Each page in turn: every user requests it `requests` times (ids spread over the pool),
    each followed by a /healthz. `asked` holds every address the server was asked for so far."""
    results = {}
    for name, template, method in pages:
        page, health, lock = Figures(), Figures(), threading.Lock()

        def user(index: int, browser: Browser, template: str, method: str, figures: tuple) -> None:
            for i in range(requests):
                # Users at the same step never share an episode (as two clinicians rarely
                # write the same client's note at once); over the steps all the pool is used.
                k = index + len(browsers) * i
                _one(browser, method, page_path(template, ids, k), *figures, asked)

        started = time.perf_counter()
        threads = [
            threading.Thread(target=user, args=(i, b, template, method, (page, health, lock)))
            for i, b in enumerate(browsers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        page.seconds = health.seconds = time.perf_counter() - started
        results[name] = (page, health)
    return results


def _server(env: dict, port: int, workers: int, log: str | None = None) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/myomap"),
        "run",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    errors = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115 (lives with the server)
    server = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        start_new_session=True,
    )
    for _ in range(300):
        if server.poll() is not None:
            # It exited (port taken, bad settings): whatever answers on the port is not ours.
            raise SystemExit(f"the server on port {port} exited ({server.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200 and server.poll() is None:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not answer on port {port}")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def _run_python(env: dict, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout


@dataclass
class Served:
    """One clinic's server, its pools of ids and its single user, warmed up."""

    label: str
    port: int
    ids: dict
    setup: dict
    server: subprocess.Popen
    single: Browser
    asked: set[str] = field(default_factory=set)


def clinic_open(env: dict, clinic: str, args, label: str, port: int, stack) -> Served:
    code = (
        f"import json; from bench.page_helpers import prepare; "
        f"print(json.dumps(prepare({clinic!r}, {args.sessions_like})))"
    )
    setup = json.loads(_run_python(env, code).strip().splitlines()[-1])
    ids = page_ids(setup)
    sizes = sorted(r["sessions"] for r in setup["rows"])
    print(
        f"\n== {label}: {setup['clients']} clients; pages' episodes have "
        f"{sizes[0]}-{sizes[-1]} sessions, the {len(setup['active'])} active ones for the note "
        f"and PDF pages {setup['active_sessions'][0]}-{setup['active_sessions'][-1]}; "
        f"server on port {port}",
        flush=True,
    )
    server = _server(env, port, args.workers, args.server_log)
    stack.callback(_stop, server)
    single = Browser(port)
    single.login(setup["username"], setup["password"])
    opened = Served(label, port, ids, setup, server, single)
    # Warm both workers: templates, knowledge base, connections.
    _phase([single], ids, 3, _pages(args), opened.asked)
    return opened


def _pages(args) -> list[tuple[str, str, str]]:
    return [p for p in PAGES if p[0] not in args.skip]


def single_user(clinics: list[Served], args) -> list[dict]:
    """Each page `args.requests` times for one user of each clinic, the clinics' requests
    taking turns: the large clinic's i-th request, then the demo's, and so on. Measured one
    after the other, minutes apart, the two would also measure how the shared machine's speed
    changed in between; taking turns, both see the same machine."""
    results: list[dict] = [{} for _ in clinics]
    for name, template, method in _pages(args):
        figures = [(Figures(), Figures(), threading.Lock()) for _ in clinics]
        started = time.perf_counter()
        for i in range(args.requests):
            for clinic, (page, health, lock) in zip(clinics, figures, strict=True):
                path = page_path(template, clinic.ids, i)
                _one(clinic.single, method, path, page, health, lock, clinic.asked)
        seconds = time.perf_counter() - started
        for result, (page, health, _) in zip(results, figures, strict=True):
            # Each clinic had half of the phase's time: its throughput is per its own share.
            page.seconds = health.seconds = seconds / len(clinics)
            result[name] = (page, health)
    for clinic, result in zip(clinics, results, strict=True):
        _report(clinic.label, "1 user", result)
    return results


def crowd(clinic: Served, args) -> dict:
    """`args.users` closed-loop users of one clinic, the other clinic's server idle."""
    browsers = []
    for _ in range(args.users):
        browser = Browser(clinic.port)
        browser.login(clinic.setup["username"], clinic.setup["password"])
        browsers.append(browser)
    result = _phase(browsers, clinic.ids, max(2, args.requests // 2), _pages(args), clinic.asked)
    _report(clinic.label, f"{args.users} users", result)
    return result


def _report(label: str, mode: str, results: dict) -> None:
    print(f"-- {label}, {mode}")
    print(
        f"  {'page':<14} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>7} {'err':>4} "
        f"{'healthz p50':>11} {'×healthz':>8}"
    )
    for name, (page, health) in results.items():
        ratio = page.pct(50) / health.pct(50) if health.samples else float("nan")
        print(
            f"  {name:<14} {page.pct(50):7.1f} {page.pct(95):7.1f} {page.pct(99):7.1f} "
            f"{page.throughput:7.1f} {page.errors:>4} {health.pct(50):11.1f} {ratio:8.1f}"
            + (f"  {page.kinds}" if page.kinds else "")
        )
    sys.stdout.flush()


def _compare(large: dict, demo: dict, users: int) -> None:
    # The two clinics are measured minutes apart, and on a shared machine its speed changes
    # in between; "per healthz" divides each p95 by the `/healthz` p50 measured alongside it
    # in the same phase before comparing, which takes that change out.
    print(
        "\n== large clinic vs demo clinic (p50 / p95 in ms, ratio of p95; "
        "and of p95 per /healthz p50)"
    )
    for mode, title in (("single", "1 user"), ("crowd", f"{users} users")):
        print(f"-- {title}")
        for name, (page, health) in large[mode].items():
            if name not in demo[mode]:
                continue
            small, small_health = demo[mode][name]
            ratio = page.pct(95) / small.pct(95) if small.samples else float("nan")
            per_health = (
                (page.pct(95) / health.pct(50)) / (small.pct(95) / small_health.pct(50))
                if small.samples and health.samples and small_health.samples
                else float("nan")
            )
            # A PDF's first render and a repeat from the cache differ tenfold, and the demo
            # clinic has only a few episodes to ask for: say how many of each were first asks.
            first = (
                f"   first asked {page.first_asked}/{len(page.samples) + page.errors}"
                f" and {small.first_asked}/{len(small.samples) + small.errors}"
                if "PDF" in name
                else ""
            )
            print(
                f"  {name:<14} large {page.pct(50):7.1f} / {page.pct(95):7.1f}   demo "
                f"{small.pct(50):7.1f} / {small.pct(95):7.1f}   ×{ratio:5.2f}   "
                f"per healthz ×{per_health:5.2f}   errors {page.errors}/{small.errors}{first}"
            )


def main() -> int:
    from contextlib import ExitStack

    from bench.scale_data import CLINIC_NAME

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--requests", type=int, default=20, help="per page, single user")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--port", type=int, default=0, help="loopback port (default: a free one from the system)"
    )
    parser.add_argument(
        "--sessions-like",
        type=int,
        default=7,
        help="pick episodes with about this many sessions (the demo's longest)",
    )
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--server-log", help="append the server's error output to this file")
    parser.add_argument(
        "--skip",
        type=lambda v: {p.strip() for p in v.split(",")},
        default=set(),
        help="comma-separated page names to leave out, e.g. 'Today'",
    )
    parser.add_argument(
        "--only",
        type=lambda v: {p.strip() for p in v.split(",")},
        default=set(),
        help="comma-separated page names to measure, leaving out the others, e.g. 'Today'",
    )
    args = parser.parse_args()
    if args.only:
        args.skip |= {name for name, _, _ in PAGES if name not in args.only}
    ports = [args.port, args.port + 1] if args.port else free_ports(2)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(
        f"bench.pages: {args.users} users, {args.requests} requests per page single-user, "
        f"{args.workers} gunicorn workers, {os.cpu_count()} CPUs, load {load_average()}"
    )
    with ExitStack() as stack:
        clinics = [clinic_open(env, CLINIC_NAME, args, "large clinic", ports[0], stack)]
        if not args.skip_demo:
            demo_clinic = demo_env(env, stack)
            clinics.append(clinic_open(demo_clinic, "demo", args, "demo clinic", ports[1], stack))
        singles = single_user(clinics, args)
        crowds = [crowd(clinic, args) for clinic in clinics]
    if args.skip_demo:
        return 0
    large, demo = ({"single": singles[k], "crowd": crowds[k]} for k in (0, 1))
    _compare(large, demo, args.users)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
