"""Shared fixtures: the three people of every access test — an owner, a colleague in the same
clinic, and a clinician of another clinic who must see nothing — plus a front-desk user."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass

import pytest

from tests import factories
from tests.factories import make_clinic, make_member

# The clinical core's tests (tests/clinical) run in a venv without Django, as CI checks
# (.ci/run, "clinical core without Django"); everything that needs Django's settings waits for it.
DJANGO_INSTALLED = importlib.util.find_spec("django") is not None


def _audit_test_setup() -> None:
    """Keep the test databases' audit checkpoints away from the installation's own file, and
    let Django's flush between transactional tests empty the audit tables: only a database
    owner can lift the append-only triggers, which is what the test suite is there."""
    import tempfile
    from pathlib import Path

    from django.conf import settings
    from django.core.management.commands import flush

    from myomap.accounts.audit_triggers import audit_triggers_create, audit_triggers_drop

    folder = Path(tempfile.mkdtemp(prefix="myomap-audit-"))
    settings.MYOMAP_AUDIT_CHECKPOINT_FILE = folder / "session-checkpoint.json"
    original = flush.Command.handle

    def handle(self, **options):
        from django.db import connections

        connection = connections[options.get("database") or "default"]
        audit_triggers_drop(connection)
        try:
            return original(self, **options)
        finally:
            audit_triggers_create(connection)

    flush.Command.handle = handle


if DJANGO_INSTALLED:
    _audit_test_setup()


def pytest_sessionfinish(session, exitstatus):
    # In CI nothing may be skipped (MYOMAP_REQUIRE_ALL=1): a skip hides a missing dependency
    # or service, so it turns the run red.
    if os.environ.get("MYOMAP_REQUIRE_ALL") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"MYOMAP_REQUIRE_ALL=1: {len(skipped)} skipped test(s) fail the run.")
        session.exitstatus = 1


@dataclass
class People:
    clinic: object
    other_clinic: object
    owner: object
    colleague: object
    front_desk: object
    outsider: object


@pytest.fixture
def people(db) -> People:
    from myomap.accounts.models import Role

    clinic = make_clinic("Harbourside")
    other = make_clinic("Elsewhere Physio")
    return People(
        clinic=clinic,
        other_clinic=other,
        owner=make_member("olivia", clinic, Role.OWNER),
        colleague=make_member("sam", clinic, Role.CLINICIAN),
        front_desk=make_member("priya", clinic, Role.FRONT_DESK),
        outsider=make_member("otto", other, Role.CLINICIAN),
    )


@pytest.fixture
def actor_of():
    return factories.staff_actor


@pytest.fixture
def owner(people):
    """The owner acting: what a test's services are called as unless it says otherwise."""
    return factories.staff_actor(people.owner)


@pytest.fixture
def client_record(owner):
    """Maria Okafor, a client of the owner's clinic."""
    return factories.make_client(owner)


@pytest.fixture
def episode(owner, client_record):
    """An active, subacute episode (onset 50 days ago) of the owner's clinic."""
    return factories.make_episode(
        owner, client_record, complaint="Right-sided low back ache after gardening"
    )


@pytest.fixture
def assessment(owner, episode):
    """The episode's initial assessment, nothing recorded in it yet."""
    return factories.make_assessment(owner, episode)


@pytest.fixture
def demo_clinic(db, monkeypatch, tmp_path):
    """The demo clinic of `make run`, its generated logins kept in the test's own folder."""
    from myomap import demo

    monkeypatch.setattr(demo, "demo_logins_file", lambda: tmp_path / "logins.json")
    return demo.demo_clinic_create()


@pytest.fixture
def browser_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def planned_episode(owner, episode):
    """The episode assessed (NPRS 6, quadratus lumborum right in spasm with a confirmed trigger
    point, shortened; pelvic torsion) with a generated plan, ready for session notes."""
    return factories.assess_and_plan(owner, episode, posture=factories.POSTURE)


@pytest.fixture
def radicular_episode(owner, episode):
    """An episode with a radicular red-flag finding and a generated plan (neurological re-check
    at every visit)."""
    return factories.assess_and_plan(owner, episode, red_flags=["radicular_pain"])


@pytest.fixture
def treated(owner, planned_episode):
    """The planned episode with a draft note three days ago (pain 4 on arrival, 2 after): its home
    programme is the one exercise `factories.EXERCISE`."""
    factories.make_session(
        owner, planned_episode, sign=False, days_ago=3, nprs_before=4, nprs_after=2
    )
    return planned_episode


@pytest.fixture
def client_actor_of():
    """The portal actor of an episode's client (as a verified link gives it)."""
    return factories.client_actor


if DJANGO_INSTALLED:

    @pytest.fixture(autouse=True)
    def fast_password_hashing(settings):
        # Argon2 is deliberately slow; tests log in hundreds of times.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    @pytest.fixture(autouse=True)
    def audit_checkpoint_per_test(settings, tmp_path):
        """Each test anchors its audit log in its own checkpoint file."""
        from myomap.accounts.audit import audit_checkpoint_forget

        settings.MYOMAP_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoint.json"
        audit_checkpoint_forget()
        yield
        audit_checkpoint_forget()
