"""Writes of session notes: create and edit a draft, sign it (then it is locked), add addenda.
Every write is validated in full first (nothing half-saved) and audited in the same
transaction."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object, audit_record
from myomap.accounts.models import AuditAction
from myomap.errors import Conflict, Forbidden, ValidationFailed
from myomap.inputs import NOTE_MAX, text_clean
from myomap.records.episodes.summary import episode_summary_note_signed, episode_summary_refresh
from myomap.records.locks import episode_lock
from myomap.records.models import (
    Addendum,
    TechniqueApplied,
    TreatmentSession,
)
from myomap.records.sessions.selectors import session_get_for_user
from myomap.records.sessions.validate import session_note_clean

NOTE_FIELDS = (
    "seen_on", "stage", "nprs_before", "nprs_after", "discomfort", "red_flag_rescreen",
    "red_flag_note", "subjective", "objective", "assessment", "plan_next", "muscles_in_spasm",
    "trigger_points", "muscles_shortened", "muscles_weak", "pelvis_level", "criteria_met",
    "exercises", "aftercare",
)  # fmt: skip
ROW_FIELDS = ("technique", "muscle", "side", "pressure_lb", "hold_seconds", "repetitions",
              "minutes", "outside_protocol_reason")  # fmt: skip


def _write(session: TreatmentSession, cleaned: dict) -> None:
    for name in NOTE_FIELDS:
        setattr(session, name, cleaned[name])
    session.save()
    session.techniques.all().delete()
    TechniqueApplied.objects.bulk_create(
        TechniqueApplied(session=session, position=i, **{k: row[k] for k in ROW_FIELDS})
        for i, row in enumerate(cleaned["techniques"])
    )


def session_create(*, actor: Actor, episode_id: uuid.UUID | str, note: dict) -> TreatmentSession:
    """A draft note for the next session, when the episode's state allows one (the same answer
    every page gives: `EpisodeState.may_record`), on the plan in force."""
    from myomap.records.episodes.state import BLOCKED_STATUS, episode_state_get

    state = episode_state_get(actor=actor, episode_id=episode_id)
    if not state.may_record:
        field = {BLOCKED_STATUS: "episode"}.get(state.blocked_by, state.blocked_by)
        if state.blocked_by in ("red_flag", "new_flag", "neuro"):
            field = "red_flags"
        elif state.blocked_by in ("no_plan", "referral_plan", "no_assessment"):
            field = "plan"
        raise ValidationFailed({field: [state.why_not]})
    plan = state.plan
    assert plan is not None
    episode = state.episode
    cleaned = session_note_clean(note, plan_output=plan.output)
    with transaction.atomic():
        episode_lock(episode.pk)  # the next number is read after any concurrent save commits
        last = TreatmentSession.objects.filter(episode=episode).aggregate(n=Max("number"))["n"]
        session = TreatmentSession(
            clinic=actor.clinic,
            episode=episode,
            plan=plan,
            number=(last or 0) + 1,
            created_by=actor.user,
        )
        _write(session, cleaned)
        audit_object(
            actor,
            AuditAction.CREATE,
            "session",
            session,
            {"episode": str(episode.pk), "number": session.number},
        )
        episode_summary_refresh(actor=actor, episode_id=episode.pk)
    return session


def _draft_of_author(actor: Actor, session_id: uuid.UUID | str) -> TreatmentSession:
    session = session_get_for_user(actor=actor, session_id=session_id, audit=False)
    if session.is_signed:
        raise Conflict({"signed": ["This note is signed and locked: add an addendum instead."]})
    if session.created_by_id != actor.user.pk:
        raise Forbidden("Only the clinician who wrote a draft note can change or sign it.")
    return session


def session_update(*, actor: Actor, session_id: uuid.UUID | str, note: dict) -> TreatmentSession:
    session = _draft_of_author(actor, session_id)
    cleaned = session_note_clean(note, plan_output=session.plan.output)
    with transaction.atomic():
        _write(session, cleaned)
        audit_object(actor, AuditAction.UPDATE, "session", session)
        episode_summary_refresh(actor=actor, episode_id=session.episode_id)
    return session


def session_delete(*, actor: Actor, session_id: uuid.UUID | str) -> None:
    """Delete a draft note (its author only; a signed note is locked — the database refuses
    too). Numbers stay one after the highest, so deleting the latest draft frees its number."""
    session = _draft_of_author(actor, session_id)
    with transaction.atomic():
        detail = {"episode": str(session.episode_id), "number": session.number}
        from myomap.records.models import SessionSafetyCheck

        SessionSafetyCheck.objects.filter(session=session).delete()  # the draft's own check
        session.techniques.all().delete()
        session.delete()
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="session",
            object_id=str(session_id),
            detail=detail,
        )
        episode_summary_refresh(actor=actor, episode_id=session.episode_id)


def session_sign(*, actor: Actor, session_id: uuid.UUID | str) -> TreatmentSession:
    """Lock the note: from now on only addenda (the database refuses any change too)."""
    session = _draft_of_author(actor, session_id)
    from myomap.records.sessions.safety import safety_sign_refusal

    refusal = safety_sign_refusal(session)
    if refusal:
        raise ValidationFailed({"techniques": [refusal]})
    with transaction.atomic():
        session.signed_at = timezone.now()
        session.signed_by = actor.user
        session.save(update_fields=["signed_at", "signed_by"])
        audit_object(actor, AuditAction.UPDATE, "session", session, {"signed": True})
        episode_summary_note_signed(actor=actor, session=session)
    return session


def addendum_add(*, actor: Actor, session_id: uuid.UUID | str, text: str) -> Addendum:
    """A correction or later note on a signed session, with its author and time."""
    session = session_get_for_user(actor=actor, session_id=session_id, audit=False)
    if not session.is_signed:
        raise Conflict({"text": ["The note is still a draft: edit it instead."]})
    text = text_clean(text, "text", NOTE_MAX)
    if len(text) < 3:
        raise ValidationFailed({"text": ["Write the correction or note (at least 3 characters)."]})
    with transaction.atomic():
        addendum = Addendum.objects.create(session=session, text=text, author=actor.user)
        audit_object(actor, AuditAction.CREATE, "addendum", addendum, {"session": str(session.pk)})
    return addendum
