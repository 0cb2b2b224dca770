"""Where the client is: one read model of an episode's state, computed once and used by the
session service, the note form, the progress page, Today, the episode page and both letters
(docs/episode-state.md). Pages only display it.

It answers: the stage the clinician has accepted (an undecided proposal is never applied), the
proposals still open, whether a session note may be written and why not, the next note number,
whether a re-assessment is due, the referral state, whether a maintenance check is due, and the
home programme (exercises given and not stopped, with the last dose written).

`episode_state_build` is pure over loaded rows; `episode_state_get` loads one episode's rows
through the scoped selectors, `episode_states_for` a page of episodes in a fixed number of
queries."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from django.db.models import OuterRef, Prefetch, Subquery

from myomap.accounts.actor import Actor
from myomap.clinical.kb import BLOCKING_URGENCIES, get_kb, urgency_words
from myomap.records.assessments.document import assessment_plan_blocker
from myomap.records.episodes import episode_get_for_user
from myomap.records.models import (
    Assessment,
    Episode,
    EpisodeStatus,
    ExerciseStop,
    Plan,
    ProgressDecision,
    RedFlagAction,
    RedFlagRescreen,
    SessionSafetyCheck,
    TechniqueApplied,
    TreatmentSession,
)
from myomap.records.sessions.progress import EpisodeProgress, episode_progress_build
from myomap.records.sessions.selectors import plan_in_force, session_list_for_episode
from myomap.today import clinic_today

# Episode statuses under which a session note may be written: treatment, and maintenance
# checks after discharge to maintenance.
RECORDING_STATUSES = (EpisodeStatus.ACTIVE, EpisodeStatus.MAINTENANCE)

# Why a note may not be written (`EpisodeState.blocked_by`), most serious first.
BLOCKED_STATUS = "status"
BLOCKED_RED_FLAG = "red_flag"
BLOCKED_NEW_FLAG = "new_flag"
BLOCKED_NEURO = "neuro"  # a worse neurological re-check at a visit (docs/precautions.md)
BLOCKED_NO_ASSESSMENT = "no_assessment"
BLOCKED_NO_PLAN = "no_plan"
BLOCKED_REFERRAL_PLAN = "referral_plan"

REFERRAL_NONE = "none"
REFERRAL_PENDING = "pending"  # a red flag with no referral recorded: refer before treating
REFERRAL_AWAITING = "awaiting_outcome"  # referred; waiting for the medical outcome


@dataclass(frozen=True)
class Referral:
    state: str  # one of the REFERRAL_ constants
    text: str = ""  # plain words for a badge or banner
    assessment: Assessment | None = None
    action: RedFlagAction | None = None  # the recorded referral, when awaiting the outcome


@dataclass(frozen=True)
class ProgrammeItem:
    exercise: str  # KB exercise id
    name: str
    dose: str  # the last dose written for the client ("" when none was written)
    first_session: int
    last_session: int


@dataclass
class EpisodeState:
    episode: Episode
    progress: EpisodeProgress
    latest_assessment: Assessment | None
    today: date
    stops: list[ExerciseStop] = field(default_factory=list)
    neuro_check: SessionSafetyCheck | None = None  # the latest escalated re-check, if any
    stage: str | None = None  # the stage the next note is in, as accepted by the clinician
    may_record: bool = False
    blocked_by: str = ""  # one of the BLOCKED_ constants when a note may not be written
    why_not: str = ""  # the sentence shown wherever a note cannot be written
    reassessment_due: str = ""  # plain words when a re-assessment is due, else ""
    referral: Referral = field(default_factory=lambda: Referral(REFERRAL_NONE))
    maintenance_check_due: bool = False
    programme: list[ProgrammeItem] = field(default_factory=list)

    # -- shortcuts the pages use ----------------------------------------------------------

    @property
    def plan(self) -> Plan | None:
        return self.progress.plan

    @property
    def sessions(self) -> list[TreatmentSession]:
        return self.progress.sessions

    @property
    def latest(self) -> TreatmentSession | None:
        return self.progress.latest

    @property
    def result(self) -> dict | None:
        return self.progress.result

    @property
    def open_proposals(self) -> list[dict]:
        return self.progress.open_proposals

    @property
    def next_number(self) -> int:
        """The number the next note gets: one after the highest, the only way it is counted."""
        return max((s.number for s in self.sessions), default=0) + 1

    @property
    def draft(self) -> TreatmentSession | None:
        return next((s for s in self.sessions if not s.is_signed), None)

    @property
    def unsigned_count(self) -> int:
        return sum(1 for s in self.sessions if not s.is_signed)

    @property
    def last_seen(self) -> date | None:
        return max((s.seen_on for s in self.sessions), default=None)

    @property
    def stage_label(self) -> str:
        return stage_label(self.plan.status if self.plan else None, self.stage)

    @property
    def stage_number(self) -> int | None:
        return stage_number(self.plan.status if self.plan else None, self.stage)

    @property
    def has_red_flag(self) -> bool:
        return self.blocked_by in (BLOCKED_RED_FLAG, BLOCKED_NEW_FLAG, BLOCKED_NEURO)

    @property
    def is_finished(self) -> bool:
        return self.episode.status in (EpisodeStatus.DISCHARGED, EpisodeStatus.MAINTENANCE)


@dataclass(frozen=True)
class EpisodeOverview:
    """What a list of episodes (Today) shows of one episode's state: the read model's answers
    without the rows they come from, small and plain enough to be stored per episode
    (`records.episodes.summary`) and to compare with a state computed afresh. Nothing in it
    depends on the day (the maintenance check and "seen 3 days ago" are asked at read time)."""

    sessions: int  # notes recorded, drafts included
    unsigned: int
    last_seen: date | None
    latest_number: int | None  # the latest note's number
    next_number: int
    draft_id: str | None  # the first unsigned note
    draft_number: int | None
    plan_status: str | None  # the plan in force's status ("ok" or a referral); None: no plan
    stage: str | None
    latest_assessment_id: str | None
    may_record: bool
    blocked_by: str
    why_not: str
    reassessment_due: str
    referral_state: str
    referral_text: str
    # The referral awaiting its outcome: {"referred_to", "referred_on" (ISO date), "note"}.
    referral_action: dict | None
    # The engine's red-flag re-screen with the care elapsed, when it has a concern:
    # {"urgency", "actions"}.
    rescreen: dict | None
    # The engine's non-responder alert: {"baseline", "latest", "session"} (NPRS).
    non_responder: dict | None
    proposals: list[dict]  # open proposals: {"kind", "advance_to"}

    @property
    def stage_label(self) -> str:
        return stage_label(self.plan_status, self.stage)

    @property
    def stage_number(self) -> int | None:
        return stage_number(self.plan_status, self.stage)

    @property
    def has_red_flag(self) -> bool:
        return self.blocked_by in (BLOCKED_RED_FLAG, BLOCKED_NEW_FLAG, BLOCKED_NEURO)

    @property
    def rescreen_refers(self) -> bool:
        """The progress engine's re-screen with the care elapsed calls for a referral."""
        return (self.rescreen or {}).get("urgency") in BLOCKING_URGENCIES

    @property
    def raises_red_flag(self) -> bool:
        """A red flag stops treatment, or the re-screen calls for a referral: what Today puts
        before everything else (`EpisodeSummary`)."""
        return self.has_red_flag or self.rescreen_refers

    @property
    def referred_on(self) -> date | None:
        action = self.referral_action
        return date.fromisoformat(action["referred_on"]) if action else None

    def to_json(self) -> dict:
        data = asdict(self)
        data["last_seen"] = self.last_seen.isoformat() if self.last_seen else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> EpisodeOverview:
        """The overview stored by `to_json`; KeyError or TypeError if it is not one."""
        values = {f.name: data[f.name] for f in fields(cls)}
        if values["last_seen"] is not None:
            values["last_seen"] = date.fromisoformat(values["last_seen"])
        return cls(**values)


def episode_overview(state: EpisodeState) -> EpisodeOverview:
    """The overview of a state: the same answers, as plain values."""
    sessions, draft, latest = state.sessions, state.draft, state.latest
    action = state.referral.action
    result = state.result or {}
    screen = result.get("triage") or {}
    nprs = result.get("nprs") or {}
    return EpisodeOverview(
        sessions=len(sessions),
        unsigned=state.unsigned_count,
        last_seen=state.last_seen,
        latest_number=latest.number if latest else None,
        next_number=state.next_number,
        draft_id=str(draft.pk) if draft else None,
        draft_number=draft.number if draft else None,
        plan_status=state.plan.status if state.plan else None,
        stage=state.stage,
        latest_assessment_id=str(state.latest_assessment.pk) if state.latest_assessment else None,
        may_record=state.may_record,
        blocked_by=state.blocked_by,
        why_not=state.why_not,
        reassessment_due=state.reassessment_due,
        referral_state=state.referral.state,
        referral_text=state.referral.text,
        referral_action=None
        if state.referral.state != REFERRAL_AWAITING or action is None
        else {
            "referred_to": action.referred_to,
            "referred_on": action.referred_on.isoformat(),
            "note": action.note,
        },
        rescreen={
            "urgency": screen["urgency"],
            "actions": " ".join(c["action"] for c in screen.get("concerns", [])),
        }
        if screen.get("urgency") not in (None, "none")
        else None,
        non_responder={k: nprs.get(k) for k in ("baseline", "latest", "session")}
        if result.get("non_responder")
        else None,
        proposals=[
            {"kind": p["kind"], "advance_to": p["proposal"].get("advance_to")}
            for p in state.open_proposals
        ],
    )


def stage_label(plan_status: str | None, stage: str | None) -> str:
    """The words for where the episode is: its stage's name, or why there is none."""
    if plan_status is None:
        return "No plan yet"
    if plan_status != "ok":
        return "Referral"
    return get_kb().stage_names.get(stage or "", stage or "")


def stage_number(plan_status: str | None, stage: str | None) -> int | None:
    if plan_status != "ok":
        return None
    return next((s.number for s in get_kb().stages if s.id == stage), None)


def maintenance_check_due(episode: Episode, today: date) -> bool:
    """A maintenance episode whose check date (set at discharge) has come. Depends on the day,
    so it is never part of a stored overview: readers ask it of the episode."""
    check_on = episode.maintenance_check_on
    return (
        episode.status == EpisodeStatus.MAINTENANCE and check_on is not None and check_on <= today
    )


# -- the pure judgement -------------------------------------------------------------------


def _referral(episode: Episode, plan: Plan | None, assessment: Assessment | None) -> Referral:
    if assessment is None or assessment.urgency not in BLOCKING_URGENCIES:
        return Referral(REFERRAL_NONE)
    blocker = assessment_plan_blocker(assessment)
    if blocker:
        return Referral(REFERRAL_PENDING, f"Red flag: refer before treating. {blocker}", assessment)
    # Referred: awaiting the outcome while the episode is marked referred or the plan in force
    # is the referral; reopened on a treatment plan, the outcome came back.
    if episode.status != EpisodeStatus.REFERRED and plan is not None and plan.status == "ok":
        return Referral(REFERRAL_NONE)
    action = list(assessment.red_flag_actions.all())[-1]
    return Referral(
        REFERRAL_AWAITING,
        f"Referred — awaiting outcome: {action.referred_to}, {action.referred_on:%-d %b %Y}",
        assessment,
        action,
    )


def _new_flag_session(
    progress: EpisodeProgress, assessment: Assessment | None
) -> TreatmentSession | None:
    """The latest note's re-screen found a new red flag and no assessment was started since."""
    latest = progress.latest
    if latest is None or latest.red_flag_rescreen != RedFlagRescreen.NEW_FLAG:
        return None
    if assessment is not None and assessment.created_at > latest.created_at:
        return None
    return latest


def _neuro_stop(check: SessionSafetyCheck | None, assessment: Assessment | None) -> str:
    """A worse neurological re-check stops treatment until a later assessment records it (the
    same rule as `records.sessions.safety.safety_stop`, over rows already loaded)."""
    if check is None:
        return ""
    if (
        assessment is not None
        and assessment.assessed_on >= check.session.seen_on
        and assessment.created_at > check.updated_at
    ):
        return ""
    escalation = check.escalation or {}
    return (
        f"Treatment is stopped: the neurological re-check at session {check.session.number} was "
        f"worse ({escalation.get('condition')}, {urgency_words(escalation.get('urgency'))}): "
        f"{escalation.get('action')} Record it in a re-assessment's red-flag screen."
    )


def _blocked(state: EpisodeState) -> tuple[str, str]:
    episode, plan = state.episode, state.plan
    if episode.status not in RECORDING_STATUSES:
        return BLOCKED_STATUS, (
            f"The episode is {episode.get_status_display().lower()}: reopen it, with a reason, "
            "before recording a session."
        )
    if state.referral.state == REFERRAL_PENDING:
        assessment = state.referral.assessment
        return BLOCKED_RED_FLAG, (
            f"Treatment is stopped by a red flag on {assessment}: "
            f"{assessment_plan_blocker(assessment) if assessment else ''} "
            "Record the referral on the assessment."
        )
    flagged = _new_flag_session(state.progress, state.latest_assessment)
    if flagged is not None:
        note = f" ({flagged.red_flag_note.strip()})" if flagged.red_flag_note.strip() else ""
        return BLOCKED_NEW_FLAG, (
            f"Treatment is stopped: session {flagged.number} re-screened a new red flag{note}. "
            "Start a re-assessment before the next session."
        )
    neuro = _neuro_stop(state.neuro_check, state.latest_assessment)
    if neuro:
        return BLOCKED_NEURO, neuro
    if state.latest_assessment is None:
        return BLOCKED_NO_ASSESSMENT, "Start the initial assessment before recording a session."
    if plan is None:
        return BLOCKED_NO_PLAN, "Generate a plan from the assessment first."
    if plan.status != "ok":
        waiting = f" {state.referral.text}." if state.referral.state == REFERRAL_AWAITING else ""
        return BLOCKED_REFERRAL_PLAN, (
            "The plan in force is a referral for medical assessment: no treatment session can "
            f"be recorded.{waiting} After the medical outcome, start a re-assessment."
        )
    return "", ""


def _reassessment_due(state: EpisodeState) -> str:
    """Due when the next or the latest note is a planned reassessment and no assessment was
    started since the latest note; completing the re-assessment clears it."""
    plan, latest = state.plan, state.latest
    if plan is None or plan.status != "ok" or state.episode.status != EpisodeStatus.ACTIVE:
        return ""
    points = plan.output.get("reassess_at_sessions", [])
    assessment = state.latest_assessment
    if latest is not None and assessment is not None and assessment.created_at > latest.created_at:
        return ""
    if state.next_number in points:
        return f"Reassess at session {state.next_number}"
    if latest is not None and latest.number in points:
        return f"Reassessment due (session {latest.number})"
    return ""


def _programme(sessions: list[TreatmentSession], stops: list[ExerciseStop]) -> list[ProgrammeItem]:
    """Every exercise given in a note and not stopped since, with the last dose written."""
    kb = get_kb()
    given: dict[str, dict] = {}
    for session in sessions:
        for row in session.exercises or []:
            item = given.setdefault(
                row["exercise"], {"dose": "", "first": session.number, "last": session.number}
            )
            item["last"] = session.number
            if (row.get("dose") or "").strip():
                item["dose"] = row["dose"].strip()
    stopped_after: dict[str, int] = {}
    for stop in stops:
        stopped_after[stop.exercise] = max(stopped_after.get(stop.exercise, 0), stop.after_session)
    return [
        ProgrammeItem(
            exercise=exercise,
            name=kb.exercises[exercise].name if exercise in kb.exercises else exercise,
            dose=item["dose"],
            first_session=item["first"],
            last_session=item["last"],
        )
        for exercise, item in given.items()
        if stopped_after.get(exercise, 0) < item["last"]
    ]


def episode_state_build(
    *,
    episode: Episode,
    plan: Plan | None,
    sessions: list[TreatmentSession],
    decisions: list[ProgressDecision],
    latest_assessment: Assessment | None,
    stops: list[ExerciseStop] | None = None,
    today: date | None = None,
    neuro_check: SessionSafetyCheck | None = None,
) -> EpisodeState:
    progress = episode_progress_build(
        plan=plan, sessions=sessions, decisions=decisions, status=episode.status
    )
    state = EpisodeState(
        episode=episode,
        progress=progress,
        latest_assessment=latest_assessment,
        today=today or clinic_today(),
        stops=list(stops or []),
        neuro_check=neuro_check,
        stage=progress.next_stage,
    )
    state.referral = _referral(episode, plan, latest_assessment)
    state.blocked_by, state.why_not = _blocked(state)
    state.may_record = not state.blocked_by
    state.reassessment_due = _reassessment_due(state)
    state.maintenance_check_due = maintenance_check_due(episode, state.today)
    state.programme = _programme(sessions, state.stops)
    return state


# -- loading ------------------------------------------------------------------------------


def _latest_assessment(actor: Actor, episode: Episode) -> Assessment | None:
    return (
        Assessment.objects.filter(clinic=actor.clinic, episode=episode)
        .prefetch_related("red_flag_actions")
        .order_by("-number")
        .first()
    )


def episode_state_get(
    *, actor: Actor, episode: Episode | None = None, episode_id: uuid.UUID | str | None = None
) -> EpisodeState:
    """One episode's state. Pass the episode already fetched through the scoped selector, or
    its id (then it is fetched, checked and audited here). The sessions are listed (audited)
    with their technique rows, which the next note's doses carry over from."""
    if episode is None:
        episode = episode_get_for_user(actor=actor, episode_id=episode_id or "")
    actor.require_clinical()
    sessions = session_list_for_episode(actor=actor, episode=episode)
    if sessions:
        # Only the latest note's technique rows are needed (the next note's doses).
        latest = sessions[-1]
        latest._prefetched_objects_cache = {  # type: ignore[attr-defined]
            "techniques": list(TechniqueApplied.objects.filter(session=latest))
        }
    decisions = list(
        ProgressDecision.objects.filter(clinic=actor.clinic, episode=episode).select_related(
            "decided_by"
        )
    )
    stops = list(
        ExerciseStop.objects.filter(clinic=actor.clinic, episode=episode).select_related(
            "stopped_by"
        )
    )
    return episode_state_build(
        episode=episode,
        plan=plan_in_force(actor=actor, episode=episode),
        sessions=sessions,
        decisions=decisions,
        latest_assessment=_latest_assessment(actor, episode),
        stops=stops,
        neuro_check=_escalated(actor.clinic.pk, [episode.pk]).get(episode.pk),
    )


def _escalated(clinic_id, episode_ids: list) -> dict:
    """Per episode, the latest visit's safety check whose neurological re-check escalated."""
    checks = (
        SessionSafetyCheck.objects.filter(
            clinic_id=clinic_id, session__episode_id__in=episode_ids, escalation__isnull=False
        )
        .select_related("session")
        .order_by("-session__number")
    )
    latest: dict = {}
    for check in checks:
        latest.setdefault(check.session.episode_id, check)
    return latest


NOTE_TEXT_FIELDS = ("subjective", "objective", "assessment", "plan_next", "aftercare")


def _grouped(rows) -> dict:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[row.episode_id].append(row)
    return groups


def episode_states_for(*, actor: Actor, episodes: list[Episode]) -> list[EpisodeState]:
    """The state of each episode of a page, in a fixed number of queries whatever the number
    of episodes or notes in the clinic: one query per table over these episodes only. Not
    audited here: the page's read is."""
    actor.require_clinical()
    return episode_states_of_clinic(clinic_id=actor.clinic.pk, episodes=episodes)


def episode_states_of_clinic(*, clinic_id, episodes: list[Episode]) -> list[EpisodeState]:
    """`episode_states_for` without an actor, for the summaries' own upkeep (records.episodes.
    summary): every query is scoped to the episodes' clinic, which the caller names."""
    ids = [e.pk for e in episodes]
    if not ids:
        return []
    newest_plan = Plan.objects.filter(episode=OuterRef("episode")).order_by(
        "-assessment__number", "-version"
    )
    plans = {
        p.episode_id: p
        for p in Plan.objects.filter(clinic_id=clinic_id, episode_id__in=ids).filter(
            pk=Subquery(newest_plan.values("pk")[:1])
        )
    }
    newest_assessment = Assessment.objects.filter(episode=OuterRef("episode")).order_by("-number")
    assessments = {
        a.episode_id: a
        for a in Assessment.objects.filter(clinic_id=clinic_id, episode_id__in=ids)
        .filter(pk=Subquery(newest_assessment.values("pk")[:1]))
        .prefetch_related(Prefetch("red_flag_actions", queryset=RedFlagAction.objects.all()))
    }
    # Every note of every episode feeds its state; the note's free text is never part of a
    # state, so it is left in the database.
    sessions = _grouped(
        TreatmentSession.objects.filter(clinic_id=clinic_id, episode_id__in=ids)
        .defer(*NOTE_TEXT_FIELDS)
        .order_by("number")
    )
    decisions = _grouped(ProgressDecision.objects.filter(clinic_id=clinic_id, episode_id__in=ids))
    stops = _grouped(ExerciseStop.objects.filter(clinic_id=clinic_id, episode_id__in=ids))
    escalated = _escalated(clinic_id, ids)
    today = clinic_today()
    return [
        episode_state_build(
            episode=episode,
            plan=plans.get(episode.pk),
            sessions=sessions.get(episode.pk, []),
            decisions=decisions.get(episode.pk, []),
            latest_assessment=assessments.get(episode.pk),
            stops=stops.get(episode.pk, []),
            today=today,
            neuro_check=escalated.get(episode.pk),
        )
        for episode in episodes
    ]
