"""Progress of an episode (docs/clinical-rules.md, progress): its sessions and plan fed to the
engine's `progress_run`, the proposals still waiting for the clinician (advance, non-responder,
discharge), and the clinician's decisions with their reasons.

`episode_progress_build` is pure over already-loaded rows, so the dashboard can compute every
active episode's progress from a handful of queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.engine import progress_run
from myomap.clinical.explain import EngineInputError
from myomap.clinical.progress_stages import starting_stage_index
from myomap.errors import ValidationFailed
from myomap.inputs import REASON_MAX, text_problem
from myomap.records.episodes import episode_get_for_user
from myomap.records.locks import episode_lock
from myomap.records.models import (
    Episode,
    EpisodeStatus,
    Plan,
    ProgressDecision,
    ProposalDecision,
    ProposalKind,
    TreatmentSession,
)
from myomap.records.sessions.progress_cache import progress_evaluate_cached
from myomap.records.sessions.selectors import plan_in_force, session_list_for_episode
from myomap.records.sessions.validate import plan_vocabulary
from myomap.today import clinic_today


@dataclass
class EpisodeProgress:
    plan: Plan | None
    sessions: list[TreatmentSession]
    decisions: list[ProgressDecision]
    result: dict | None = None  # the engine's progress output, None before the first session
    problem: str = ""  # why there is no result although there are sessions
    open_proposals: list[dict] = field(default_factory=list)
    next_stage: str | None = None

    @property
    def latest(self) -> TreatmentSession | None:
        return self.sessions[-1] if self.sessions else None


def _session_input(session: TreatmentSession, known: set[str], accepted: set[int]) -> dict:
    tps = session.trigger_points
    return {
        "number": session.number,
        # Visit dates give the weeks of care the red-flag re-screen needs.
        "date": session.seen_on.isoformat(),
        "nprs_before": session.nprs_before,
        "nprs_after": session.nprs_after,
        "muscles_in_spasm": session.muscles_in_spasm,
        # A trigger point found on arrival still reproduces its referral, whatever happened to
        # it during the visit; only one gone at the start of a visit counts as treated.
        "confirmed_trigger_points": None
        if tps is None
        else [{"muscle": t["muscle"], "side": t["side"]} for t in tps],
        "muscles_shortened": session.muscles_shortened,
        "muscles_weak": session.muscles_weak,
        "pelvis_level": session.pelvis_level,
        # Criteria ticked against an older plan version count only if this plan has them too.
        "criteria_met": [c for c in session.criteria_met if c in known],
        # A stage starts only when the clinician accepts (docs/episode-state.md): every
        # session whose advance was not accepted — declined or still undecided — holds.
        "advance_accepted": session.number in accepted,
        "advance_declined": session.number not in accepted,
    }


LEAVING_KINDS = (ProposalKind.ADVANCE, ProposalKind.DISCHARGE)


def _accepted_sessions(decisions: list[ProgressDecision]) -> set[int]:
    return {
        d.at_session
        for d in decisions
        if d.kind in LEAVING_KINDS and d.decision == ProposalDecision.ACCEPTED
    }


def progress_engine_input(
    plan: Plan, sessions: list[TreatmentSession], decisions: list[ProgressDecision]
) -> dict:
    known = plan_vocabulary(plan.output)["criteria"]
    accepted = _accepted_sessions(decisions)
    return {
        "plan": plan.output,
        "sessions": [_session_input(s, known, accepted) for s in sessions],
    }


def _decided(decisions: list[ProgressDecision], kind: str, at: int) -> ProgressDecision | None:
    return next((d for d in decisions if d.kind == kind and d.at_session == at), None)


def _undecided_since(progress: EpisodeProgress, kind: str, raised_now: bool) -> int | None:
    """The first session of the current stage at which leaving it (advance, or discharge after
    the last stage) was possible and nobody has decided since; None when nothing is open.
    A proposal stays open across later notes until it is accepted or declined."""
    result, latest = progress.result, progress.latest
    assert result is not None and latest is not None
    last_decided = max((d.at_session for d in progress.decisions if d.kind == kind), default=0)
    wants_stage = kind == ProposalKind.ADVANCE
    points = [
        h["at_session"]
        for h in result.get("held", [])
        if h["stage"] == result["current_stage"]
        and (h["advance_to"] is not None) == wants_stage
        and h["at_session"] > last_decided
    ]
    if raised_now and latest.number > last_decided:
        points.append(latest.number)
    return min(points, default=None)


def _open_proposals(progress: EpisodeProgress, status: str) -> list[dict]:
    result, latest = progress.result, progress.latest
    if result is None or latest is None:
        return []
    at = latest.number
    proposals = []
    if (
        result["non_responder"]
        and _decided(progress.decisions, ProposalKind.NON_RESPONDER, at) is None
    ):
        proposals.append(
            {"kind": str(ProposalKind.NON_RESPONDER), "at_session": at, "since": at, "proposal": {}}
        )
    since = _undecided_since(progress, ProposalKind.ADVANCE, result["advance"])
    if since is not None:
        stages = [s["id"] for s in (progress.plan.output.get("stages") if progress.plan else [])]
        current = result["current_stage"]
        target = result["advance_to"] or (
            stages[stages.index(current) + 1] if current in stages[:-1] else None
        )
        if target:
            proposals.append(
                {
                    "kind": str(ProposalKind.ADVANCE),
                    "at_session": at,
                    "since": since,
                    "proposal": {"advance_to": target},
                }
            )
    if status == EpisodeStatus.ACTIVE:
        since = _undecided_since(progress, ProposalKind.DISCHARGE, result["discharge"]["proposed"])
        if since is not None:
            proposals.append(
                {
                    "kind": str(ProposalKind.DISCHARGE),
                    "at_session": at,
                    "since": since,
                    "proposal": {"to": "maintenance"},
                }
            )
    return proposals


def _first_stage(plan: Plan) -> str | None:
    stages = plan.output.get("stages") or []
    return stages[starting_stage_index(stages)]["id"] if stages else None


def _next_stage(progress: EpisodeProgress) -> str | None:
    """The stage the next note is prefilled with: the stage the clinician has accepted (the
    engine's current stage, walked with every unaccepted advance held); the last stage once
    it is left."""
    if progress.plan is None:
        return None
    result, latest = progress.result, progress.latest
    if result is None or latest is None:
        return _first_stage(progress.plan)
    stages = progress.plan.output.get("stages") or []
    return result["current_stage"] or (stages[-1]["id"] if stages else None)


def episode_progress_build(
    *,
    plan: Plan | None,
    sessions: list[TreatmentSession],
    decisions: list[ProgressDecision],
    status: str = EpisodeStatus.ACTIVE,
) -> EpisodeProgress:
    progress = EpisodeProgress(plan=plan, sessions=sessions, decisions=decisions)
    if plan is not None and sessions:
        if plan.status != "ok":
            progress.problem = "The plan in force is a referral: no progress is judged."
        else:
            try:
                document = progress_engine_input(plan, sessions, decisions)
                result = progress_evaluate_cached(progress_run, document, plan_key=str(plan.pk))
                # The engine lists the current stage as completed as soon as its exit criteria
                # are met; for the record it is completed only once the clinician accepts
                # leaving it (then it is no longer current).
                result["completed_stages"] = [
                    c for c in result["completed_stages"] if c["stage"] != result["current_stage"]
                ]
                progress.result = result
            except EngineInputError as exc:
                progress.problem = f"The engine could not judge progress: {exc.message}"
    progress.open_proposals = _open_proposals(progress, status)
    progress.next_stage = _next_stage(progress)
    return progress


def episode_progress_for_user(*, actor: Actor, episode: Episode) -> EpisodeProgress:
    """Progress of an episode the caller already fetched through the scoped selector."""
    sessions = session_list_for_episode(actor=actor, episode=episode)
    decisions = list(
        ProgressDecision.objects.filter(clinic=actor.clinic, episode=episode).select_related(
            "decided_by"
        )
    )
    return episode_progress_build(
        plan=plan_in_force(actor=actor, episode=episode),
        sessions=sessions,
        decisions=decisions,
        status=episode.status,
    )


def progress_decide(
    *,
    actor: Actor,
    episode_id: uuid.UUID | str,
    kind: str,
    at_session: int | str,
    decision: str,
    reason: str,
) -> ProgressDecision:
    """Accept or decline one open proposal, with a reason. Accepting discharge moves the
    episode to maintenance; accepting an advance moves the next note to the next stage."""
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    progress = episode_progress_for_user(actor=actor, episode=episode)
    errors: dict[str, list[str]] = {}
    if decision not in ProposalDecision.values:
        errors["decision"] = [f"Choose one of: {', '.join(ProposalDecision.values)}."]
    if len((reason or "").strip()) < 3:
        errors["reason"] = ["A reason is required for every decision."]
    elif problem := text_problem(reason.strip(), REASON_MAX):
        errors["reason"] = [f"reason {problem}."]
    proposal = next(
        (
            p
            for p in progress.open_proposals
            if p["kind"] == kind and str(p["at_session"]) == str(at_session)
        ),
        None,
    )
    if proposal is None:
        errors["kind"] = [
            f"No open {kind!r} proposal at session {at_session}; open: "
            + (", ".join(p["kind"] for p in progress.open_proposals) or "none")
            + "."
        ]
    if errors:
        raise ValidationFailed(errors)
    assert proposal is not None
    with transaction.atomic():
        episode_lock(episode.pk)  # a second decision at once waits, then finds this one
        if ProgressDecision.objects.filter(
            episode=episode, kind=kind, at_session=proposal["at_session"]
        ).exists():
            raise ValidationFailed(
                {"kind": [f"The {kind} proposal at session {at_session} is already decided."]}
            )
        made = ProgressDecision.objects.create(
            clinic=actor.clinic,
            episode=episode,
            kind=kind,
            at_session=proposal["at_session"],
            # Kept with the knowledge-base version whose rules made the proposal, so it can be
            # explained as it was.
            proposal={
                **proposal["proposal"],
                "kb_version": (progress.result or {}).get("kb_version"),
            },
            decision=decision,
            reason=reason.strip(),
            decided_by=actor.user,
        )
        if kind == ProposalKind.DISCHARGE and decision == ProposalDecision.ACCEPTED:
            today = clinic_today()
            episode.status = EpisodeStatus.MAINTENANCE
            episode.discharged_on = today
            episode.discharge_reason = reason.strip()
            episode.status_note = (
                f"Discharged to maintenance on {today:%-d %b %Y}: {reason.strip()}"
            )
            episode.save(
                update_fields=[
                    "status", "status_note", "discharged_on", "discharge_reason", "updated_at"
                ]
            )  # fmt: skip
        audit_object(
            actor,
            AuditAction.CREATE,
            "progress_decision",
            made,
            {"episode": str(episode.pk), "kind": kind, "decision": decision},
        )
        # Imported here: the episode state (which the summary is of) is built from this module.
        from myomap.records.episodes.summary import episode_summary_refresh

        episode_summary_refresh(actor=actor, episode_id=episode.pk)
    return made
