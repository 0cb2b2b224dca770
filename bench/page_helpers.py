"""What the page benches share: the pages they drive, the clinic's ids for them, the note form
as a browser posts it back, percentiles, a throwaway database for the demo clinic, and free
loopback ports. `bench.pages` (over HTTP, the real server) and `bench.page_cost` (in-process,
CPU per request) both use these, so both measure the same pages the same way."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import tempfile
from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
POOL = 40  # distinct clients / episodes the requests spread over

# (name, url template, method); templates use the ids of `page_ids`.
PAGES = [
    ("Today", "/", "GET"),
    ("client list", "/clients/", "GET"),
    ("client search", "/clients/?q={search}", "GET"),
    ("search by birth", "/clients/?q={born}", "GET"),
    ("client", "/clients/{client}/", "GET"),
    ("episode", "/episodes/{episode}/", "GET"),
    # The assessment is a set of step pages (its own address only redirects to the first).
    ("step red flags", "/assessments/{assessment}/steps/red-flags/", "GET"),
    ("step body chart", "/assessments/{assessment}/steps/body-chart/", "GET"),
    ("step reasoning", "/assessments/{assessment}/steps/reasoning/", "GET"),
    ("body chart", "/assessments/{assessment}/pain-map/", "GET"),
    ("progress", "/episodes/{episode}/progress/", "GET"),
    ("note form", "/episodes/{active}/sessions/new/", "GET"),
    ("plan", "/plans/{plan}/", "GET"),
    # A different episode's PDF each time: every one is rendered afresh.
    ("PDF", "/episodes/{active}/home-programme.pdf", "GET"),
    # The same episode's PDF again and again, as when it is printed twice or downloaded again.
    ("PDF again", "/episodes/{same}/home-programme.pdf", "GET"),
    ("GP letter PDF", "/episodes/{letter}/discharge-summary.pdf", "GET"),
    ("note save", "/episodes/{active}/sessions/new/", "POST"),
]


def prepare(clinic_name: str, sessions_like: int) -> dict:
    """Give the clinic's clinician a fresh password and pick the pages' ids: episodes (with a
    plan) whose session count is closest to `sessions_like`, active ones for the note form.
    Runs where Django can be set up for the target database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
    import django

    django.setup()
    from django.db.models import Count, F, Func, IntegerField, Q

    from myomap.accounts.models import Clinic, Membership, Role
    from myomap.demo import DEMO_CLINIC_NAME
    from myomap.records.models import Client, Episode

    clinic = Clinic.objects.get(name=DEMO_CLINIC_NAME if clinic_name == "demo" else clinic_name)
    user = Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN).first().user
    password = secrets.token_urlsafe(18)
    user.set_password(password)
    user.save(update_fields=["password"])
    episodes = (
        Episode.objects.filter(clinic=clinic, plans__output__status="ok")
        .annotate(n=Count("sessions", distinct=True))
        .annotate(
            signed=Count("sessions", filter=Q(sessions__signed_at__isnull=False), distinct=True)
        )
        .annotate(gap=Func(F("n") - sessions_like, function="ABS", output_field=IntegerField()))
        .order_by("gap", "id")
    )

    def row(episode) -> dict:
        plan = episode.plans.order_by("-version").first()
        assessment = episode.assessments.order_by("-number").first()
        return {
            "episode": str(episode.pk),
            "client": str(episode.client_id),
            "plan": str(plan.pk),
            "assessment": str(assessment.pk),
            "active": episode.status == "active"
            and (assessment.triage_result or {}).get("urgency") not in ("emergency", "urgent"),
            "sessions": episode.n,
            "signed": episode.signed > 0,
            "family": episode.client.family_name,
            "born": episode.client.date_of_birth.strftime("%d/%m/%Y"),
        }

    rows = [row(e) for e in episodes[: POOL * 4]]
    # The note form, the note save and the PDF rows need active episodes, a distinct one per
    # request (a repeated PDF is served from the cache), chosen on their own: among the
    # episodes closest to `sessions_like` few are active, and every bench run's note saves move
    # the active ones away from it.
    open_rows = (row(e) for e in episodes.filter(status="active")[: POOL * 10])
    active = [r for r in open_rows if r["active"]][:POOL]
    if not active:
        active = [
            {"episode": str(e.pk)}
            for e in Episode.objects.filter(clinic=clinic, status="active", plans__isnull=False)
        ][:POOL]
    return {
        "username": user.username,
        "password": password,
        "rows": rows[:POOL],
        "active": [r["episode"] for r in active],
        "active_sessions": sorted(r.get("sessions", 0) for r in active),
        # The letter to the GP is written from signed notes only.
        "letter": [r["episode"] for r in rows if r["signed"]][:POOL],
        "clients": Client.objects.filter(clinic=clinic).count(),
    }


def page_ids(setup: dict) -> dict[str, list[str]]:
    """The pools the url templates draw from: request i of a page uses item i of its pool."""
    rows = setup["rows"]
    return {
        "episode": [r["episode"] for r in rows],
        "client": [r["client"] for r in rows],
        "plan": [r["plan"] for r in rows],
        "assessment": [r["assessment"] for r in rows],
        "search": [r["family"][:4] for r in rows],
        "born": [r["born"] for r in rows],
        "active": setup["active"],
        "same": setup["active"][:1],
        "letter": setup["letter"],
    }


def page_path(template: str, ids: dict[str, list[str]], i: int) -> str:
    return template.format(**{key: pool[i % len(pool)] for key, pool in ids.items()})


class FormFields(HTMLParser):
    """The fields a browser would post from the page's first POST form of the given class."""

    def __init__(self, form_class: str) -> None:
        super().__init__()
        self.form_class = form_class
        self.fields: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "form" and self.form_class in classes and not self.done:
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self.fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text))
            self._textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def note_save_fields(note_form_html: str) -> list[tuple[str, str]]:
    """The note form posted back as prefilled, with the pain scores a clinician types, signed."""
    parser = FormFields("session-note")
    parser.feed(note_form_html)
    fields = [(k, v) for k, v in parser.fields if k not in ("nprs_before", "nprs_after")]
    if not any(k == "red_flag_rescreen" for k, _ in fields):
        fields.append(("red_flag_rescreen", "none_new"))
    fields += [("nprs_before", "4"), ("nprs_after", "3"), ("then", "sign")]
    fields.append(("subjective", "Bench visit: feels a little easier."))
    return fields


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def load_average() -> str:
    return ", ".join(f"{v:.1f}" for v in os.getloadavg())


def scratch_database(base: dict, suffix: str, stack: ExitStack, var_dir: str | None = None) -> dict:
    """`base` (an environment) pointed at an empty database of the same kind, dropped when
    `stack` closes: a SQLite file in `var_dir` (default: a temporary folder), or a
    `<name>_<suffix>` PostgreSQL database on the server of `DATABASE_URL`. Migrated."""
    env = dict(base)
    url = base.get("DATABASE_URL")
    env["MYOMAP_VAR_DIR"] = var_dir or stack.enter_context(tempfile.TemporaryDirectory())
    if url:
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/") + f"_{suffix}"
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        stack.callback(drop)
        env["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
    myomap = str(ROOT / ".venv/bin/myomap")
    subprocess.run([myomap, "init"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return env


def demo_env(base: dict, stack: ExitStack) -> dict:
    """A throwaway database of the same kind holding only the demo clinic."""
    env = scratch_database(base, "benchdemo", stack)
    myomap = str(ROOT / ".venv/bin/myomap")
    subprocess.run([myomap, "demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return env


def free_ports(count: int) -> tuple[int, ...]:
    """Loopback ports the system has just handed out as free. A fixed port would let two runs
    on one machine (each on its own database) talk to each other's servers."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return tuple(sock.getsockname()[1] for sock in sockets)
    finally:
        for sock in sockets:
            sock.close()
