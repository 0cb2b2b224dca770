"""Progress page (docs/clinical-rules.md, progress): the engine's open proposals first — each
accepted or declined with a reason — then the summary (stage, NPRS change against the MCID,
reassessment), the charts (server-side SVG from `myomap.charts`) and the sessions. Reads go through
the scoped, audited selectors; a decision goes through `progress_decide`. Everything here is
presentation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from myomap.accounts.actor import Actor
from myomap.charts.numbers import fmt
from myomap.clinical.kb import get_kb
from myomap.clinical.numbers import number_text
from myomap.errors import ValidationFailed
from myomap.records.assessments.selectors import assessment_list_for_episode
from myomap.records.diary.selectors import diary_for_episode
from myomap.records.episodes import episode_get_for_user
from myomap.records.episodes.state import EpisodeState, episode_state_get
from myomap.records.models import (
    Assessment,
    Episode,
    ProgressDecision,
    ProposalDecision,
    ProposalKind,
    TreatmentSession,
)
from myomap.records.provenance import imported_decision_originals, imported_maker_words
from myomap.records.sessions.progress import EpisodeProgress, progress_decide
from myomap.web.http.access import clinical_form_post, clinical_view
from myomap.web.presenters.diary_panel import diary_panel
from myomap.web.presenters.progress_charts import progress_charts

DECISION_FIELDS = ("kind", "at_session", "decision", "reason")
# The engine reasons shown under each proposal: rule ids, or prefixes ending in ".".
PROPOSAL_RULES: dict[str, tuple[str, ...]] = {
    ProposalKind.ADVANCE: ("progress.r4.advance",),
    ProposalKind.NON_RESPONDER: ("progress.r10.non_responder", "change.nrs."),
    ProposalKind.DISCHARGE: ("progress.r10.discharge",),
}
# What the page says after a decision, by (kind, decision).
DECIDED = {
    ("advance", "accepted"): "Accepted: the next session note starts in {target}.",
    ("advance", "declined"): "Declined: the client stays in the current stage. Your reason is "
    "kept.",
    ("non_responder", "accepted"): "Non-responder alert accepted. Next: start a re-assessment — "
    "re-screen red and yellow flags, repeat the outcome measures — and consider referral.",
    ("non_responder", "declined"): "Non-responder alert declined; the plan continues and your "
    "reason is kept.",
    ("discharge", "accepted"): "Discharged to maintenance. The discharge summary for the GP is "
    "ready to review.",
    ("discharge", "declined"): "Discharge declined; the episode stays active and your reason "
    "is kept.",
}


@clinical_view
def progress_page(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    return _render(request, actor, episode)


@clinical_form_post("episode_progress", "episode_id")
def progress_decide_view(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    posted = {name: request.POST.get(name, "") for name in DECISION_FIELDS}
    try:
        made = progress_decide(actor=actor, episode_id=episode_id, **posted)
    except ValidationFailed as exc:
        episode = episode_get_for_user(actor=actor, episode_id=episode_id)
        return _render(request, actor, episode, errors=exc.errors, posted=posted, status=400)
    messages.success(request, _decided_message(made))
    anchor = "#next-steps" if _is_non_responder_review(made) else ""
    return redirect(reverse("episode_progress", args=[episode_id]) + anchor)


def _render(
    request: HttpRequest,
    actor: Actor,
    episode: Episode,
    *,
    errors: dict[str, list[str]] | None = None,
    posted: dict[str, str] | None = None,
    status: int = 200,
    diary_errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    state = episode_state_get(actor=actor, episode=episode)
    assessments = assessment_list_for_episode(actor=actor, episode=episode)
    context = _context(state, assessments, errors or {}, posted)
    # Between visits: the client's diary beside the session NPRS, and its alert and reminders.
    overview = diary_for_episode(actor=actor, episode=episode)
    context["diary"] = diary_panel(overview, state.progress.sessions)
    context["diary_errors"] = diary_errors or {}
    return render(request, "progress/page.html", context, status=status)


render_progress = _render  # the diary's forms re-display this page when refused


def _context(
    state: EpisodeState,
    assessments: list[Assessment],
    errors: dict[str, list[str]],
    posted: dict[str, str] | None,
) -> dict[str, Any]:
    labels = get_kb().stage_names
    episode, progress = state.episode, state.progress
    sessions = progress.sessions
    proposals = _proposals(progress, labels, errors, posted)
    return {
        "episode": episode,
        "client": episode.client,
        "state": state,
        "progress": progress,
        "result": progress.result,
        "next_number": state.next_number,
        "errors": errors,
        "proposals": proposals,
        "refused_form": next((p["form_id"] for p in proposals if p["errors"]), None),
        "decisions": _decisions(episode, progress.decisions, labels),
        "next_steps": _non_responder_next_steps(progress, assessments),
        "summary": _summary(state, labels) if progress.result else None,
        "charts": progress_charts(progress, assessments, labels) if sessions else [],
        "tp_examined": any(s.trigger_points is not None for s in sessions),
        "rows": _session_rows(sessions, labels),
    }


def _session_rows(sessions: list[TreatmentSession], labels: dict[str, str]) -> list[dict]:
    """The sessions table, formatted here rather than by a template tag or filter per cell,
    which cost about 0.2 ms a row (10 ms of the page at 50 sessions)."""
    return [
        {
            "url": reverse("session_detail", args=[s.pk]),
            "number": str(s.number),
            "date": f"{s.seen_on.day} {s.seen_on:%b %Y}",
            "stage": labels.get(s.stage, s.stage),
            "pain": str(s.nprs_before) + ("" if s.nprs_after is None else f" → {s.nprs_after}"),
            "signed": s.is_signed,
            "new_flag": s.red_flag_rescreen == "new_flag",
        }
        for s in sessions
    ]


# -- proposals and decisions ------------------------------------------------------------------


def plain(text: str, labels: dict[str, str]) -> str:
    """Engine text with stage ids replaced by the knowledge base's stage names."""
    for stage_id, name in labels.items():
        text = text.replace(stage_id, name)
    return text


def _headline(proposal: dict, labels: dict[str, str]) -> str:
    kind, at = proposal["kind"], proposal["at_session"]
    if kind == ProposalKind.ADVANCE:
        target = proposal["proposal"].get("advance_to") or ""
        return f"Advance to the next stage: {labels.get(target, target)}"
    if kind == ProposalKind.NON_RESPONDER:
        return (
            f"No clinically important improvement in pain by session {at}: reassess, "
            "re-screen red and yellow flags, consider referral"
        )
    return "Discharge to a maintenance plan with periodic trigger-point checks"


def _reasons_for(kind: str, result: dict, labels: dict[str, str]) -> list[dict]:
    wanted = PROPOSAL_RULES.get(kind, ())

    def matches(rule: str) -> bool:
        return any(rule == w or (w.endswith(".") and rule.startswith(w)) for w in wanted)

    chosen = [r for r in result["reasons"] if matches(r["rule"])]
    return [{**r, "text": plain(r["text"], labels)} for r in chosen]


def _proposals(
    progress: EpisodeProgress,
    labels: dict[str, str],
    errors: dict[str, list[str]],
    posted: dict[str, str] | None,
) -> list[dict]:
    items = []
    for proposal in progress.open_proposals:
        key = (proposal["kind"], str(proposal["at_session"]))
        mine = posted is not None and (posted["kind"], posted["at_session"]) == key
        items.append(
            {
                **proposal,
                "form_id": f"{proposal['kind']}-{proposal['at_session']}",
                "headline": _headline(proposal, labels),
                "reasons": _reasons_for(proposal["kind"], progress.result or {}, labels),
                "errors": errors if mine else {},
                "reason": posted["reason"] if posted and mine else "",
            }
        )
    return items


def _decisions(episode, decisions: list[ProgressDecision], labels: dict[str, str]) -> list[dict]:
    # An imported decision was made at the clinic it came from: name that person, not the
    # importer whose account the row holds.
    imported = imported_decision_originals(clinic=episode.clinic_id, episode_id=episode.pk)
    rows = []
    for decision in reversed(decisions):
        target = (decision.proposal or {}).get("advance_to")
        what = decision.get_kind_display()
        kept = imported.get(str(decision.pk))
        by = decision.decided_by.get_full_name() or decision.decided_by.get_username()
        if kept is not None:
            by = imported_maker_words(kept, "decided_by")
        rows.append(
            {
                "decision": decision,
                "what": f"Advance to {labels.get(target, target)}" if target else what,
                "by": by,
            }
        )
    return rows


def _is_non_responder_review(decision: ProgressDecision) -> bool:
    return (
        decision.kind == ProposalKind.NON_RESPONDER
        and decision.decision == ProposalDecision.ACCEPTED
    )


def _non_responder_next_steps(
    progress: EpisodeProgress, assessments: list[Assessment]
) -> ProgressDecision | None:
    """The accepted non-responder review still waiting for its re-assessment, if any."""
    accepted = [d for d in progress.decisions if _is_non_responder_review(d)]
    if not accepted:
        return None
    latest = accepted[-1]
    started = any(a.created_at > latest.decided_at for a in assessments)
    return None if started else latest


def _decided_message(made: ProgressDecision) -> str:
    target = get_kb().stage_names.get((made.proposal or {}).get("advance_to", ""), "the next stage")
    return DECIDED[(made.kind, made.decision)].format(target=target)


# -- summary ----------------------------------------------------------------------------------


def _summary(state: EpisodeState, labels: dict[str, str]) -> dict[str, Any]:
    """Where the client is, from the episode state: the stage the clinician has accepted (the
    next note's), the stages completed by an accepted advance, and what is still open."""
    progress = state.progress
    result = progress.result or {}
    plan_output = progress.plan.output if progress.plan else {}
    ready = next((p for p in state.open_proposals if p["kind"] == ProposalKind.ADVANCE), None)
    leaving = next((p for p in state.open_proposals if p["kind"] == ProposalKind.DISCHARGE), None)
    return {
        "current": labels.get(state.stage or "", state.stage) if state.stage else None,
        "ready_since": (ready or leaving or {}).get("since"),
        "ready_to": labels.get((ready or {}).get("proposal", {}).get("advance_to") or "", ""),
        "all_done": result.get("current_stage") is None,
        "completed": [
            {"name": labels.get(c["stage"], c["stage"]), "at_session": c["at_session"]}
            for c in result["completed_stages"]
            if c["stage"] != result.get("current_stage")
        ],
        "signed": sum(1 for s in progress.sessions if s.is_signed),
        "mcid_reasons": [r for r in result["reasons"] if r["rule"].startswith("change.nrs.")],
        "reassess_at": plan_output.get("reassess_at_sessions", []),
        "reassessment_due": state.reassessment_due,
        "change": change_words(result["nprs"]),
    }


def change_words(nprs: dict) -> str:
    """ "Improved by 3 points (50 % of baseline)." from the engine's NPRS change."""
    improvement, percent = nprs["improvement"], nprs["improvement_percent"]
    size = abs(improvement)
    points = f"{fmt(size)} point{'' if size == 1 else 's'}"
    if improvement == 0:
        return "No change from baseline."
    words = f"Improved by {points}" if improvement > 0 else f"Worse by {points}"
    if percent is not None:
        words += f" ({number_text(abs(percent))} % of baseline)"
    return words + "."
