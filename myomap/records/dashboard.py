"""The clinic dashboard: every active episode of the clinic with its stage and the flags a
clinician acts on — red flag pending, reassessment due (SPEC §5.7 rule 10: sessions 3 and 5),
non-responder, advance or discharge proposed, unsigned notes, no plan yet — and the clinic's
unsigned notes.

Loaded in a fixed number of queries whatever the number of episodes: one query per table,
grouped in Python, then the pure `episode_progress_build` per episode (the same judgement the
progress page shows). One LIST audit event records the read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction
from myomap.clinical.kb import get_kb
from myomap.records.assessments.document import assessment_plan_blocker
from myomap.records.models import (
    Assessment,
    Client,
    Episode,
    EpisodeStatus,
    Plan,
    ProgressDecision,
    ProposalKind,
    RedFlagRescreen,
    TreatmentSession,
)
from myomap.records.sessions.progress import EpisodeProgress, episode_progress_build

RED_FLAG = "red_flag"
REASSESSMENT_DUE = "reassessment_due"
NON_RESPONDER = "non_responder"
ADVANCE_PROPOSED = "advance_proposed"
DISCHARGE_PROPOSED = "discharge_proposed"
UNSIGNED = "unsigned"
NO_PLAN = "no_plan"


@dataclass(frozen=True)
class Flag:
    kind: str  # one of the constants above
    text: str  # short plain words for the badge
    detail: str = ""  # a longer explanation (e.g. the referral action), may be empty


@dataclass
class DashboardRow:
    episode: Episode
    progress: EpisodeProgress
    latest_assessment: Assessment | None
    stage_label: str
    stage_number: int | None = None  # 1-5 while a treatment plan is in force
    flags: list[Flag] = field(default_factory=list)

    @property
    def client(self) -> Client:
        return self.episode.client

    @property
    def sessions_recorded(self) -> int:
        return len(self.progress.sessions)

    @property
    def last_seen(self) -> date | None:
        return max((s.seen_on for s in self.progress.sessions), default=None)

    @property
    def next_session(self) -> int:
        return max((s.number for s in self.progress.sessions), default=0) + 1

    @property
    def draft(self) -> TreatmentSession | None:
        """The episode's first unsigned note, if any."""
        return next((s for s in self.progress.sessions if not s.is_signed), None)

    @property
    def referral_pending(self) -> bool:
        """The latest assessment's red flag has no recorded referral yet."""
        assessment = self.latest_assessment
        return assessment is not None and bool(assessment_plan_blocker(assessment))

    @property
    def has_red_flag(self) -> bool:
        return any(f.kind == RED_FLAG for f in self.flags)

    @property
    def can_record(self) -> bool:
        """A session note can be written: a treatment plan is in force and no red flag waits."""
        plan = self.progress.plan
        return plan is not None and plan.status == "ok" and not self.has_red_flag

    @property
    def flag_kinds(self) -> set[str]:
        return {f.kind for f in self.flags}


@dataclass
class Dashboard:
    rows: list[DashboardRow]
    unsigned: list[TreatmentSession]  # the clinic's draft notes, oldest first

    @property
    def flagged_count(self) -> int:
        return sum(1 for row in self.rows if row.flags)

    @property
    def red_flag_count(self) -> int:
        return sum(1 for row in self.rows if row.has_red_flag)

    def row_for(self, episode: Episode) -> DashboardRow | None:
        return next((row for row in self.rows if row.episode.pk == episode.pk), None)


def stage_name(stage_id: str | None) -> str:
    """The knowledge base's name of a stage ("Restore flexibility")."""
    return get_kb().stage_names.get(stage_id or "", stage_id or "")


def _stage_number(stage_id: str | None) -> int | None:
    return next((s.number for s in get_kb().stages if s.id == stage_id), None)


# --- Loading: one query per table, whatever the number of episodes ---


def _of_active_episodes(actor: Actor, rows: QuerySet) -> QuerySet:
    return rows.filter(clinic=actor.clinic, episode__status=EpisodeStatus.ACTIVE)


def _grouped(rows) -> dict:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[row.episode_id].append(row)
    return groups


def _plans_in_force(actor: Actor) -> dict:
    """Per episode, the plan the next note follows (as `plan_in_force`): the newest version
    from the latest assessment that has a plan."""
    newest = Plan.objects.filter(episode=OuterRef("episode")).order_by(
        "-assessment__number", "-version"
    )
    plans = _of_active_episodes(actor, Plan.objects.all()).filter(
        pk=Subquery(newest.values("pk")[:1])
    )
    return {plan.episode_id: plan for plan in plans}


def _latest_assessments(actor: Actor) -> dict:
    newest = Assessment.objects.filter(episode=OuterRef("episode")).order_by("-number")
    assessments = (
        _of_active_episodes(actor, Assessment.objects.all())
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .prefetch_related("red_flag_actions")
    )
    return {assessment.episode_id: assessment for assessment in assessments}


def _drafts(actor: Actor) -> list[TreatmentSession]:
    """The clinic's unsigned notes, oldest first (the outstanding list's rows, audited here as
    part of the dashboard read)."""
    return list(
        TreatmentSession.objects.filter(clinic=actor.clinic, signed_at__isnull=True)
        .select_related("episode__client", "created_by")
        .order_by("seen_on", "number")
    )


# --- Flags: plain words for what needs the clinician ---


def _red_flag(progress: EpisodeProgress, assessment: Assessment | None) -> Flag | None:
    blocker = assessment_plan_blocker(assessment) if assessment is not None else None
    if blocker:
        return Flag(RED_FLAG, "Red flag: refer before treating", blocker)
    latest = progress.latest
    if latest is not None and latest.red_flag_rescreen == RedFlagRescreen.NEW_FLAG:
        return Flag(
            RED_FLAG,
            f"Red flag at session {latest.number}: treatment stopped",
            latest.red_flag_note,
        )
    # The progress engine's re-screen with the care elapsed (e.g. over 50, no improvement
    # after about 4 weeks of care → the malignancy rule, docs/precautions.md).
    screen = (progress.result or {}).get("triage") or {}
    if screen.get("urgency") in ("urgent", "emergency_same_day"):
        actions = " ".join(c["action"] for c in screen.get("concerns", []))
        return Flag(RED_FLAG, f"Red-flag re-screen: {screen['urgency']}", actions)
    return None


def _reassessment(progress: EpisodeProgress, next_session: int) -> Flag | None:
    plan, result = progress.plan, progress.result
    if plan is None or plan.status != "ok":
        return None
    if next_session in plan.output.get("reassess_at_sessions", []):
        return Flag(REASSESSMENT_DUE, f"Reassess at session {next_session}")
    if result is not None and result["reassess_due"]:
        return Flag(REASSESSMENT_DUE, f"Reassessment due (session {next_session - 1})")
    return None


def _non_responder(progress: EpisodeProgress) -> Flag | None:
    result = progress.result
    if result is None or not result["non_responder"]:
        return None
    nprs = result["nprs"]
    return Flag(
        NON_RESPONDER,
        "Not responding: reassess, consider referral",
        f"Pain {nprs['baseline']}/10 at baseline, {nprs['latest']}/10 at session "
        f"{nprs['session']}: no clinically important change.",
    )


def _proposals(progress: EpisodeProgress) -> list[Flag]:
    flags = []
    for proposal in progress.open_proposals:
        if proposal["kind"] == ProposalKind.ADVANCE:
            to = stage_name(proposal["proposal"].get("advance_to"))
            flags.append(Flag(ADVANCE_PROPOSED, f"Ready to advance to {to}"))
        elif proposal["kind"] == ProposalKind.DISCHARGE:
            flags.append(Flag(DISCHARGE_PROPOSED, "Discharge to maintenance proposed"))
    return flags


def _no_plan(progress: EpisodeProgress, assessment: Assessment | None) -> Flag | None:
    if progress.plan is not None:
        return None
    return Flag(NO_PLAN, "Plan not generated yet" if assessment else "Not assessed yet")


def _unsigned(progress: EpisodeProgress) -> Flag | None:
    count = sum(1 for s in progress.sessions if not s.is_signed)
    if not count:
        return None
    return Flag(UNSIGNED, f"{count} unsigned note{'s' if count > 1 else ''}")


def _flags(row: DashboardRow) -> list[Flag]:
    progress = row.progress
    red_flag = _red_flag(progress, row.latest_assessment)
    found = [
        red_flag,
        # A pending red flag is why there is no plan yet: one badge says it.
        None if red_flag else _no_plan(progress, row.latest_assessment),
        _non_responder(progress),
        _reassessment(progress, row.next_session),
        *_proposals(progress),
        _unsigned(progress),
    ]
    return [flag for flag in found if flag is not None]


def _stage(progress: EpisodeProgress) -> tuple[str, int | None]:
    """The stage the next note is in, as a label and its number ("No plan yet", "Referral")."""
    if progress.plan is None:
        return "No plan yet", None
    if progress.plan.status != "ok":
        return "Referral", None
    return stage_name(progress.next_stage), _stage_number(progress.next_stage)


def _row(
    episode: Episode, progress: EpisodeProgress, assessment: Assessment | None
) -> DashboardRow:
    label, number = _stage(progress)
    row = DashboardRow(
        episode=episode,
        progress=progress,
        latest_assessment=assessment,
        stage_label=label,
        stage_number=number,
    )
    row.flags = _flags(row)
    return row


def _sort_key(row: DashboardRow) -> tuple:
    """Red flags first, then any flag, then the longest since last seen (never seen first)."""
    return (
        not row.has_red_flag,
        not row.flags,
        row.last_seen or date.min,
        row.client.family_name,
        row.client.given_name,
    )


def dashboard_for_user(*, actor: Actor) -> Dashboard:
    """The clinician's dashboard; the front desk is refused (Forbidden)."""
    actor.require_clinical()
    episodes = list(
        Episode.objects.filter(clinic=actor.clinic, status=EpisodeStatus.ACTIVE).select_related(
            "client"
        )
    )
    plans, assessments = _plans_in_force(actor), _latest_assessments(actor)
    sessions = _grouped(
        _of_active_episodes(actor, TreatmentSession.objects.all()).order_by("number")
    )
    decisions = _grouped(_of_active_episodes(actor, ProgressDecision.objects.all()))
    rows = [
        _row(
            episode,
            episode_progress_build(
                plan=plans.get(episode.pk),
                sessions=sessions.get(episode.pk, []),
                decisions=decisions.get(episode.pk, []),
                status=episode.status,
            ),
            assessments.get(episode.pk),
        )
        for episode in episodes
    ]
    dashboard = Dashboard(rows=sorted(rows, key=_sort_key), unsigned=_drafts(actor))
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="dashboard",
        detail={"episodes": len(rows), "unsigned": len(dashboard.unsigned)},
    )
    return dashboard
