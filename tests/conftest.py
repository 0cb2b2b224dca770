"""Shared fixtures: the three people of every access test — an owner, a colleague in the same
clinic, and a clinician of another clinic who must see nothing — plus a front-desk user."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from datetime import date

import pytest

PASSWORD = "correct-horse-battery-42"

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


def make_member(username: str, clinic, role: str):
    from django.contrib.auth import get_user_model

    from myomap.accounts.models import Membership

    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.title()
    )
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


@pytest.fixture
def people(db) -> People:
    from myomap.accounts.models import Clinic, Role

    clinic = Clinic.objects.create(name="Harbourside")
    other = Clinic.objects.create(name="Elsewhere Physio")
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
    from myomap.accounts.actor import actor_for_user

    return lambda user: actor_for_user(user, remote_addr="127.0.0.1")


@pytest.fixture
def client_record(people):
    from myomap.records.models import Client

    return Client.objects.create(
        clinic=people.clinic,
        given_name="Maria",
        family_name="Okafor",
        date_of_birth=date(1984, 3, 12),
        sex="female",
        occupation="desk",
    )


@pytest.fixture
def episode(people, client_record):
    """An active, subacute episode (onset 50 days ago) of the owner's clinic."""
    from datetime import timedelta

    from myomap.records.models import Episode

    return Episode.objects.create(
        clinic=people.clinic,
        client=client_record,
        onset_date=date.today() - timedelta(days=50),
        complaint="Right-sided low back ache after gardening",
        created_by=people.owner,
    )


@pytest.fixture
def browser_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def planned_episode(people, actor_of, episode):
    """The episode assessed as the demo's (NPRS 6, quadratus lumborum right in spasm with a
    confirmed trigger point, shortened; pelvic torsion) with a generated plan, ready for
    session notes."""
    from myomap.demo import DEMO_FINDING, DEMO_POSTURE
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import (
        assessment_create,
        assessment_posture_save,
        assessment_red_flags_save,
    )
    from myomap.records.plans.services import plan_generate

    actor = actor_of(people.owner)
    assessment = assessment_create(actor=actor, episode_id=episode.pk)
    assessment_red_flags_save(actor=actor, assessment_id=assessment.pk, data={"findings": []})
    assessment_measure_save(actor=actor, assessment_id=assessment.pk, instrument="nprs", answers=6)
    assessment_posture_save(actor=actor, assessment_id=assessment.pk, data=DEMO_POSTURE)
    muscle_finding_add(actor=actor, assessment_id=assessment.pk, data=DEMO_FINDING)
    plan_generate(actor=actor, assessment_id=assessment.pk)
    return episode


@pytest.fixture
def radicular_episode(people, actor_of, episode):
    """An episode with a radicular red-flag finding and a generated plan (neurological re-check
    at every visit)."""
    from myomap.demo import DEMO_FINDING
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import assessment_create, assessment_red_flags_save
    from myomap.records.plans.services import plan_generate

    actor = actor_of(people.owner)
    assessment = assessment_create(actor=actor, episode_id=episode.pk)
    assessment_red_flags_save(
        actor=actor, assessment_id=assessment.pk, data={"findings": ["radicular_pain"]}
    )
    assessment_measure_save(actor=actor, assessment_id=assessment.pk, instrument="nprs", answers=6)
    muscle_finding_add(actor=actor, assessment_id=assessment.pk, data=DEMO_FINDING)
    plan_generate(actor=actor, assessment_id=assessment.pk)
    return episode


@pytest.fixture
def client_actor_of():
    """The portal actor of an episode's client (as a verified link gives it)."""
    import uuid

    from myomap.accounts.actor import ClientActor

    def make(episode):
        return ClientActor(
            client_id=episode.client_id,
            clinic=episode.clinic,
            link_id=uuid.uuid4(),
            remote_addr="127.0.0.1",
        )

    return make


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
