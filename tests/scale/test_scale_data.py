"""The generated clinic of `bench.scale_data` is a valid clinic: what the services would have
stored, with signed notes locked by the database like any other."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, InternalError, transaction

from bench.scale_data import generate
from myomap.records.models import (
    Assessment,
    Client,
    Episode,
    Plan,
    TechniqueApplied,
    TreatmentSession,
)


@pytest.fixture
def made(db):
    return generate(60, 900, quiet=True)


def test_the_generated_clinic_has_the_clients_and_sessions_asked_for(made):
    clinic = made["clinic"]
    assert made["sessions"] == TreatmentSession.objects.filter(clinic=clinic).count() == 900
    assert 55 <= Client.objects.filter(clinic=clinic).count() <= 65
    episodes = Episode.objects.filter(clinic=clinic)
    assert episodes.count() > Client.objects.filter(clinic=clinic).count()  # some come back
    assert Assessment.objects.filter(clinic=clinic).count() == episodes.count()
    assert Plan.objects.filter(clinic=clinic, output__status="ok").count() == episodes.count()
    assert episodes.filter(status="active").exists()


def test_every_generated_note_is_signed_but_the_drafts_and_has_its_technique_rows(made):
    sessions = TreatmentSession.objects.filter(clinic=made["clinic"])
    drafts = sessions.filter(signed_at__isnull=True)
    assert drafts.count() < 5
    assert all(d.episode.status == "active" for d in drafts)
    assert not sessions.filter(signed_at__isnull=False, signed_by__isnull=True).exists()
    rows = TechniqueApplied.objects.filter(session__clinic=made["clinic"])
    assert rows.values("session").distinct().count() == sessions.count()


def test_a_generated_signed_note_is_locked_by_the_database(made):
    signed = TreatmentSession.objects.filter(clinic=made["clinic"], signed_at__isnull=False).first()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        TreatmentSession.objects.filter(pk=signed.pk).update(subjective="changed")


def test_a_second_generation_into_the_same_database_is_refused(made):
    with pytest.raises(SystemExit, match="already holds"):
        generate(10, 20, quiet=True)
