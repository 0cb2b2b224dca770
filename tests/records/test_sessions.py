"""Session notes: validated in full against the plan and the knowledge base's dose ranges, signed
and then immutable (service and database), corrected only by addenda; scoped and audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from myomap.accounts.models import AuditEvent
from myomap.errors import Forbidden, NotFound, ValidationFailed
from myomap.records.models import Addendum, TechniqueApplied, TreatmentSession
from myomap.records.sessions.selectors import (
    plan_in_force,
    session_get_for_user,
    sessions_unsigned_for_user,
)
from myomap.records.sessions.services import (
    addendum_add,
    session_create,
    session_sign,
    session_update,
)
from tests.factories import session_note


def test_a_note_is_stored_with_its_technique_rows_on_the_plan_in_force(owner, planned_episode):
    session = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    assert session.number == 1 and not session.is_signed
    assert session.plan == plan_in_force(actor=owner, episode=planned_episode)
    row = session.techniques.get()
    assert (row.technique, row.muscle, row.hold_seconds) == (
        "ischemic_compression",
        "quadratus_lumborum",
        60,
    )
    assert (
        session_create(actor=owner, episode_id=planned_episode.pk, note=session_note()).number == 2
    )


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ({"pressure_lb": "-3"}, "techniques.0.pressure_lb", "between 0 and 50 lb"),
        ({"hold_seconds": "900"}, "techniques.0.hold_seconds", "between 0 and 600 seconds"),
        ({"repetitions": "2.5"}, "techniques.0.repetitions", "whole number"),
        ({"hold_seconds": "abc"}, "techniques.0.hold_seconds", "number"),
    ],
)
def test_impossible_doses_are_refused_naming_the_field_and_range(
    owner, planned_episode, row, field, words
):
    technique = {**session_note()["techniques"][0], **row}
    with pytest.raises(ValidationFailed) as refused:
        session_create(
            actor=owner, episode_id=planned_episode.pk, note=session_note(techniques=[technique])
        )
    assert words in " ".join(refused.value.errors[field])
    assert not TreatmentSession.objects.exists()


def test_a_dose_outside_the_protocol_needs_a_confirming_reason(owner, planned_episode):
    long_hold = {**session_note()["techniques"][0], "hold_seconds": "120"}
    with pytest.raises(ValidationFailed) as refused:
        session_create(
            actor=owner, episode_id=planned_episode.pk, note=session_note(techniques=[long_hold])
        )
    assert "hold 30-90 seconds" in refused.value.errors["techniques.0.outside_protocol_reason"][0]
    confirmed = {**long_hold, "outside_protocol_reason": "Band released only after 2 min."}
    session = session_create(
        actor=owner, episode_id=planned_episode.pk, note=session_note(techniques=[confirmed])
    )
    assert session.techniques.get().outside_protocol_reason.startswith("Band released")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nprs_before": 11}, "nprs_before"),
        ({"nprs_before": ""}, "nprs_before"),
        ({"stage": "levitation"}, "stage"),
        ({"red_flag_rescreen": "maybe"}, "red_flag_rescreen"),
        ({"aftercare": ["ice_bath"]}, "aftercare.0"),
        ({"criteria_met": ["feels_great"]}, "criteria_met.0"),
        ({"exercises": [{"exercise": "moonwalk"}]}, "exercises.0.exercise"),
        ({"muscles_in_spasm": [{"muscle": "heart", "side": "left"}]}, "muscles_in_spasm.0.muscle"),
        ({"techniques": [{"technique": "reiki"}]}, "techniques.0.technique"),
    ],
)
def test_unknown_ids_and_out_of_range_values_are_errors(owner, planned_episode, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        session_create(actor=owner, episode_id=planned_episode.pk, note=session_note(**changes))
    assert field in refused.value.errors


def test_a_new_red_flag_stops_treatment_in_the_note(owner, planned_episode):
    with pytest.raises(ValidationFailed) as refused:
        session_create(
            actor=owner,
            episode_id=planned_episode.pk,
            note=session_note(red_flag_rescreen="new_flag"),
        )
    assert {"techniques", "red_flag_note"} <= set(refused.value.errors)
    stopped = session_create(
        actor=owner,
        episode_id=planned_episode.pk,
        note=session_note(
            red_flag_rescreen="new_flag", techniques=[], red_flag_note="New saddle numbness."
        ),
    )
    assert stopped.red_flag_rescreen == "new_flag"


def test_a_signed_note_is_locked_in_the_service(owner, planned_episode):
    session = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    assert [s.pk for s in sessions_unsigned_for_user(actor=owner)] == [session.pk]
    session_sign(actor=owner, session_id=session.pk)
    assert sessions_unsigned_for_user(actor=owner) == []
    with pytest.raises(ValidationFailed) as refused:
        session_update(actor=owner, session_id=session.pk, note=session_note(nprs_before=2))
    assert "addendum" in refused.value.errors["signed"][0]
    with pytest.raises(ValidationFailed):
        session_sign(actor=owner, session_id=session.pk)
    assert TreatmentSession.objects.get().nprs_before == 6


def test_the_database_refuses_to_change_a_signed_note_or_its_rows(owner, planned_episode):
    session = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    session_sign(actor=owner, session_id=session.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatmentSession.objects.filter(pk=session.pk).update(nprs_before=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TechniqueApplied.objects.filter(session=session).update(hold_seconds=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        TechniqueApplied.objects.create(session=session, position=9, technique="heat_therapy")
    addendum = addendum_add(actor=owner, session_id=session.pk, text="Side was left, not right.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Addendum.objects.filter(pk=addendum.pk).update(text="rewritten")
    assert TreatmentSession.objects.get().nprs_before == 6


def test_a_draft_stays_editable_by_its_author_only(people, actor_of, owner, planned_episode):
    session = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    session_update(
        actor=owner, session_id=session.pk, note=session_note(nprs_before=5, techniques=[])
    )
    session.refresh_from_db()
    assert session.nprs_before == 5 and not session.techniques.exists()
    with pytest.raises(Forbidden):
        session_sign(actor=actor_of(people.colleague), session_id=session.pk)


def test_addenda_carry_author_and_time_and_need_a_signed_note(
    people, actor_of, owner, planned_episode
):
    session = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    with pytest.raises(ValidationFailed):
        addendum_add(actor=owner, session_id=session.pk, text="Too early.")
    session_sign(actor=owner, session_id=session.pk)
    colleague = actor_of(people.colleague)
    addendum = addendum_add(actor=colleague, session_id=session.pk, text="Client phoned: better.")
    assert addendum.author == people.colleague and addendum.created_at is not None
    with pytest.raises(ValidationFailed):
        addendum_add(actor=owner, session_id=session.pk, text=" ")


def test_sessions_are_scoped_clinical_only_and_audited(people, actor_of, owner, planned_episode):
    session = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    with pytest.raises(NotFound):
        session_get_for_user(actor=actor_of(people.outsider), session_id=session.pk)
    with pytest.raises(Forbidden):
        session_get_for_user(actor=actor_of(people.front_desk), session_id=session.pk)
    with pytest.raises(NotFound):
        session_create(
            actor=actor_of(people.outsider), episode_id=planned_episode.pk, note=session_note()
        )
    session_get_for_user(actor=actor_of(people.colleague), session_id=session.pk)
    kinds = set(
        AuditEvent.objects.filter(object_type="session", object_id=str(session.pk)).values_list(
            "action", flat=True
        )
    )
    assert kinds == {"create", "read"}


def test_no_session_without_a_plan(owner, episode):
    with pytest.raises(ValidationFailed) as refused:
        session_create(actor=owner, episode_id=episode.pk, note=session_note())
    assert "plan" in refused.value.errors


def test_a_new_red_flag_on_a_re_assessment_stops_sessions_until_acted_on(owner, planned_episode):
    from myomap.records.assessments.actions import red_flag_action_record
    from myomap.records.assessments.services import assessment_create, assessment_red_flags_save
    from myomap.records.episodes import episode_status_set

    again = assessment_create(actor=owner, episode_id=planned_episode.pk)
    assessment_red_flags_save(
        actor=owner,
        assessment_id=again.pk,
        data={"findings": ["saddle_sensory_change_new", "bladder_dysfunction_new"]},
    )
    with pytest.raises(ValidationFailed) as refused:
        session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    assert "red flag" in refused.value.errors["red_flags"][0]
    red_flag_action_record(
        actor=owner,
        assessment_id=again.pk,
        data={"referred_to": "Emergency department", "referred_on": date.today().isoformat()},
    )
    with pytest.raises(ValidationFailed) as referred:  # the action marks the episode referred
        session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    assert "reopen" in referred.value.errors["episode"][0]
    episode_status_set(
        actor=owner,
        episode_id=planned_episode.pk,
        data={"status": "active", "status_note": "Cleared by the emergency department."},
    )
    assert (
        session_create(actor=owner, episode_id=planned_episode.pk, note=session_note()).number == 1
    )


def test_a_decision_on_a_proposal_keeps_the_kb_version_that_made_it(owner, planned_episode):
    from myomap.records.sessions.progress import progress_decide

    for _ in range(5):
        made = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
        session_sign(actor=owner, session_id=made.pk)
    decision = progress_decide(
        actor=owner, episode_id=planned_episode.pk, kind="non_responder", at_session=5,
        decision="accepted", reason="Re-assess next visit.",
    )  # fmt: skip
    assert (
        decision.proposal["kb_version"]
        == plan_in_force(actor=owner, episode=planned_episode).kb_version
    )
