"""Two Myomap servers writing audit events at the same moment keep one valid chain and lose
nothing: writers insert without waiting, chaining takes the head in turn."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

WRITER = """
import os, sys, time
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
import django
django.setup()
from myomap.accounts.audit import audit_record
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.01)
for n in range(int(sys.argv[2])):
    audit_record(actor=None, action="read", object_type="client", object_id=f"{sys.argv[3]}-{n}")
"""

EVENTS_PER_SERVER = 150


def _environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MYOMAP_VAR_DIR=str(tmp_path / "var"),
        MYOMAP_SECRET_KEY="test-only-secret-key-for-the-concurrency-test",
        MYOMAP_AUDIT_KEY=settings.MYOMAP_AUDIT_KEY,
        MYOMAP_AUDIT_CHECKPOINT_FILE=str(settings.MYOMAP_AUDIT_CHECKPOINT_FILE),
    )
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        # The suite's SQLite database lives in memory; the two servers share a file instead.
        env.pop("DATABASE_URL", None)
    return env


def _myomap(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "myomap.cli", *args], env=env, capture_output=True, text=True
    )


@pytest.mark.django_db(transaction=True)
def test_two_servers_writing_at_once_keep_the_audit_chain_valid(tmp_path):
    env = _environment(tmp_path)
    if connection.vendor == "sqlite":
        assert _myomap("init", env=env).returncode == 0
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(go), str(EVENTS_PER_SERVER), name],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("server-a", "server-b")
    ]
    go.touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=300)
        assert writer.returncode == 0, errors

    verified = _myomap("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    # Genesis, then every event of both servers, none lost.
    assert f"{2 * EVENTS_PER_SERVER + 1} events verified" in verified.stdout
