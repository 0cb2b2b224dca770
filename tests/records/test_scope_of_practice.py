"""Scope of practice has one vocabulary and one home: the clinician's profile. An assessment
takes it from the assessing clinician's profile unless its Health section chooses another;
without either, the engine's most restrictive default (massage / NMT) applies."""

from __future__ import annotations

import typing

import pytest
from django.urls import reverse

from myomap.accounts.models import Membership, ScopeOfPractice
from myomap.clinical.assessment import Clinician
from myomap.clinical.planning.precautions import SCOPE_LABELS
from myomap.records.assessments.document import assessment_document_build
from myomap.records.assessments.precautions import SCOPES, assessment_precautions_save
from myomap.records.assessments.services import assessment_create
from myomap.web.presenters.assessment_page import SCOPE_OPTIONS

pytestmark = pytest.mark.django_db


def _profile(user, scope: str) -> None:
    Membership.objects.filter(user=user).update(scope_of_practice=scope)


def _health(scope: str = "") -> dict:
    return {"anticoagulant": "no", "clinician_scope": scope}


def test_one_vocabulary_for_the_profile_the_assessment_and_the_engine():
    engine = typing.get_args(Clinician.model_fields["scope"].annotation)
    assert set(engine) == set(ScopeOfPractice.values) == set(SCOPES) == set(SCOPE_LABELS)
    assert SCOPE_OPTIONS == tuple(ScopeOfPractice.choices)


def test_the_assessment_defaults_to_the_clinicians_profile_scope(people, actor_of, episode):
    _profile(people.owner, "physiotherapist")
    actor = actor_of(people.owner)
    assessment = assessment_create(actor=actor, episode_id=episode.pk)
    assert assessment_document_build(assessment)["clinician"] == {"scope": "physiotherapist"}
    assessment_precautions_save(actor=actor, assessment_id=assessment.pk, data=_health())
    assessment.refresh_from_db()
    assert assessment_document_build(assessment)["clinician"] == {"scope": "physiotherapist"}


def test_the_assessments_own_choice_overrides_the_profile(people, actor_of, episode):
    _profile(people.owner, "physiotherapist")
    actor = actor_of(people.owner)
    assessment = assessment_create(actor=actor, episode_id=episode.pk)
    assessment_precautions_save(
        actor=actor, assessment_id=assessment.pk, data=_health("massage_nmt")
    )
    assessment.refresh_from_db()
    assert assessment_document_build(assessment)["clinician"] == {"scope": "massage_nmt"}


def test_without_a_profile_scope_the_engine_default_applies(people, actor_of, episode):
    assessment = assessment_create(actor=actor_of(people.owner), episode_id=episode.pk)
    assert "clinician" not in assessment_document_build(assessment)


def test_the_health_form_shows_the_profile_scope_chosen(people, actor_of, browser_as, episode):
    _profile(people.owner, "chiropractor_osteopath")
    assessment = assessment_create(actor=actor_of(people.owner), episode_id=episode.pk)
    url = reverse("assessment_step", args=[assessment.pk, "health"])
    page = browser_as(people.owner).get(url).content.decode()
    assert '<option value="chiropractor_osteopath" selected>' in page
