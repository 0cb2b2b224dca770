"""Hygiene around patient data: files only the owner can read, no demo password printed on
every start, and no signed-in page kept by a browser or proxy cache."""

from __future__ import annotations

import json
import os

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from myomap.cli import app
from tests.test_deploy_settings import production_env, run_myomap


def test_init_creates_var_and_the_sqlite_file_for_the_owner_only(tmp_path):
    var = tmp_path / "fresh" / "var"
    env = {**production_env(tmp_path), "MYOMAP_VAR_DIR": str(var)}
    env.pop("DATABASE_URL", None)
    result = run_myomap("init", env=env)
    assert result.returncode == 0, result.stderr
    assert oct(var.stat().st_mode & 0o777) == "0o700"
    database = var / "myomap.sqlite3"
    assert database.stat().st_size > 0  # migrated
    assert oct(database.stat().st_mode & 0o777) == "0o600"
    for journal in (var / "myomap.sqlite3-wal", var / "myomap.sqlite3-shm"):
        if journal.exists():
            assert journal.stat().st_mode & 0o077 == 0


def test_an_older_world_readable_sqlite_file_is_tightened(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    database = var / "myomap.sqlite3"
    database.touch()
    os.chmod(database, 0o644)
    env = {**production_env(tmp_path), "MYOMAP_VAR_DIR": str(var)}
    env.pop("DATABASE_URL", None)
    assert run_myomap("init", env=env).returncode == 0
    assert oct(database.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_run_does_not_print_the_demo_passwords(tmp_path, monkeypatch):
    (tmp_path / "demo-logins.json").write_text(
        json.dumps([["olivia", "s3cret-demo-password", "owner"]])
    )
    monkeypatch.setenv("MYOMAP_VAR_DIR", str(tmp_path))
    started = []
    monkeypatch.setattr(os, "execvp", lambda *args: started.append(args))
    # Django is set up already; a second setup inside the runner would bind logging to the
    # runner's temporary stderr.
    monkeypatch.setattr("myomap.cli.server._django_setup", lambda: None)
    result = CliRunner().invoke(app, ["run", "--port", "8110"])
    assert result.exit_code == 0, result.output
    assert started, "gunicorn was not started"
    assert "s3cret-demo-password" not in result.output
    assert "demo-logins.json" in result.output


def test_every_signed_in_page_is_no_store(people, planned_episode, browser_as):
    web = browser_as(people.owner)
    pages = [
        reverse("home"),
        reverse("client_list"),
        reverse("client_detail", args=[planned_episode.client_id]),
        reverse("episode_detail", args=[planned_episode.pk]),
        reverse("session_new", args=[planned_episode.pk]),
        reverse("episode_progress", args=[planned_episode.pk]),
        reverse("session_outstanding"),
    ]
    for page in pages:
        response = web.get(page)
        assert response.status_code == 200, page
        assert "no-store" in response["Cache-Control"], page
        assert "private" in response["Cache-Control"], page


def test_a_refusal_page_for_a_signed_in_user_is_no_store_too(people, browser_as):
    response = browser_as(people.owner).get(reverse("client_list"), {"q": "\x00"})
    assert response.status_code == 400 and "no-store" in response["Cache-Control"]
