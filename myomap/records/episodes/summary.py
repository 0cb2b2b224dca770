"""Each episode's overview, stored: what Today shows of an episode's state, kept so that a
worklist page reads one small row per episode instead of rebuilding every episode's state from
all of its notes and its plan (docs/episode-state.md, "Today reads a summary").

There is still one read model. An overview is `episode_overview` of the state
`records.episodes.state` computes from the rows; it is stored by the services that change an
input of that state, last thing in their own transaction (`episode_summary_refresh`). The
database makes a stored overview that missed a change unusable rather than wrong: its triggers
add one to the row's `revision` at every change of an input, whoever makes it (migration
`records/0013`), and a stored overview counts only for the revision it was computed at and the
knowledge base in force. A reader that finds it out of date computes the state from the rows,
as before, and stores the result for the next one (`episode_overviews_for`); `myomap init`
brings every summary up to date (`episode_summaries_bring_up_to_date`). Nothing is ever served
from a summary older than its inputs, so there is nothing to invalidate."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import replace

from django.db import transaction
from django.db.models import F, Q

from myomap.accounts.actor import Actor
from myomap.accounts.models import Clinic
from myomap.clinical.kb import get_kb
from myomap.records.episodes.state import (
    EpisodeOverview,
    episode_overview,
    episode_states_of_clinic,
)
from myomap.records.models import Episode, EpisodeSummary, TreatmentSession

BATCH = 200  # episodes computed at a time by `episode_summaries_bring_up_to_date`


def _store(clinic_id, episode_id, revision: int, overview: EpisodeOverview, kb_version: str) -> int:
    """Compare-and-set: stored only if no input changed since `revision` was read (the rows the
    overview was computed from were read after it, so they are at least that recent). A change
    in between has already made this overview out of date: then nothing is written."""
    return EpisodeSummary.objects.filter(
        clinic_id=clinic_id, episode_id=episode_id, revision=revision
    ).update(
        overview=overview.to_json(),
        red_flag=overview.raises_red_flag,
        computed_revision=revision,
        kb_version=kb_version,
    )


def _refresh(clinic_id, episode_ids: list) -> int:
    """Compute and store the overviews of these episodes of one clinic; how many were stored.
    Each summary's revision is read with its episode, before the rows the state is built from."""
    episodes = [
        e
        for e in Episode.objects.filter(clinic_id=clinic_id, pk__in=episode_ids).select_related(
            "summary"
        )
        if hasattr(e, "summary")  # none only if the database lost it (init creates it again)
    ]
    kb_version = get_kb().version
    stored = 0
    for state in episode_states_of_clinic(clinic_id=clinic_id, episodes=episodes):
        episode = state.episode
        overview = episode_overview(state)
        stored += _store(clinic_id, episode.pk, episode.summary.revision, overview, kb_version)
    return stored


def episode_summary_refresh(*, actor: Actor, episode_id: uuid.UUID | str) -> None:
    """Store the episode's overview as its rows now are. Every service that changes an input of
    the episode's state calls this last, inside its transaction, so Today finds it current."""
    _refresh(actor.clinic.pk, [episode_id])


def episode_summaries_refresh(*, actor: Actor, episode_ids: list) -> None:
    """`episode_summary_refresh` for several episodes of the actor's clinic at once, in the
    fixed number of queries of one page's states: for writers that build many episodes in one
    transaction (the FHIR import)."""
    _refresh(actor.clinic.pk, list(episode_ids))


def episode_summary_note_signed(*, actor: Actor, session: TreatmentSession) -> None:
    """`episode_summary_refresh` after signing a note, without rebuilding the state: signing
    changes which notes are unsigned and nothing else the state reads (the engine, the stage,
    the red flags and the due re-assessment see a note's contents, never its signature). So
    when the stored overview was current just before — the signature's own update is the only
    change since (one revision) — only the unsigned count and the draft are read again;
    otherwise the whole state is rebuilt."""
    clinic_id = actor.clinic.pk
    summary = EpisodeSummary.objects.filter(clinic_id=clinic_id, episode_id=session.episode_id)
    row = summary.first()
    kb_version = get_kb().version
    if row is None or row.computed_revision != row.revision - 1 or row.kb_version != kb_version:
        _refresh(clinic_id, [session.episode_id])
        return
    try:
        before = EpisodeOverview.from_json(row.overview)
    except (KeyError, TypeError, ValueError):
        _refresh(clinic_id, [session.episode_id])
        return
    drafts = list(
        TreatmentSession.objects.filter(
            clinic_id=clinic_id, episode_id=session.episode_id, signed_at__isnull=True
        )
        .order_by("number")
        .values_list("pk", "number")
    )
    after = replace(
        before,
        unsigned=len(drafts),
        draft_id=str(drafts[0][0]) if drafts else None,
        draft_number=drafts[0][1] if drafts else None,
    )
    _store(clinic_id, session.episode_id, row.revision, after, kb_version)


def episode_overviews_for(*, actor: Actor, episodes: list[Episode]) -> list[EpisodeOverview]:
    """The overview of each episode of a page, in order: the stored one when it is current,
    otherwise computed from the rows (the fixed number of queries of `episode_states_for`) and
    stored for the next reader. Two queries when every summary is current, whatever the size
    of the episodes. Not audited here: the page's read is."""
    actor.require_clinical()
    if not episodes:
        return []
    clinic_id = actor.clinic.pk
    kb_version = get_kb().version
    summaries = {
        s.episode_id: s
        for s in EpisodeSummary.objects.filter(
            clinic_id=clinic_id, episode_id__in=[e.pk for e in episodes]
        )
    }
    overviews: dict = {}
    out_of_date = []
    for episode in episodes:
        summary = summaries.get(episode.pk)
        if summary is not None and summary.is_current and summary.kb_version == kb_version:
            try:
                overviews[episode.pk] = EpisodeOverview.from_json(summary.overview)
                continue
            except (KeyError, TypeError, ValueError):
                pass  # stored by an older version of the overview: computed afresh below
        out_of_date.append(episode)
    for state in episode_states_of_clinic(clinic_id=clinic_id, episodes=out_of_date):
        overview = overviews[state.episode.pk] = episode_overview(state)
        summary = summaries.get(state.episode.pk)
        if summary is not None:
            # One row per statement, outside any transaction of the page: a reader never holds
            # one summary's lock while waiting for another's.
            _store(clinic_id, state.episode.pk, summary.revision, overview, kb_version)
    return [overviews[e.pk] for e in episodes]


def episode_summaries_bring_up_to_date(*, clinic: Clinic | None = None, batch: int = BATCH) -> int:
    """Compute every summary that is not current — after the migration that adds them, a new
    knowledge base, or writes that bypassed the services (an import, a generated clinic) — a
    batch of episodes at a time, so memory stays bounded whatever the size of the database.
    Creates the row of any episode that lacks one. `clinic` keeps the work to one clinic's
    episodes (the demo builder's), else every clinic's. Returns how many were stored."""
    of_clinic = Q() if clinic is None else Q(clinic=clinic)
    missing = Episode.objects.filter(of_clinic, summary__isnull=True).values_list("pk", "clinic_id")
    while chunk := list(missing[:batch]):
        EpisodeSummary.objects.bulk_create(
            [EpisodeSummary(episode_id=pk, clinic_id=clinic_id) for pk, clinic_id in chunk],
            ignore_conflicts=True,
        )
    kb_version = get_kb().version
    out_of_date = EpisodeSummary.objects.filter(
        of_clinic, ~Q(computed_revision=F("revision")) | ~Q(kb_version=kb_version)
    ).order_by("pk")
    stored, after = 0, None
    while True:
        page = out_of_date.filter(pk__gt=after) if after is not None else out_of_date
        chunk = list(page.values_list("episode_id", "clinic_id")[:batch])
        if not chunk:
            return stored
        after = chunk[-1][0]
        by_clinic: dict = defaultdict(list)
        for episode_id, clinic_id in chunk:
            by_clinic[clinic_id].append(episode_id)
        with transaction.atomic():
            stored += sum(_refresh(clinic_id, ids) for clinic_id, ids in by_clinic.items())
