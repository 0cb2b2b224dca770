"""Planner statistics: refreshed by `myomap init` and, while serving, every so many requests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from myomap.web.http import db_statistics


@pytest.mark.django_db
def test_a_full_refresh_leaves_statistics_the_planner_can_use(client_record):
    assert db_statistics.statistics_refresh(full=True)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'records_client'")
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'records_client'"
                " AND attname = 'family_name'"
            )
        assert cursor.fetchone()[0] >= 1


@pytest.mark.django_db
def test_the_server_refreshes_statistics_every_so_many_requests(monkeypatch):
    from django.test import Client

    refreshes = []
    monkeypatch.setattr(db_statistics, "EVERY", 3)
    monkeypatch.setattr(db_statistics, "statistics_refresh", lambda: refreshes.append(1))
    fresh = Client()  # its own middleware chain, so the request count starts at 0
    for _ in range(7):
        fresh.get(reverse("healthz"))
    assert len(refreshes) == 2


def test_init_refreshes_the_statistics(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MYOMAP_SECRET_KEY")}
    env["MYOMAP_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "myomap.cli", "init"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "statistics refreshed" in done.stdout
