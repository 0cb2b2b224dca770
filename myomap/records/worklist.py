"""Today, the clinician's worklist: the signed-in clinician's own caseload — episodes they
opened, assessed or treated — that is active, referred and awaiting the medical outcome, or in
maintenance with a check due; owners may switch to the whole clinic. Searchable by the client's
name and paginated.

Bounded whatever the size of the clinic (docs/episode-state.md): the database filters, orders
and cuts the window; only the episodes of the page window are loaded, in one query per table,
and judged by the one episode read model (`episode_states_for`), so the flags, the stage and
"may a note be written" are the same answers every other page gives. One LIST audit event
records the read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction, Role
from myomap.clinical.kb import BLOCKING_URGENCIES, get_kb, urgency_words
from myomap.errors import ValidationFailed
from myomap.records.diary.today import (
    TodayDiaryAlerts,
    diary_alert_words,
    diary_alerts_for_window,
    diary_alerts_for_worklist,
)
from myomap.records.episodes.state import (
    BLOCKED_NEW_FLAG,
    BLOCKED_NO_ASSESSMENT,
    REFERRAL_AWAITING,
    REFERRAL_NONE,
    REFERRAL_PENDING,
    EpisodeState,
    episode_states_for,
)
from myomap.records.models import (
    Assessment,
    Client,
    Episode,
    EpisodeStatus,
    ProposalKind,
    TreatmentSession,
)
from myomap.today import clinic_today

PAGE_SIZE = 25
UNSIGNED_SHOWN = 10  # the rest are on the outstanding-notes page
SCOPE_MINE = "mine"
SCOPE_CLINIC = "clinic"
SCOPES = (SCOPE_MINE, SCOPE_CLINIC)
SEARCH_MAX = 100

RED_FLAG = "red_flag"
REFERRED = "referred"
REASSESSMENT_DUE = "reassessment_due"
NON_RESPONDER = "non_responder"
ADVANCE_PROPOSED = "advance_proposed"
DISCHARGE_PROPOSED = "discharge_proposed"
UNSIGNED = "unsigned"
NO_PLAN = "no_plan"
MAINTENANCE_DUE = "maintenance_due"
DIARY_PAIN_RISE = "diary_pain_rise"  # the client's diary between visits (records/diary)


@dataclass(frozen=True)
class Flag:
    kind: str  # one of the constants above
    text: str  # short plain words for the badge
    detail: str = ""  # a longer explanation (e.g. the referral action), may be empty


@dataclass
class DashboardRow:
    state: EpisodeState
    flags: list[Flag] = field(default_factory=list)

    @property
    def episode(self) -> Episode:
        return self.state.episode

    @property
    def client(self) -> Client:
        return self.state.episode.client

    @property
    def progress(self):
        return self.state.progress

    @property
    def latest_assessment(self) -> Assessment | None:
        return self.state.latest_assessment

    @property
    def stage_label(self) -> str:
        return self.state.stage_label

    @property
    def stage_number(self) -> int | None:
        return self.state.stage_number

    @property
    def sessions_recorded(self) -> int:
        return len(self.state.sessions)

    @property
    def last_seen(self) -> date | None:
        return self.state.last_seen

    @property
    def seen_ago(self) -> str:
        """'today', 'yesterday', '5 days ago', '3 weeks ago' — in whole clinic days."""
        if self.last_seen is None:
            return ""
        days = (self.state.today - self.last_seen).days
        if days <= 0:
            return "today"
        if days == 1:
            return "yesterday"
        if days < 14:
            return f"{days} days ago"
        return f"{days // 7} weeks ago"

    @property
    def next_session(self) -> int:
        return self.state.next_number

    @property
    def draft(self) -> TreatmentSession | None:
        return self.state.draft

    @property
    def referral_pending(self) -> bool:
        return self.state.referral.state == REFERRAL_PENDING

    @property
    def has_red_flag(self) -> bool:
        return self.state.has_red_flag

    @property
    def can_record(self) -> bool:
        return self.state.may_record

    @property
    def needs_assessment(self) -> bool:
        return self.state.blocked_by == BLOCKED_NO_ASSESSMENT

    @property
    def flag_kinds(self) -> set[str]:
        return {f.kind for f in self.flags}


@dataclass
class Dashboard:
    rows: list[DashboardRow]
    page: Page
    scope: str
    query: str
    can_see_clinic: bool
    unsigned: list[TreatmentSession]  # the first drafts of the scope, oldest first
    unsigned_total: int
    today: date
    diary_alerts: TodayDiaryAlerts | None = None  # the open diary pain-rise alerts

    @property
    def total(self) -> int:
        return self.page.paginator.count

    def row_for(self, episode: Episode) -> DashboardRow | None:
        return next((row for row in self.rows if row.episode.pk == episode.pk), None)


def stage_name(stage_id: str | None) -> str:
    """The knowledge base's name of a stage ("Restore flexibility")."""
    return get_kb().stage_names.get(stage_id or "", stage_id or "")


# --- flags: plain words for what needs the clinician, all read from the episode state ---


def _flags(state: EpisodeState) -> list[Flag]:
    flags: list[Flag] = []
    referral = state.referral
    if referral.state == REFERRAL_PENDING:
        flags.append(Flag(RED_FLAG, "Red flag: refer before treating", state.why_not))
    elif state.blocked_by == BLOCKED_NEW_FLAG:
        latest = state.latest
        number = latest.number if latest else "?"
        flags.append(
            Flag(RED_FLAG, f"Red flag at session {number}: treatment stopped", state.why_not)
        )
    # The progress engine's re-screen with the care elapsed (e.g. over 50, no improvement
    # after about 4 weeks of care → the malignancy rule, docs/precautions.md).
    screen = (state.result or {}).get("triage") or {}
    if screen.get("urgency") in BLOCKING_URGENCIES:
        actions = " ".join(c["action"] for c in screen.get("concerns", []))
        words = urgency_words(screen["urgency"])
        flags.append(Flag(RED_FLAG, f"Red-flag re-screen: {words}", actions))
    if referral.state == REFERRAL_AWAITING and referral.action is not None:
        action = referral.action
        flags.append(
            Flag(
                REFERRED,
                f"Referred — awaiting outcome: {action.referred_to}, {action.referred_on:%-d %b}",
                f"Referred to {action.referred_to} on {action.referred_on:%-d %b %Y}."
                + (f" {action.note}" if action.note else ""),
            )
        )
    if state.plan is None and referral.state == REFERRAL_NONE:
        flags.append(
            Flag(
                NO_PLAN, "Plan not generated yet" if state.latest_assessment else "Not assessed yet"
            )
        )
    result = state.result
    if result is not None and result.get("non_responder"):
        nprs = result["nprs"]
        flags.append(
            Flag(
                NON_RESPONDER,
                "Not responding: reassess, consider referral",
                f"Pain {nprs['baseline']}/10 at baseline, {nprs['latest']}/10 at session "
                f"{nprs['session']}: no clinically important change.",
            )
        )
    if state.reassessment_due:
        flags.append(Flag(REASSESSMENT_DUE, state.reassessment_due))
    for proposal in state.open_proposals:
        if proposal["kind"] == ProposalKind.ADVANCE:
            to = stage_name(proposal["proposal"].get("advance_to"))
            flags.append(Flag(ADVANCE_PROPOSED, f"Ready to advance to {to} — decide"))
        elif proposal["kind"] == ProposalKind.DISCHARGE:
            flags.append(Flag(DISCHARGE_PROPOSED, "Discharge to maintenance proposed — decide"))
    if state.maintenance_check_due:
        check_on = state.episode.maintenance_check_on
        flags.append(Flag(MAINTENANCE_DUE, f"Maintenance check due ({check_on:%-d %b})"))
    if state.unsigned_count:
        count = state.unsigned_count
        flags.append(Flag(UNSIGNED, f"{count} unsigned note{'s' if count > 1 else ''}"))
    return flags


# --- loading: the database filters, orders and cuts the window ---


def _worklist(actor: Actor, scope: str, query: str, today: date) -> QuerySet[Episode]:
    episodes = Episode.objects.filter(clinic=actor.clinic).filter(
        Q(status__in=(EpisodeStatus.ACTIVE, EpisodeStatus.REFERRED))
        | Q(status=EpisodeStatus.MAINTENANCE, maintenance_check_on__lte=today)
    )
    if scope == SCOPE_MINE:
        me = actor.user
        episodes = episodes.filter(
            Q(created_by=me)
            | Exists(TreatmentSession.objects.filter(episode=OuterRef("pk"), created_by=me))
            | Exists(Assessment.objects.filter(episode=OuterRef("pk"), created_by=me))
        )
    for word in query.split()[:4]:
        episodes = episodes.filter(
            Q(client__family_name__icontains=word) | Q(client__given_name__icontains=word)
        )
    last_seen = (
        TreatmentSession.objects.filter(episode=OuterRef("pk"))
        .order_by("-seen_on")
        .values("seen_on")[:1]
    )
    # Longest since last seen first (never seen first of all): who needs a visit or a call.
    return (
        episodes.select_related("client")
        .annotate(last_seen_on=Coalesce(Subquery(last_seen), date.min))
        .order_by("last_seen_on", "client__family_name", "client__given_name", "pk")
    )


def _drafts(actor: Actor, scope: str) -> QuerySet[TreatmentSession]:
    drafts = TreatmentSession.objects.filter(clinic=actor.clinic, signed_at__isnull=True)
    if scope == SCOPE_MINE:
        drafts = drafts.filter(created_by=actor.user)
    return drafts.select_related("episode__client", "created_by").order_by("seen_on", "number")


def _clean(scope: str, query: str, page: int | str, actor: Actor) -> tuple[str, str, int]:
    errors: dict[str, list[str]] = {}
    if scope not in SCOPES:
        errors["scope"] = [f"Allowed: {', '.join(SCOPES)}."]
    elif scope == SCOPE_CLINIC and actor.role != Role.OWNER:
        errors["scope"] = ["Only an owner sees the whole clinic's worklist."]
    query = (query or "").strip()
    if len(query) > SEARCH_MAX or "\x00" in query:
        errors["q"] = [f"Search by name, at most {SEARCH_MAX} characters."]
    try:
        number = int(page or 1)
        if number < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["page"] = ["A page number (1, 2, …)."]
        number = 1
    if errors:
        raise ValidationFailed(errors)
    return scope, query, number


def dashboard_for_user(
    *, actor: Actor, scope: str = SCOPE_MINE, query: str = "", page: int | str = 1
) -> Dashboard:
    """The clinician's worklist window; the front desk is refused (Forbidden). A page past the
    end shows the last page."""
    actor.require_clinical()
    scope, query, number = _clean(scope, query, page, actor)
    today = clinic_today()
    worklist = _worklist(actor, scope, query, today)
    paginator = Paginator(worklist, PAGE_SIZE)
    window = paginator.get_page(number)
    states = episode_states_for(actor=actor, episodes=list(window.object_list))
    rows = [DashboardRow(state=state, flags=_flags(state)) for state in states]
    # -- Between visits: the client diary's pain-rise alerts (stored when an entry is saved,
    # so these are bounded queries: one for the window's rows, two for the panel).
    diary_window = diary_alerts_for_window(actor=actor, episode_ids=[r.episode.pk for r in rows])
    for row in rows:
        if row.episode.pk in diary_window:
            text, detail = diary_alert_words(diary_window[row.episode.pk])
            reds = sum(1 for f in row.flags if f.kind == RED_FLAG)
            row.flags.insert(reds, Flag(DIARY_PAIN_RISE, text, detail))
    diary_alerts = diary_alerts_for_worklist(actor=actor, worklist=worklist)
    # -- end of the diary block
    drafts = _drafts(actor, scope)
    unsigned = list(drafts[:UNSIGNED_SHOWN])
    unsigned_total = drafts.count()  # always counted: the same queries for any clinic size
    dashboard = Dashboard(
        rows=rows,
        page=window,
        scope=scope,
        query=query,
        can_see_clinic=actor.role == Role.OWNER,
        unsigned=unsigned,
        unsigned_total=unsigned_total,
        today=today,
        diary_alerts=diary_alerts,
    )
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="dashboard",
        detail={
            "scope": scope,
            "page": window.number,
            "episodes": len(rows),
            "unsigned": unsigned_total,
            **({"search": True} if query else {}),
        },
    )
    return dashboard
