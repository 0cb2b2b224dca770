"""The episode state read model: the stage is what the clinician accepted (an undecided proposal
is never applied and stays open), one next number, one "may a note be written", the home
programme of exercises given and not stopped, carried-over doses, clinic-local dates, discharge
and reopening, re-assessment due cleared by a re-assessment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from myomap.errors import ValidationFailed
from myomap.handouts.selectors import discharge_summary_for_user, home_programme_for_user
from myomap.records.assessments.services import assessment_create
from myomap.records.episodes.care import (
    episode_discharge,
    episode_reopen,
    exercise_stop,
)
from myomap.records.episodes.state import episode_state_get
from myomap.records.models import EpisodeStatus, ProgressDecision
from myomap.records.sessions.prefill import session_note_defaults
from myomap.records.sessions.progress import progress_decide
from myomap.records.sessions.services import session_create
from tests.factories import make_session, session_note

SPASM_SETTLED = {"muscles_in_spasm": [], "trigger_points": []}


def state_of(actor, episode):
    return episode_state_get(actor=actor, episode_id=episode.pk)


def decide(actor, episode, decision: str, *, kind: str = "advance"):
    at = next(p for p in state_of(actor, episode).open_proposals if p["kind"] == kind)
    return progress_decide(
        actor=actor,
        episode_id=episode.pk,
        kind=kind,
        at_session=at["at_session"],
        decision=decision,
        reason="Clinical judgement at review.",
    )


def test_an_undecided_advance_is_never_applied_and_stays_open(owner, planned_episode):
    make_session(owner, planned_episode, **SPASM_SETTLED)  # stage 1's exit criteria met
    make_session(owner, planned_episode, **SPASM_SETTLED)  # the proposal is left undecided
    state = state_of(owner, planned_episode)
    assert state.stage == "relieve_spasm" and state.stage_label == "Relieve muscular spasm"
    assert state.result["completed_stages"] == []
    [advance] = [p for p in state.open_proposals if p["kind"] == "advance"]
    assert advance["since"] == 1 and advance["at_session"] == 2
    assert advance["proposal"]["advance_to"] == "restore_flexibility"
    assert ProgressDecision.objects.count() == 0


def test_the_proposal_stays_open_even_when_the_next_note_no_longer_meets_the_criteria(
    owner, planned_episode
):
    make_session(owner, planned_episode, **SPASM_SETTLED)
    make_session(owner, planned_episode)  # spasm back: the engine alone would not propose now
    [advance] = [p for p in state_of(owner, planned_episode).open_proposals]
    assert (advance["kind"], advance["since"], advance["at_session"]) == ("advance", 1, 2)


def test_accepting_starts_the_next_stage_from_the_next_note(owner, planned_episode):
    make_session(owner, planned_episode, **SPASM_SETTLED)
    make_session(owner, planned_episode, **SPASM_SETTLED)
    decide(owner, planned_episode, "accepted")
    state = state_of(owner, planned_episode)
    assert state.stage == "restore_flexibility" and state.open_proposals == []
    assert state.result["completed_stages"] == [{"stage": "relieve_spasm", "at_session": 2}]
    defaults = session_note_defaults(
        plan=state.plan, stage_id=state.stage, previous=state.latest, today=state.today
    )
    assert defaults["stage"] == "restore_flexibility"


def test_declining_keeps_the_stage_and_a_later_note_may_propose_again(owner, planned_episode):
    make_session(owner, planned_episode, **SPASM_SETTLED)
    decide(owner, planned_episode, "declined")
    state = state_of(owner, planned_episode)
    assert state.stage == "relieve_spasm" and state.open_proposals == []
    make_session(owner, planned_episode, **SPASM_SETTLED)
    [again] = state_of(owner, planned_episode).open_proposals
    assert (again["since"], again["at_session"]) == (2, 2)


def test_the_next_number_is_one_after_the_highest_even_with_a_draft(owner, planned_episode):
    make_session(owner, planned_episode)
    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    state = state_of(owner, planned_episode)
    assert state.next_number == 3 and state.draft.number == 2 and state.may_record


def test_a_visit_dated_after_the_clinics_today_is_refused(owner, planned_episode, settings):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    with pytest.raises(ValidationFailed) as refused:
        session_create(
            actor=owner, episode_id=planned_episode.pk, note=session_note(seen_on=tomorrow)
        )
    assert "cannot be after today" in refused.value.errors["seen_on"][0]


# -- carried-over care --------------------------------------------------------------------

STRETCH = {"exercise": "ql_side_lying_stretch", "dose": "3 x 20 s, twice a day"}
FIGURE_FOUR = {"exercise": "figure_four_stretch", "dose": "Hold 30 s, 3 times"}


def test_the_programme_is_every_exercise_given_and_not_stopped(owner, planned_episode):
    make_session(owner, planned_episode, exercises=[STRETCH, FIGURE_FOUR])
    make_session(owner, planned_episode, exercises=[{**STRETCH, "dose": "3 x 30 s, twice a day"}])
    programme = state_of(owner, planned_episode).programme
    assert [(i.exercise, i.dose) for i in programme] == [
        ("ql_side_lying_stretch", "3 x 30 s, twice a day"),
        ("figure_four_stretch", "Hold 30 s, 3 times"),
    ]
    exercise_stop(
        actor=owner,
        episode_id=planned_episode.pk,
        exercise="figure_four_stretch",
        reason="Provokes the buttock pain.",
    )
    assert [i.exercise for i in state_of(owner, planned_episode).programme] == [
        "ql_side_lying_stretch"
    ]


def test_the_home_programme_and_the_letter_list_exactly_the_programme(owner, planned_episode):
    make_session(owner, planned_episode, exercises=[STRETCH, FIGURE_FOUR])
    make_session(owner, planned_episode, exercises=[])
    exercise_stop(
        actor=owner, episode_id=planned_episode.pk, exercise="figure_four_stretch", reason="Pain."
    )
    sheet = home_programme_for_user(actor=owner, episode_id=planned_episode.pk)
    assert [c["id"] for c in sheet.context["programme"]["exercises"]["items"]] == [
        "ql_side_lying_stretch"
    ]
    episode_discharge(
        actor=owner,
        episode_id=planned_episode.pk,
        data={
            "to": "maintenance",
            "discharged_on": date.today().isoformat(),
            "reason": "Pain-free at work for two weeks.",
            "confirm": "on",
        },
    )
    letter = discharge_summary_for_user(actor=owner, episode_id=planned_episode.pk)
    summary = letter.context["summary"]
    assert [e["id"] for e in summary["maintenance"]["exercises"]] == ["ql_side_lying_stretch"]
    assert summary["maintenance"]["exercises"][0]["dose"] == "3 x 20 s, twice a day"
    assert summary["discharge"]["reason"] == "Pain-free at work for two weeks."


def test_a_stop_needs_a_reason_and_an_exercise_on_the_programme(owner, planned_episode):
    make_session(owner, planned_episode, exercises=[STRETCH])
    with pytest.raises(ValidationFailed) as refused:
        exercise_stop(actor=owner, episode_id=planned_episode.pk, exercise="dead_bug", reason="")
    assert set(refused.value.errors) == {"exercise", "reason"}


def test_the_next_note_prefills_the_programme_and_the_last_technique_doses(owner, planned_episode):
    held = {
        "technique": "ischemic_compression",
        "muscle": "quadratus_lumborum",
        "side": "right",
        "pressure_lb": "9",
        "hold_seconds": "90",
        "repetitions": "3",
    }
    make_session(owner, planned_episode, exercises=[FIGURE_FOUR], techniques=[held])
    state = state_of(owner, planned_episode)
    defaults = session_note_defaults(
        plan=state.plan,
        stage_id=state.stage,
        previous=state.latest,
        today=state.today,
        programme=state.programme,
    )
    assert {"exercise": "figure_four_stretch", "dose": "Hold 30 s, 3 times"} in defaults[
        "exercises"
    ]
    row = next(
        r
        for r in defaults["techniques"]
        if (r["technique"], r["muscle"], r["side"])
        == ("ischemic_compression", "quadratus_lumborum", "right")
    )
    assert float(row["hold_seconds"]) == 90


# -- discharge, reopening, maintenance ----------------------------------------------------


def test_discharge_needs_a_reason_a_date_and_a_confirmation(owner, planned_episode):
    with pytest.raises(ValidationFailed) as refused:
        episode_discharge(actor=owner, episode_id=planned_episode.pk, data={"to": "maintenance"})
    assert set(refused.value.errors) == {"discharged_on", "reason", "confirm"}
    planned_episode.refresh_from_db()
    assert planned_episode.status == EpisodeStatus.ACTIVE


def test_a_maintenance_episode_may_record_and_reopening_needs_a_reason(owner, planned_episode):
    make_session(owner, planned_episode)
    episode_discharge(
        actor=owner,
        episode_id=planned_episode.pk,
        data={
            "to": "maintenance",
            "discharged_on": date.today().isoformat(),
            "reason": "Goals met.",
            "confirm": "on",
            "maintenance_check_on": (date.today() + timedelta(days=28)).isoformat(),
        },
    )
    state = state_of(owner, planned_episode)
    assert state.may_record and state.next_number == 2 and not state.maintenance_check_due
    with pytest.raises(ValidationFailed) as refused:
        episode_reopen(actor=owner, episode_id=planned_episode.pk, reason="")
    assert "reason" in refused.value.errors
    episode_reopen(actor=owner, episode_id=planned_episode.pk, reason="Flare-up after a move.")
    planned_episode.refresh_from_db()
    assert planned_episode.status == EpisodeStatus.ACTIVE
    assert planned_episode.discharge_reason == "Goals met."  # the record keeps what happened


def test_a_fully_discharged_episode_may_not_record_until_reopened(owner, planned_episode):
    episode_discharge(
        actor=owner,
        episode_id=planned_episode.pk,
        data={"to": "discharged", "discharged_on": date.today().isoformat(),
              "reason": "Moved away.", "confirm": "on"},
    )  # fmt: skip
    state = state_of(owner, planned_episode)
    assert not state.may_record and "reopen" in state.why_not
    with pytest.raises(ValidationFailed) as refused:
        session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    assert refused.value.errors["episode"] == [state.why_not]


# -- re-assessment ------------------------------------------------------------------------


def test_starting_the_re_assessment_clears_due(owner, planned_episode):
    make_session(owner, planned_episode)
    make_session(owner, planned_episode)
    assert state_of(owner, planned_episode).reassessment_due == "Reassess at session 3"
    assessment_create(actor=owner, episode_id=planned_episode.pk)
    assert state_of(owner, planned_episode).reassessment_due == ""


def test_a_re_assessment_starts_from_the_previous_findings_with_one_numbering(
    owner, planned_episode
):
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.models import Assessment
    from myomap.web.forms.assessment import section_values

    first = Assessment.objects.get(episode=planned_episode)
    activities = [
        {"activity": "Gardening", "rating": 3},
        {"activity": "Driving", "rating": 5},
        {"activity": "Lifting a child", "rating": 4},
    ]
    assessment_measure_save(
        actor=owner, assessment_id=first.pk, instrument="psfs", answers=activities
    )
    again = assessment_create(actor=owner, episode_id=planned_episode.pk)
    again.refresh_from_db()
    assert again.posture_input == first.posture_input and again.posture_input
    assert [(f.muscle, f.side, f.spasm) for f in again.muscle_findings.all()] == [
        (f.muscle, f.side, f.spasm) for f in first.muscle_findings.all()
    ]
    assert again.triage_input == {} and "psfs" not in again.measures_input  # asked afresh
    values = section_values(again)
    assert (values["psfs_activity_0"], values["psfs_activity_1"]) == ("Gardening", "Driving")
    assert "psfs_rating_0" not in values
    assert (first.label, again.label) == ("Initial assessment", "Re-assessment 1")


def test_a_draft_is_deleted_by_its_author_only_and_a_signed_note_never(
    owner, people, actor_of, planned_episode
):
    from myomap.errors import Forbidden
    from myomap.records.models import TreatmentSession
    from myomap.records.sessions.services import session_delete

    signed = make_session(owner, planned_episode)
    draft = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    with pytest.raises(Forbidden):
        session_delete(actor=actor_of(people.colleague), session_id=draft.pk)
    with pytest.raises(ValidationFailed):
        session_delete(actor=owner, session_id=signed.pk)
    session_delete(actor=owner, session_id=draft.pk)
    assert list(TreatmentSession.objects.values_list("number", flat=True)) == [1]
    assert state_of(owner, planned_episode).next_number == 2
