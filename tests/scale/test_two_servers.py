"""Two app servers on one database (docs/scale.md): `myomap run` twice, users logged in on
either, registering clients at the same time. Nothing is lost and the audit trail is one
valid chain. Runs against a throwaway database of the suite's kind: a SQLite file under a
temporary folder, or (with DATABASE_URL) a PostgreSQL database created and dropped here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from contextlib import ExitStack
from pathlib import Path

from bench.page_helpers import free_ports, scratch_database
from bench.pages import Browser, _server, _stop

ROOT = Path(__file__).resolve().parents[2]
USERS, CLIENTS_EACH = 6, 4

SETUP = """
import json, os, secrets, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
django.setup()
from django.contrib.auth import get_user_model
from myomap.accounts.models import Clinic, Membership
clinic = Clinic.objects.create(name="Two servers")
password = secrets.token_urlsafe(16)
user = get_user_model().objects.create_user(username="twin", password=password)
Membership.objects.create(user=user, clinic=clinic, role="clinician")
print(json.dumps({"password": password}))
"""
CHECK = """
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
django.setup()
from myomap.accounts.audit import audit_chain_verify
from myomap.accounts.models import AuditEvent
from myomap.records.models import Client
result = audit_chain_verify()
print(json.dumps({"broken": None if result.ok else result.describe(),
                  "clients": Client.objects.count(),
                  "creates": AuditEvent.objects.filter(action="create",
                                                       object_type="client").count()}))
"""


def _python(env: dict, code: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _register(browser: Browser, user: int, failures: list) -> None:
    for n in range(CLIENTS_EACH):
        status, page = browser.request("GET", "/clients/new/")
        # As a browser sends it: the CSRF token and the form's one-time token too.
        hidden = dict(re.findall(rb'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', page))
        form = {
            **{k.decode(): v.decode() for k, v in hidden.items()},
            "given_name": f"User{user}", "family_name": f"Client{n}",
            "date_of_birth": "1980-01-01", "sex": "female", "occupation": "desk",
            "phone": "", "email": "", "notes": "",
        }  # fmt: skip
        status, _ = browser.request("POST", "/clients/new/", form)
        if status != 302:
            failures.append((browser.port, user, n, status))


def test_two_app_servers_writing_at_once_lose_nothing_and_keep_one_valid_audit_chain(tmp_path):
    with ExitStack() as stack:
        base = {k: v for k, v in os.environ.items() if k != "MYOMAP_SECRET_KEY"}
        base["PYTHONPATH"] = str(ROOT)
        env = scratch_database(base, "two_servers", stack, var_dir=str(tmp_path))
        password = _python(env, SETUP)["password"]
        # Fixed ports would let two runs of the suite on one machine (each on its own
        # database) log in to each other's servers.
        ports = free_ports(2)
        servers = [_server(env, port, 1) for port in ports]
        try:
            failures: list = []
            browsers = [Browser(ports[u % 2]) for u in range(USERS)]
            for browser in browsers:  # one after the other, as people arrive; then all at once
                browser.login("twin", password)
            threads = [
                threading.Thread(target=_register, args=(browser, u, failures))
                for u, browser in enumerate(browsers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            for server in servers:
                _stop(server)
        assert failures == []
        found = _python(env, CHECK)
    assert found == {
        "broken": None,
        "clients": USERS * CLIENTS_EACH,
        "creates": USERS * CLIENTS_EACH,
    }
