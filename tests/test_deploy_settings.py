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


def test_without_an_audit_key_myomap_refuses_to_start(tmp_path):
    env = production_env(tmp_path)
    del env["MYOMAP_AUDIT_KEY"]
    result = run_myomap("manage", "check", env=env)
    assert result.returncode != 0
    assert "MYOMAP_AUDIT_KEY" in result.stderr and "myomap init" in result.stderr


def test_init_writes_a_private_audit_key_and_anchors_the_new_log(tmp_path):
    env = production_env(tmp_path)
    del env["MYOMAP_AUDIT_KEY"]
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run_myomap("init", env=env).returncode == 0
    key_file = tmp_path / "audit_key"
    assert len(key_file.read_text().strip()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    checkpoint = tmp_path / "audit-checkpoint.json"
    assert oct(checkpoint.stat().st_mode & 0o777) == "0o600"
    verified = run_myomap("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert "1 events verified" in verified.stdout


def test_audit_verify_exits_non_zero_naming_the_first_bad_event(tmp_path):
    import sqlite3

    env = production_env(tmp_path)
    del env["MYOMAP_AUDIT_KEY"]
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run_myomap("init", env=env).returncode == 0
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        db.execute("DROP TRIGGER audit_event_no_update")  # as the database's owner could
        db.execute("UPDATE accounts_auditevent SET username = 'mallory' WHERE seq = 1")
    result = run_myomap("audit", "verify", env=env)
    assert result.returncode == 1
    assert "BROKEN at event id 1 (position 1)" in result.stderr


def test_clinic_create_prints_a_set_password_link_and_never_takes_a_password(tmp_path):
    env = production_env(tmp_path)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["MYOMAP_BASE_URL"] = "https://myomap.example.org"
    assert run_myomap("init", env=env).returncode == 0
    made = run_myomap(
        "clinic", "create", "--name", "Seaview", "--owner-email", "owner@seaview.test", env=env
    )
    assert made.returncode == 0, made.stderr
    assert "https://myomap.example.org/password/" in made.stdout
    again = run_myomap(
        "clinic", "create", "--name", "Seaview 2", "--owner-email", "owner@seaview.test", env=env
    )
    assert again.returncode == 2 and "email: This address already has" in again.stderr
    assert run_myomap("clinic", "create", "--help", env=env).stdout.count("--password") == 0


def test_a_database_url_that_cannot_connect_is_named_in_the_error(tmp_path):
    env = production_env(tmp_path)
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/nothing"
    result = run_myomap("init", env=env)
    assert result.returncode == 1
    assert "DATABASE_URL" in result.stderr and "cannot connect" in result.stderr
