"""Treated episodes of the demo clinic: weekly session notes written and signed through the real
services, so the dashboard and the progress pages show what a working clinic would.

- Okafor improves (NPRS 6 → 3, the quadratus lumborum trigger point released over the visits):
  stage 1 is left at session 3 and a second advance waits for the clinician.
- Brandt does not respond: six signed visits with pain within a point of her baseline, then a
  draft note still to be signed.
- Nowak works through all five stages in seven visits: discharge to maintenance is proposed.

Each note starts from what the session page would prefill (`session_note_defaults`) for the
stage in force, then records that visit's re-examination, pain scores and words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from myomap.accounts.actor import Actor
from myomap.records.episodes.state import episode_state_get
from myomap.records.models import Assessment, Episode, ProposalDecision, ProposalKind
from myomap.records.sessions.prefill import session_note_defaults
from myomap.records.sessions.progress import progress_decide
from myomap.records.sessions.services import session_create, session_sign

# Doses inside the knowledge base's protocol ranges (a prefilled note starts at their low end).
DEMO_DOSES = {
    "ischemic_compression": {"pressure_lb": "9", "hold_seconds": "60", "repetitions": "3"},
    "cross_fiber_friction": {"minutes": "5"},
    "active_isolated_stretching": {"hold_seconds": "2", "repetitions": "10"},
    "heat_therapy": {"minutes": "10"},
}


def _ms(muscle: str, side: str) -> dict:
    return {"muscle": muscle, "side": side}


@dataclass(frozen=True)
class Visit:
    """One visit: pain on arrival and after, what was found, what was ticked, what was said.
    A list means "re-examined" ([] = none found); None means "not examined"."""

    nprs: tuple[int, int]
    subjective: str
    assessment: str = ""
    spasm: list[dict] | None = None
    trigger_points: list[dict] | None = None
    released: bool = True
    shortened: list[dict] | None = None
    weak: list[dict] | None = None
    pelvis_level: bool | None = None
    criteria: list[str] = field(default_factory=list)

    def exam(self) -> dict:
        tps = self.trigger_points
        return {
            "muscles_in_spasm": self.spasm,
            "trigger_points": None
            if tps is None
            else [{**t, "released": self.released} for t in tps],
            "muscles_shortened": self.shortened,
            "muscles_weak": self.weak,
            "pelvis_level": self.pelvis_level,
            "criteria_met": list(self.criteria),
        }


def _note(actor: Actor, episode: Episode, visit: Visit, seen_on: date) -> dict:
    state = episode_state_get(actor=actor, episode=episode)
    plan = state.plan
    assert plan is not None
    note = session_note_defaults(
        plan=plan,
        stage_id=state.stage,
        previous=state.latest,
        today=seen_on,
        programme=state.programme,
    )
    for row in note["techniques"]:
        row.update(DEMO_DOSES.get(row["technique"], {}), applied=True)  # the demo gave them
    before, after = visit.nprs
    note.update(
        visit.exam(),
        red_flag_rescreen="none_new",
        nprs_before=before,
        nprs_after=after,
        discomfort=6 if note["techniques"] else None,
        subjective=visit.subjective,
        objective=_objective(visit),
        assessment=visit.assessment,
        plan_next="Continue the plan; home programme reviewed.",
    )
    return note


def _objective(visit: Visit) -> str:
    parts = []
    if visit.spasm is not None:
        names = ", ".join(m["muscle"].replace("_", " ") for m in visit.spasm)
        parts.append(f"Spasm: {names}." if names else "No spasm on palpation.")
    if visit.trigger_points == []:
        parts.append("No trigger point reproduces the referral.")
    if visit.pelvis_level is not None:
        parts.append("Pelvis level on retest." if visit.pelvis_level else "Pelvis not level.")
    return " ".join(parts)


def _accept_advance(actor: Actor, episode: Episode) -> None:
    """Accept the stage advance the engine proposes after the latest visit, if any."""
    for proposal in episode_state_get(actor=actor, episode=episode).open_proposals:
        if proposal["kind"] == ProposalKind.ADVANCE:
            progress_decide(
                actor=actor,
                episode_id=episode.pk,
                kind=ProposalKind.ADVANCE,
                at_session=proposal["at_session"],
                decision=ProposalDecision.ACCEPTED,
                reason="Exit criteria met on re-examination; client agrees to move on.",
            )


def _treat(
    actor: Actor,
    episode: Episode,
    visits: list[Visit],
    first_on: date,
    *,
    accept_until: int = 0,
) -> None:
    """Weekly signed notes from `first_on`; advances proposed at visits up to `accept_until`
    are accepted so the next note is prefilled with the new stage."""
    for index, visit in enumerate(visits):
        seen_on = first_on + timedelta(weeks=index)
        note = _note(actor, episode, visit, seen_on)
        session = session_create(actor=actor, episode_id=episode.pk, note=note)
        session_sign(actor=actor, session_id=session.pk)
        if session.number <= accept_until:
            _accept_advance(actor, episode)


QL_R = _ms("quadratus_lumborum", "right")
OKAFOR_VISITS = [
    Visit((6, 4), "Ache unchanged since the assessment; sitting over an hour still the worst.",
          spasm=[QL_R], trigger_points=[QL_R], shortened=[QL_R], pelvis_level=False),
    Visit((5, 3), "Sore for a day after the last visit, then easier.",
          spasm=[QL_R], trigger_points=[QL_R], shortened=[QL_R], pelvis_level=False),
    Visit((4, 2), "Sat through a two-hour meeting without the buttock ache.",
          "Reassessment: spasm settled and the trigger point no longer reproduces the referral.",
          spasm=[], trigger_points=[], shortened=[QL_R], pelvis_level=False),
    Visit((3, 2), "Gardened on Saturday with only mild stiffness.",
          "Side bend now equal both ways: quadratus lumborum back to length.",
          spasm=[], trigger_points=[], shortened=[], pelvis_level=False),
]  # fmt: skip

GMED_L = _ms("gluteus_medius", "left")
BRANDT_VISITS = [
    Visit((6, 5), "Same constant ache; mornings stiff for an hour.",
          spasm=[GMED_L], trigger_points=[GMED_L], shortened=[]),
    Visit((6, 5), "No change. Walked less this week.", spasm=[GMED_L], trigger_points=[GMED_L]),
    Visit((5, 4), "A slightly better week, then a bad night.",
          "Reassessment: little change in pain or findings.",
          spasm=[GMED_L], trigger_points=[GMED_L], released=False),
    Visit((6, 5), "Ache back to how it was.", spasm=[GMED_L], trigger_points=[GMED_L]),
    Visit((6, 6), "No better. Wonders whether it is worth continuing.",
          "Reassessment at session 5: no clinically important change in pain.",
          spasm=[GMED_L], trigger_points=[GMED_L], released=False),
    Visit((5, 5), "About the same. Has seen her GP, who suggested waiting for this review.",
          spasm=[GMED_L], trigger_points=[GMED_L]),
]  # fmt: skip
BRANDT_DRAFT = Visit((6, 5), "Seen yesterday: still the same ache.",
                     spasm=[GMED_L], trigger_points=[GMED_L])  # fmt: skip

LONG_L, GMAX_L = _ms("longissimus_thoracis", "left"), _ms("gluteus_maximus", "left")
NOWAK_VISITS = [
    Visit((7, 5), "Bending to tie boots still sharp on the left.",
          spasm=[LONG_L], trigger_points=[LONG_L], shortened=[LONG_L], weak=[GMAX_L]),
    Visit((5, 3), "Back at work on light duties.", "Spasm settled; trigger point released.",
          spasm=[], trigger_points=[], shortened=[LONG_L], weak=[GMAX_L]),
    Visit((4, 3), "Forward bend nearly full.", "Reassessment: length restored.",
          spasm=[], trigger_points=[], shortened=[], weak=[GMAX_L]),
    Visit((3, 2), "Lifting boards from the floor with a good hinge.",
          "Movement control restored on the squat and hinge.",
          spasm=[], trigger_points=[], shortened=[], weak=[GMAX_L],
          criteria=["movement_control_restored"]),
    Visit((2, 1), "Some fatigue after a full day on the scaffold.",
          "Reassessment: glute strength improving, not yet equal.",
          spasm=[], trigger_points=[], shortened=[], weak=[GMAX_L]),
    Visit((2, 1), "Full days without pain.", "Hip extension strength equal left and right.",
          spasm=[], trigger_points=[], shortened=[], weak=[]),
    Visit((1, 0), "Back to full scaffolding work for two weeks, no flare.",
          "Exit criteria of the last stage met: discharge to maintenance proposed.",
          spasm=[], trigger_points=[], shortened=[], weak=[],
          criteria=["return_to_activity"]),
]  # fmt: skip


def demo_sessions_create(actor: Actor, episodes: dict[str, Episode]) -> None:
    today = date.today()
    _treat(actor, episodes["Okafor"], OKAFOR_VISITS, today - timedelta(days=23), accept_until=3)
    _treat(actor, episodes["Brandt"], BRANDT_VISITS, today - timedelta(days=43))
    draft = _note(actor, episodes["Brandt"], BRANDT_DRAFT, today - timedelta(days=1))
    session_create(actor=actor, episode_id=episodes["Brandt"].pk, note=draft)
    _treat(actor, episodes["Nowak"], NOWAK_VISITS, today - timedelta(days=45), accept_until=6)


# --- The two further assessments the treated episodes need (as the assessment page makes) ---

BRANDT = {
    "assessed_days_ago": 50,
    "nprs": 6,
    "severity": {"pain_pattern": "persistent", "pain_at_rest": False,
                 "eases_with_movement": True, "difficulties": ["prolonged_standing"],
                 "weakness": False, "postural_imbalance": "mild", "daily_impact": "some"},
    "pain_map": [{"region": "iliac_crest_posterior_l", "intensity": 6, "quality": "ache"},
                 {"region": "sacrum", "intensity": 5, "quality": "ache"},
                 {"region": "buttock_mid_l", "intensity": 4, "quality": "ache"}],
    "findings": [{"muscle": "gluteus_medius", "side": "left", "trigger_point": "active",
                  "taut_band": "on", "referral_reproduced": "on", "referral_sensation": "ache",
                  "spasm": "on", "tenderness": "2"}],
}  # fmt: skip
NOWAK = {
    "assessed_days_ago": 49,
    "nprs": 7,
    "severity": {"pain_pattern": "occasional", "pain_at_rest": False,
                 "eases_with_movement": True, "difficulties": ["lifting", "repeated_bending"],
                 "weakness": True, "postural_imbalance": "none", "daily_impact": "some"},
    "pain_map": [{"region": "lumbar_paraspinal_lower_l", "intensity": 7, "quality": "sharp"},
                 {"region": "buttock_lower_l", "intensity": 4, "quality": "ache"}],
    "findings": [{"muscle": "longissimus_thoracis", "side": "left", "trigger_point": "active",
                  "taut_band": "on", "referral_reproduced": "on", "referral_sensation": "ache",
                  "local_twitch": "on", "spasm": "on", "shortened": "on", "tenderness": "3"},
                 {"muscle": "gluteus_maximus", "side": "left", "trigger_point": "none",
                  "weak": "on"}],
}  # fmt: skip


def demo_assessment_plan(actor: Actor, episode: Episode, data: dict) -> Assessment:
    """An initial assessment with a clear red-flag screen, its plan generated from it."""
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import (
        assessment_create,
        assessment_red_flags_save,
        assessment_severity_save,
    )
    from myomap.records.painmap import assessment_pain_map_save
    from myomap.records.plans.services import plan_generate

    on = date.today() - timedelta(days=data["assessed_days_ago"])
    assessment = assessment_create(actor=actor, episode_id=episode.pk, assessed_on=on)
    pk = assessment.pk
    assessment_red_flags_save(actor=actor, assessment_id=pk, data={"findings": []})
    assessment_measure_save(actor=actor, assessment_id=pk, instrument="nprs", answers=data["nprs"])
    assessment_severity_save(actor=actor, assessment_id=pk, data=data["severity"])
    for finding in data["findings"]:
        muscle_finding_add(actor=actor, assessment_id=pk, data=finding)
    assessment_pain_map_save(actor=actor, assessment_id=pk, entries=data["pain_map"])
    plan_generate(actor=actor, assessment_id=pk)
    return assessment
