"""Today's worklist finds a clinic's open episodes through an index, not by reading every
episode the clinic ever had. No timing: the database's own query plan is read.

SQLite keeps no per-value statistics; it learns how few episodes are open from the partial
index `episode_open`, and only when the query names the open statuses as constants, the same
ones as the index's condition (`episode_open_condition`)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import connection

from myomap.records.models import EPISODE_OPEN_STATUSES, Episode, EpisodeStatus
from myomap.records.worklist import SCOPE_MINE, _worklist, episode_open_condition
from myomap.today import clinic_today
from tests.factories import make_client, make_episode
from tests.query_plans import query_plan


def _history(owner, closed: int) -> list[Episode]:
    """One client's few open episodes among many closed ones (years of a clinic's history)."""
    opened = [
        make_episode(owner, make_client(owner, given_name=name)) for name in ("Ada", "Ben", "Cy")
    ]
    client = opened[0].client
    old = date.today() - timedelta(days=900)
    Episode.objects.bulk_create(
        Episode(
            clinic=owner.clinic,
            client=client,
            onset_date=old,
            complaint="Old episode",
            status=EpisodeStatus.DISCHARGED if n % 2 else EpisodeStatus.MAINTENANCE,
            maintenance_check_on=None if n % 2 else date.today() + timedelta(days=30),  # not due
            created_by=owner.user,
        )
        for n in range(closed)
    )
    return opened


def test_the_open_condition_is_the_partial_index_condition_written_as_constants():
    index = next(i for i in Episode._meta.indexes if i.name == "episode_open")
    assert index.condition.children == [("status__in", EPISODE_OPEN_STATUSES)]
    sql, params = Episode.objects.filter(episode_open_condition()).query.sql_with_params()
    assert params == ()
    statuses = ", ".join(f"'{status}'" for status in EPISODE_OPEN_STATUSES)
    assert f'"records_episode"."status" IN ({statuses})' in sql


def test_the_worklist_reads_open_episodes_through_an_index(owner):
    opened = _history(owner, closed=600)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what `myomap init` and the served requests keep fresh
    worklist = _worklist(owner, SCOPE_MINE, "", clinic_today())
    assert {e.pk for e in worklist} == {e.pk for e in opened}
    sql, params = worklist.all()[:25].query.sql_with_params()
    assert "IN ('active', 'referred')" in sql  # constants, not parameters
    plan = query_plan(sql, params)
    if connection.vendor == "sqlite":
        assert "SCAN records_episode" not in plan, plan
        assert "records_episode USING INDEX" in plan, plan
    else:
        # PostgreSQL has per-value statistics; its planner may still read a small table
        # whole. What is checked here is only that the plan is one it can run.
        assert "records_episode" in plan, plan


def test_one_clinicians_unsigned_notes_are_read_from_the_drafts_index(planned_episode, owner):
    from django.utils import timezone

    from myomap.records.models import TreatmentSession
    from myomap.records.worklist import _drafts
    from tests.factories import make_session

    signed = make_session(owner, planned_episode)
    draft = make_session(owner, planned_episode, sign=False)
    # Years of signed notes around the one draft: the drafts index holds only the draft.
    copies = []
    for number in range(3, 3003):
        copy = TreatmentSession.objects.get(pk=signed.pk)
        copy.id, copy.number, copy.signed_at = uuid.uuid4(), number, timezone.now()
        copies.append(copy)
    TreatmentSession.objects.bulk_create(copies)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    drafts = _drafts(owner, SCOPE_MINE)
    assert [s.pk for s in drafts] == [draft.pk]
    sql, params = drafts.all()[:10].query.sql_with_params()
    plan = query_plan(sql, params)
    assert "session_draft_by_author" in plan, plan


def test_the_window_is_cut_without_reading_the_clinics_clients(owner):
    """The order is the episodes' own (red flag first, then the last visit): the clients are
    read for the 25 episodes of the window only, by primary key."""
    _history(owner, closed=60)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    window = _worklist(owner, SCOPE_MINE, "", clinic_today()).values_list("pk", flat=True)[:25]
    sql, params = window.query.sql_with_params()
    assert "records_client" not in sql
    plan = query_plan(sql, params)
    if connection.vendor == "sqlite":
        # Each probe (the summary's red flag, the last visit) is an index search, never a
        # scan of a table.
        assert "SCAN" not in plan.replace("SCAN records_episode", ""), plan
        assert plan.count("SEARCH U0 USING") == 4, plan  # caseload (2), red flag, last visit
