"""Today, the clinician's worklist: the signed-in clinician's own caseload — episodes they
opened, assessed or treated — that is active, referred and awaiting the medical outcome, or in
maintenance with a check due; owners may switch to the whole clinic. Searchable by the client's
name and paginated.

Bounded whatever the size of the clinic and of its episodes (docs/episode-state.md): the
database filters, orders and cuts the window; each episode of the window is shown from its
stored overview — the one episode read model's answers (`episode_overview`), kept current by
the services and checked against the database's revision of its inputs — so the flags, the
stage and "may a note be written" are the same answers every other page gives. One LIST audit
event records the read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet, Subquery

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction, Role
from myomap.clinical.kb import get_kb, urgency_words
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
    EpisodeOverview,
    maintenance_check_due,
)
from myomap.records.episodes.summary import episode_overviews_for
from myomap.records.models import (
    EPISODE_OPEN_STATUSES,
    Assessment,
    Client,
    Episode,
    EpisodeStatus,
    EpisodeSummary,
    ProposalKind,
    TreatmentSession,
)
from myomap.records.models.summary import SUMMARY_LISTED_FIRST
from myomap.today import clinic_today

PAGE_SIZE = 25
UNSIGNED_SHOWN = 10  # the rest are on the outstanding-notes page
SCOPE_MINE = "mine"
SCOPE_CLINIC = "clinic"
SCOPES = (SCOPE_MINE, SCOPE_CLINIC)
SEARCH_MAX = 100

DRAFT_SHOWN = (
    "id", "number", "seen_on", "episode__id", "episode__client__given_name",
    "episode__client__family_name", "created_by__username", "created_by__first_name",
    "created_by__last_name",
)  # fmt: skip

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


@dataclass(frozen=True)
class NoteRef:
    """A note the row links to (its draft): enough to open it."""

    pk: uuid.UUID
    number: int


@dataclass
class DashboardRow:
    episode: Episode  # with its client
    overview: EpisodeOverview  # the episode's state, as the read model answers it
    today: date
    flags: list[Flag] = field(default_factory=list)

    @property
    def client(self) -> Client:
        return self.episode.client

    @property
    def latest_assessment_id(self) -> str | None:
        return self.overview.latest_assessment_id

    @cached_property
    def stage_label(self) -> str:
        return self.overview.stage_label

    @cached_property
    def stage_number(self) -> int | None:
        return self.overview.stage_number

    @property
    def sessions_recorded(self) -> int:
        return self.overview.sessions

    @property
    def last_seen(self) -> date | None:
        return self.overview.last_seen

    @property
    def seen_ago(self) -> str:
        """'today', 'yesterday', '5 days ago', '3 weeks ago' — in whole clinic days."""
        if self.last_seen is None:
            return ""
        days = (self.today - self.last_seen).days
        if days <= 0:
            return "today"
        if days == 1:
            return "yesterday"
        if days < 14:
            return f"{days} days ago"
        return f"{days // 7} weeks ago"

    @property
    def next_session(self) -> int:
        return self.overview.next_number

    @property
    def draft(self) -> NoteRef | None:
        overview = self.overview
        if overview.draft_id is None or overview.draft_number is None:
            return None
        return NoteRef(uuid.UUID(overview.draft_id), overview.draft_number)

    @property
    def referral_pending(self) -> bool:
        return self.overview.referral_state == REFERRAL_PENDING

    @property
    def has_red_flag(self) -> bool:
        return self.overview.has_red_flag

    @property
    def shows_red_flag(self) -> bool:
        """The row is marked as a red flag: treatment is stopped by one, or a badge says red
        flag (the re-screen with the care elapsed calling for a referral does not stop the
        session in hand, but it is a red flag and is listed first, so it is never shown as a
        lesser flag)."""
        return self.has_red_flag or RED_FLAG in self.flag_kinds

    @property
    def can_record(self) -> bool:
        return self.overview.may_record

    @property
    def needs_assessment(self) -> bool:
        return self.overview.blocked_by == BLOCKED_NO_ASSESSMENT

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


def _flags(view: EpisodeOverview, episode: Episode, today: date) -> list[Flag]:
    flags: list[Flag] = []
    if view.referral_state == REFERRAL_PENDING:
        flags.append(Flag(RED_FLAG, "Red flag: refer before treating", view.why_not))
    elif view.blocked_by == BLOCKED_NEW_FLAG:
        number = view.latest_number or "?"
        flags.append(
            Flag(RED_FLAG, f"Red flag at session {number}: treatment stopped", view.why_not)
        )
    # The progress engine's re-screen with the care elapsed (e.g. over 50, no improvement
    # after about 4 weeks of care → the malignancy rule, docs/precautions.md).
    if view.rescreen_refers:
        screen = view.rescreen or {}
        words = urgency_words(screen["urgency"])
        flags.append(Flag(RED_FLAG, f"Red-flag re-screen: {words}", screen["actions"]))
    action, referred_on = view.referral_action, view.referred_on
    if view.referral_state == REFERRAL_AWAITING and action and referred_on:
        flags.append(
            Flag(
                REFERRED,
                f"Referred — awaiting outcome: {action['referred_to']}, {referred_on:%-d %b}",
                f"Referred to {action['referred_to']} on {referred_on:%-d %b %Y}."
                + (f" {action['note']}" if action["note"] else ""),
            )
        )
    if view.plan_status is None and view.referral_state == REFERRAL_NONE:
        flags.append(
            Flag(
                NO_PLAN,
                "Plan not generated yet" if view.latest_assessment_id else "Not assessed yet",
            )
        )
    if view.non_responder is not None:
        nprs = view.non_responder
        flags.append(
            Flag(
                NON_RESPONDER,
                "Not responding: reassess, consider referral",
                f"Pain {nprs['baseline']}/10 at baseline, {nprs['latest']}/10 at session "
                f"{nprs['session']}: no clinically important change.",
            )
        )
    if view.reassessment_due:
        flags.append(Flag(REASSESSMENT_DUE, view.reassessment_due))
    for proposal in view.proposals:
        if proposal["kind"] == ProposalKind.ADVANCE:
            to = stage_name(proposal["advance_to"])
            flags.append(Flag(ADVANCE_PROPOSED, f"Ready to advance to {to} — decide"))
        elif proposal["kind"] == ProposalKind.DISCHARGE:
            flags.append(Flag(DISCHARGE_PROPOSED, "Discharge to maintenance proposed — decide"))
    if maintenance_check_due(episode, today):
        check_on = episode.maintenance_check_on
        flags.append(Flag(MAINTENANCE_DUE, f"Maintenance check due ({check_on:%-d %b})"))
    if view.unsigned:
        count = view.unsigned
        flags.append(Flag(UNSIGNED, f"{count} unsigned note{'s' if count > 1 else ''}"))
    return flags


# --- loading: the database filters, orders and cuts the window ---


class _StatusIsOpen(Func):
    """`<the status column> IN ('active', 'referred')`. The column is Django's own reference,
    so it takes whatever alias the episode table has in the query: as a subquery (the diary
    panel's count nests the worklist) the table is renamed, and a column name written into
    raw SQL pointed at a table that was no longer there (a database error on Today)."""

    output_field = BooleanField()

    def __init__(self) -> None:
        statuses = ", ".join(f"'{status}'" for status in EPISODE_OPEN_STATUSES)
        super().__init__(F("status"), template=f"%(expressions)s IN ({statuses})")


def episode_open_condition() -> Func:
    """`status IN ('active', 'referred')` with the statuses written into the SQL as
    constants, not bound as parameters. SQLite matches a query to a partial index (and so
    learns from that index's statistics how few episodes are open) only when the query's
    condition is the index's own, constants included; with parameters it read every episode of
    the clinic (12,000 at the generated clinic group's size) to find the few hundred open ones.
    The statuses are the model's own constants, never input."""
    return _StatusIsOpen()


def _worklist(actor: Actor, scope: str, query: str, today: date) -> QuerySet[Episode]:
    """The scope's open episodes and due maintenance checks, in the worklist's order, as a
    query of the episodes alone: the window is cut from it before any client is read
    (`_window_episodes`). Ordered by the episodes' own columns and two index probes per
    episode (its summary's red flag, its last visit), so that the database sorts the caseload
    without joining it to the clinic's clients: with the clients' names in the order it read
    every client of the clinic (10,020 at the generated clinic group's size) to sort a few
    hundred episodes and keep 25 (docs/scale.md)."""
    episodes = Episode.objects.filter(clinic=actor.clinic).filter(
        Q(episode_open_condition())
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
    # Red flags first, wherever they were last seen: a pending referral or treatment stopped
    # must never wait on a later page. Then the longest since last seen, never seen first of
    # all: who needs a visit or a call. Among episodes last seen the same day (or never), the
    # one opened first has waited longest; the id only makes the order total, so that pages
    # never overlap.
    first = EpisodeSummary.objects.filter(SUMMARY_LISTED_FIRST, episode=OuterRef("pk"))
    return episodes.annotate(first=Exists(first), last_seen_on=Subquery(last_seen)).order_by(
        F("first").desc(), F("last_seen_on").asc(nulls_first=True), "created_at", "pk"
    )


def _window_episodes(actor: Actor, window_ids: list[uuid.UUID]) -> list[Episode]:
    """The window's episodes with their clients, in the window's order (one query by primary
    key). An episode deleted since the window was cut is left out."""
    by_id = (
        Episode.objects.filter(clinic=actor.clinic, pk__in=window_ids)
        .select_related("client")
        .in_bulk()
    )
    return [by_id[pk] for pk in window_ids if pk in by_id]


def _drafts(actor: Actor, scope: str) -> QuerySet[TreatmentSession]:
    drafts = TreatmentSession.objects.filter(clinic=actor.clinic, signed_at__isnull=True)
    if scope == SCOPE_MINE:
        drafts = drafts.filter(created_by=actor.user)
    # What the list shows of each draft and no more: a note's contents are not needed here.
    return (
        drafts.select_related("episode__client", "created_by")
        .only(*DRAFT_SHOWN)
        .order_by("seen_on", "number")
    )


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
    paginator = Paginator(worklist.values_list("pk", flat=True), PAGE_SIZE)
    window = paginator.get_page(number)
    episodes = _window_episodes(actor, list(window.object_list))
    views = episode_overviews_for(actor=actor, episodes=episodes)
    rows = [
        DashboardRow(episode=e, overview=v, today=today, flags=_flags(v, e, today))
        for e, v in zip(episodes, views, strict=True)
    ]
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
