"""Progress (docs/clinical-rules.md, progress; `engine progress`): a plan and its sessions → the
current stage, whether to advance, the NPRS change, the non-responder alert and discharge.

Session input (one object per treatment session, any order, numbers unique):

    {"number": 4,                      # session number, 1 = first treatment
     "nprs_before": 5,                 # pain 0-10 on arrival (required)
     "nprs_after": 3,                  # pain 0-10 after treatment (optional, shown only)
     "muscles_in_spasm": [{"muscle": "quadratus_lumborum", "side": "right"}],
                                       # re-examined today; [] = none; omitted = not examined
     "confirmed_trigger_points": [{"muscle": "gluteus_medius", "side": "right"}],
                                       # still reproducing referral today; same convention
     "muscles_shortened": [],          # still shortened today; same convention
     "muscles_weak": [],               # still weak or inhibited today; same convention
     "pelvis_level": true,             # torsion retest (rule 5); omitted = not retested
     "criteria_met": ["range_restored"],  # criterion ids from the plan the clinician ticks
     "advance_declined": false,        # the clinician has not accepted leaving the stage here
     "advance_accepted": false,        # the clinician accepted leaving the stage after it
     "date": "2026-11-28",             # visit date (optional): weeks of care for the re-screen
     "new_findings": ["progressive_neuro_deficit"]}  # red-flag findings found at this visit

A session with neither flag leaves the stage as soon as its exit criteria are met (the engine
on its own). The records always pass one of them, so a stage starts only when the clinician
accepts (rule 4); `held` lists the sessions where the stage could have been left but was not.

Why `nprs_before`: pain on arrival reflects how the client has been since the last visit; the
figure straight after treatment overstates lasting change, so it is never used for the MCID.
The baseline is the plan's assessment NPRS, or session 1's `nprs_before` when that is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from myomap.clinical.assessment import Side, validation_error_to_engine
from myomap.clinical.explain import EngineInputError, Reason
from myomap.clinical.kb import get_kb
from myomap.clinical.measures import change_evaluate
from myomap.clinical.progress_screen import (
    NON_RESPONDER_SESSION,
    care_days,
    non_responder,
    rescreen,
    trend,
)
from myomap.clinical.progress_stages import StageWalk, derived_criteria, walk_stages

__all__ = ["NON_RESPONDER_SESSION", "progress_evaluate"]


class MuscleSide(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    muscle: str
    side: Side


class Session(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    number: Annotated[int, Field(ge=1, le=500)]
    nprs_before: Annotated[int, Field(ge=0, le=10)]
    nprs_after: Annotated[int, Field(ge=0, le=10)] | None = None
    muscles_in_spasm: list[MuscleSide] | None = None
    confirmed_trigger_points: list[MuscleSide] | None = None
    muscles_shortened: list[MuscleSide] | None = None
    muscles_weak: list[MuscleSide] | None = None
    pelvis_level: bool | None = None
    criteria_met: list[str] = Field(default_factory=list)
    advance_declined: bool = False
    advance_accepted: bool = False
    date: dt.date | None = None  # visit date: weeks of care for the re-screen
    new_findings: list[str] = Field(default_factory=list)  # red-flag findings found this visit

    @field_validator("new_findings")
    @classmethod
    def _known_findings(cls, values: list[str]) -> list[str]:
        known = get_kb().red_flags.findings
        for value in values:
            if value not in known:
                raise ValueError(
                    f"unknown red-flag finding {value!r}; allowed: {', '.join(sorted(known))}"
                )
        return values


class ProgressInput(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    plan: dict[str, Any]
    sessions: Annotated[list[Session], Field(min_length=1)]


def _parse(document: Any) -> ProgressInput:
    if not isinstance(document, dict):
        raise EngineInputError("progress input must be a JSON object", "")
    try:
        parsed = ProgressInput.model_validate(document)
    except ValidationError as exc:
        raise validation_error_to_engine(exc, ProgressInput) from None
    numbers = [s.number for s in parsed.sessions]
    if len(set(numbers)) != len(numbers):
        raise EngineInputError("session numbers must be unique", "sessions")
    return parsed


class _Criterion(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    text: str = ""
    already_met: Any = None  # read for its truth: the reason it holds for this client


class _Stage(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    entry_criteria: list[_Criterion] = Field(default_factory=list)
    exit_criteria: list[_Criterion] = Field(default_factory=list)
    started_early: Any = None  # read for its truth: the override that started it


class _Baseline(BaseModel):
    model_config = ConfigDict(extra="allow")
    nprs: Annotated[int, Field(ge=0, le=10)] | None = None


class _PlanShape(BaseModel):
    """The parts of an `engine plan` output that progress reads; the rest passes through."""

    model_config = ConfigDict(extra="allow")
    status: str
    stages: list[_Stage]
    baseline: _Baseline | None = None
    reassess_at_sessions: list[Annotated[int, Field(ge=1, le=500)]] = Field(default_factory=list)
    kb_version: str | None = None


def _check_plan(plan: dict) -> dict:
    """The plan with the fields progress reads checked and filled in (any bad shape named)."""
    stages = plan.get("stages")
    if plan.get("status") not in ("ok", "referral_required") or not isinstance(stages, list):
        raise EngineInputError("plan must be the output of `engine plan` (status, stages)", "plan")
    try:
        shape = _PlanShape.model_validate(plan)
    except ValidationError as exc:
        error = validation_error_to_engine(exc, _PlanShape)
        raise EngineInputError(f"plan.{error.message}", f"plan.{error.field}") from None
    return shape.model_dump(mode="python")


def _check_criteria(plan: dict, sessions: list[Session]) -> None:
    known = {
        c["id"]
        for stage in plan["stages"]
        for c in stage.get("entry_criteria", []) + stage.get("exit_criteria", [])
    }
    for index, session in enumerate(sessions):
        for j, criterion in enumerate(session.criteria_met):
            if criterion not in known:
                raise EngineInputError(
                    f"unknown criterion {criterion!r}; the plan's criteria are: "
                    f"{', '.join(sorted(known))}",
                    f"sessions.{index}.criteria_met.{j}",
                )


def _baseline(plan: dict, sessions: list[Session]) -> int:
    baseline = (plan.get("baseline") or {}).get("nprs")
    return sessions[0].nprs_before if baseline is None else baseline


def _important(change: dict) -> bool:
    return change["important_absolute"] or change["important_relative"]


def _improved_by_session(baseline: int, sessions: list[Session]) -> dict[int, bool]:
    # One judgement per distinct pain score (0-10), not per session: the engine stays cheap
    # at 60 sessions (docs/scale.md).
    scores = {s.nprs_before for s in sessions}
    important = {v: _important(change_evaluate("nrs", baseline, v)) for v in scores}
    return {s.number: important[s.nprs_before] for s in sessions}


def _nprs(plan: dict, sessions: list[Session]) -> tuple[dict, list[Reason]]:
    baseline = _baseline(plan, sessions)
    latest = sessions[-1]
    change = change_evaluate("nrs", baseline, latest.nprs_before)
    important = _important(change)
    result = {
        "baseline": baseline,
        "latest": latest.nprs_before,
        "session": latest.number,
        "improvement": change["improvement"],
        "improvement_percent": change["improvement_percent"],
        "important": important,
    }
    reasons = [Reason(r["rule"], r["text"], r["source"]) for r in change["reasons"]]
    return result, reasons


def progress_evaluate(document: Any) -> dict:
    """Judge progress: current stage, advancement, MCID, non-responder, discharge."""
    parsed = _parse(document)
    plan = _check_plan(parsed.plan)
    sessions = sorted(parsed.sessions, key=lambda s: s.number)
    if plan["status"] == "referral_required":
        raise EngineInputError(
            "this plan is a referral; record the referral outcome and "
            "build a new plan before tracking progress",
            "plan.status",
        )
    _check_criteria(plan, sessions)
    nprs, reasons = _nprs(plan, sessions)
    latest = sessions[-1]
    days = care_days(sessions)
    response = trend(nprs["baseline"], sessions)
    flagged, why = non_responder(latest, response)
    screen = rescreen(plan, sessions, response, days)
    improved = _improved_by_session(nprs["baseline"], sessions)
    walk: StageWalk = walk_stages(plan, sessions, improved)
    reasons += [why, *walk.reasons]
    if screen.get("urgency") not in (None, "none"):
        reasons.append(
            Reason(
                "progress.r10.rescreen",
                f"Red-flag re-screen with the care elapsed: {screen['urgency']}; "
                + "; ".join(c["action"] for c in screen["concerns"]),
                "IFOMPT-2020",
            )
        )
    reassess = latest.number in plan.get("reassess_at_sessions", [])
    if reassess:
        reasons.append(
            Reason(
                "progress.r10.reassess",
                f"Session {latest.number} is a planned reassessment.",
                "OSTELO-2008",
            )
        )
    return {
        "current_stage": walk.current,
        "advance": walk.advance,
        "advance_to": walk.advance_to,
        "advance_reasons": walk.advance_reasons,
        "completed_stages": walk.completed,
        "held": walk.held,
        "criteria_met_now": sorted(
            derived_criteria(latest, nprs["important"]) | set(latest.criteria_met)
        ),
        "non_responder": flagged,
        "response": response,
        "triage": screen,
        "mcid_reached": nprs["important"],
        "nprs": nprs,
        "reassess_due": reassess,
        "discharge": walk.discharge,
        "sessions_recorded": len(sessions),
        "reasons": [r.as_dict() for r in reasons],
        "kb_version": plan.get("kb_version"),
    }
