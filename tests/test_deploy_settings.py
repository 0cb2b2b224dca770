"""Production settings pass Django's deployment checklist, and the secret key never defaults."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def run_myomap(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "myomap.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def production_env(tmp_path) -> dict[str, str]:
    # Only the variables a real deployment would have: none of the test run's own settings.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MYOMAP_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        MYOMAP_SECRET_KEY=secrets.token_urlsafe(64),
        MYOMAP_AUDIT_KEY=secrets.token_urlsafe(64),
        MYOMAP_HTTPS="1",
        MYOMAP_ALLOWED_HOSTS="myomap.example.org",
        MYOMAP_VAR_DIR=str(tmp_path),
    )
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_myomap(
        "manage", "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_myomap_refuses_to_start(tmp_path):
    env = production_env(tmp_path)
    del env["MYOMAP_SECRET_KEY"]
    result = run_myomap("manage", "check", env=env)
    assert result.returncode != 0
    assert "MYOMAP_SECRET_KEY" in result.stderr and "myomap init" in result.stderr


def test_init_writes_a_private_per_install_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["MYOMAP_SECRET_KEY"]
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run_myomap("init", env=env).returncode == 0
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text().strip()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    first = key_file.read_text()
    run_myomap("init", env=env)
    assert key_file.read_text() == first  # a second init keeps the key (and the sessions)


def test_a_database_url_that_cannot_connect_is_named_in_the_error(tmp_path):
    env = production_env(tmp_path)
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/nothing"
    result = run_myomap("init", env=env)
    assert result.returncode == 1
    assert "DATABASE_URL" in result.stderr and "cannot connect" in result.stderr
