"""Stage gating across sessions (docs/clinical-rules.md, progress): a stage is left only when all
its exit criteria are met at one session; the next stage is entered only when its entry criteria
hold too, unless the clinician started it early with a reason (kept in the plan's overrides)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from myomap.clinical.explain import Reason
from myomap.clinical.planning.criteria import (
    CONFIRMED_TPS_TREATED,
    IMPORTANT_IMPROVEMENT,
    NO_SPASM,
    PELVIS_LEVEL,
    PREVIOUS_STAGE_DONE,
    SHORTENED_LENGTHENED,
    WEAK_STRENGTHENED,
)

if TYPE_CHECKING:
    from myomap.clinical.progress import Session

ORDER_SOURCE = "SEED-004"


@dataclass
class StageWalk:
    current: str | None
    advance: bool = False
    advance_to: str | None = None
    advance_reasons: list[str] = field(default_factory=list)
    completed: list[dict] = field(default_factory=list)
    discharge: dict = field(default_factory=lambda: {"proposed": False})
    reasons: list[Reason] = field(default_factory=list)
    # Earlier sessions where leaving the stage was possible but the clinician had not accepted
    # it (`advance_declined`): {"at_session", "stage", "advance_to"} (None = discharge).
    held: list[dict] = field(default_factory=list)


def derived_criteria(session: Session, important_improvement: bool = False) -> set[str]:
    """Criteria the session's findings settle without a tick from the clinician. An empty list
    means "examined, none found"; an omitted one means "not examined" and settles nothing."""
    met = {PREVIOUS_STAGE_DONE}
    for findings, criterion in (
        (session.muscles_in_spasm, NO_SPASM),
        (session.confirmed_trigger_points, CONFIRMED_TPS_TREATED),
        (session.muscles_shortened, SHORTENED_LENGTHENED),
        (session.muscles_weak, WEAK_STRENGTHENED),
    ):
        if findings == []:
            met.add(criterion)
    if session.pelvis_level is True:
        met.add(PELVIS_LEVEL)
    if important_improvement:
        met.add(IMPORTANT_IMPROVEMENT)
    return met


def _unmet(criteria: list[dict], met: set[str]) -> list[dict]:
    """Criteria still open; those the plan marked `already_met` for this client never hold
    the client back."""
    return [c for c in criteria if c["id"] not in met and not c.get("already_met")]


def _spasm_blocks(session: Session) -> list[str]:
    if session.muscles_in_spasm is None:
        return ["spasm was not re-examined at this session"]
    return [f"{m.muscle} ({m.side}) is still in spasm" for m in session.muscles_in_spasm]


def starting_stage_index(stages: list[dict]) -> int:
    """Where treatment starts: the first stage, or the latest one the clinician started early."""
    started = [i for i, stage in enumerate(stages) if stage.get("started_early")]
    return max(started, default=0)


def walk_stages(plan: dict, sessions: list[Session], improved: dict[int, bool]) -> StageWalk:
    """`improved` maps each session number to whether its NPRS change is clinically important."""
    stages = plan["stages"]
    current = starting_stage_index(stages)
    completed: list[dict] = []
    held: list[dict] = []
    for session in sessions[:-1]:
        met = derived_criteria(session, improved[session.number]) | set(session.criteria_met)
        if current >= len(stages):
            continue
        if session.advance_accepted:
            # The clinician accepted leaving the stage after this session (rule 4): the next
            # session is in the next stage, whatever this one's findings were.
            completed.append({"stage": stages[current]["id"], "at_session": session.number})
            current += 1
            continue
        if session.advance_declined:
            # Kept in this stage until the clinician accepts; remember that it could have left.
            judged = _judge_latest(stages, current, session, met)
            if judged.advance or judged.discharge["proposed"]:
                held.append(_held(stages[current]["id"], session.number, judged.advance_to))
            continue
        if not _unmet(stages[current]["exit_criteria"], met):
            completed.append({"stage": stages[current]["id"], "at_session": session.number})
            current += 1
    latest = sessions[-1]
    met = derived_criteria(latest, improved[latest.number]) | set(latest.criteria_met)
    if latest.advance_accepted and current < len(stages):
        completed.append({"stage": stages[current]["id"], "at_session": latest.number})
        walk = _entered(stages, current + 1, latest)
    else:
        walk = _judge_latest(stages, current, latest, met)
    walk.completed = completed + walk.completed
    walk.held = held
    return walk


def _held(stage: str, at_session: int, advance_to: str | None) -> dict:
    return {"at_session": at_session, "stage": stage, "advance_to": advance_to}


def _entered(stages: list[dict], index: int, latest: Session) -> StageWalk:
    """The walk after the clinician accepted leaving a stage at the latest session: the next
    stage has started and nothing is judged in it yet; past the last stage, discharge."""
    if index >= len(stages):
        return StageWalk(current=None, discharge=_discharge(latest))
    return StageWalk(
        current=stages[index]["id"],
        reasons=[
            Reason(
                "progress.r4.accepted",
                f"Advance to {stages[index]['id']} accepted at session {latest.number}.",
                ORDER_SOURCE,
            )
        ],
    )


def _judge_latest(stages: list[dict], current: int, latest: Session, met: set[str]) -> StageWalk:
    if current >= len(stages):
        return StageWalk(current=None, discharge=_discharge(latest))
    stage = stages[current]
    unmet = _unmet(stage["exit_criteria"], met)
    walk = StageWalk(current=stage["id"])
    if unmet:
        walk.advance_reasons = [f"Exit criterion not met yet: {c['text']}" for c in unmet]
        walk.reasons.append(
            Reason(
                "progress.r4.stay",
                f"Stay in {stage['id']}: {len(unmet)} exit criterion(s) not met.",
                ORDER_SOURCE,
            )
        )
        return walk
    walk.completed = [{"stage": stage["id"], "at_session": latest.number}]
    if current == len(stages) - 1:
        walk.discharge = _discharge(latest)
        walk.reasons.append(Reason("progress.r10.discharge", walk.discharge["text"], ORDER_SOURCE))
        return walk
    return _propose_next(walk, stages[current + 1], met, latest)


def _propose_next(walk: StageWalk, nxt: dict, met: set[str], latest: Session) -> StageWalk:
    blocking = [c for c in _unmet(nxt["entry_criteria"], met)]
    texts = [f"Entry criterion for {nxt['id']} not met: {c['text']}" for c in blocking]
    if any(c["id"] == NO_SPASM for c in blocking):
        texts += _spasm_blocks(latest)
    if texts:
        walk.advance_reasons = [f"Exit criteria of {walk.current} met.", *texts]
        walk.reasons.append(Reason("progress.r3.entry_blocked", texts[0], ORDER_SOURCE))
        return walk
    walk.advance, walk.advance_to = True, nxt["id"]
    walk.advance_reasons = [
        f"All exit criteria of {walk.current} met at session "
        f"{latest.number}; entry criteria of {nxt['id']} hold."
    ]
    walk.reasons.append(Reason("progress.r4.advance", walk.advance_reasons[0], ORDER_SOURCE))
    return walk


def _discharge(latest: Session) -> dict:
    return {
        "proposed": True,
        "to": "maintenance",
        "at_session": latest.number,
        "text": "Exit criteria of the last stage are met: propose discharge to a maintenance "
        "plan with periodic trigger-point checks and the home programme.",
        "trigger_point_checks": "periodic; the interval is the clinician's choice (no source "
        "fixes one)",
    }
