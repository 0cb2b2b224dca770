"""The clinic dashboard: every active episode with flags computed by the progress engine, the
clinic's unsigned notes, a fixed number of queries, scoped, clinical only and audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from myomap.accounts.models import AuditEvent
from myomap.errors import Forbidden, ValidationFailed
from myomap.records.episodes.summary import episode_summaries_bring_up_to_date
from myomap.records.models import Episode, EpisodeStatus, EpisodeSummary
from myomap.records.sessions.progress import progress_decide
from myomap.records.worklist import (
    ADVANCE_PROPOSED,
    NO_PLAN,
    NON_RESPONDER,
    REASSESSMENT_DUE,
    RED_FLAG,
    UNSIGNED,
    dashboard_for_user,
)
from tests.factories import assess_and_plan, make_assessment, make_episode, make_session


def unchanged_visits(actor, episode, count: int) -> None:
    """Visits with pain within a point of the baseline (6) and the spasm still there."""
    for number in range(1, count + 1):
        seen_on = (date.today() - timedelta(weeks=count - number)).isoformat()
        make_session(actor, episode, seen_on=seen_on, nprs_before=6 if number % 2 else 5)


def kinds(dashboard, episode) -> set[str]:
    row = dashboard.row_for(episode)
    assert row is not None
    return row.flag_kinds


def planned_copy(actor, people, client):
    """Another active episode assessed and planned like the `planned_episode` fixture."""
    return assess_and_plan(actor, make_episode(actor, client))


def test_five_visits_without_important_improvement_flag_a_non_responder(owner, planned_episode):
    unchanged_visits(owner, planned_episode, 5)
    row = dashboard_for_user(actor=owner).row_for(planned_episode)
    assert row.overview.non_responder["session"] == 5
    assert NON_RESPONDER in row.flag_kinds
    flag = next(f for f in row.flags if f.kind == NON_RESPONDER)
    assert "reassess" in flag.text and "session 5" in flag.detail


def test_four_visits_are_not_yet_judged_for_non_response(owner, planned_episode):
    unchanged_visits(owner, planned_episode, 4)
    assert NON_RESPONDER not in kinds(dashboard_for_user(actor=owner), planned_episode)


def test_the_third_session_coming_up_is_a_reassessment_due(owner, planned_episode):
    unchanged_visits(owner, planned_episode, 2)
    row = dashboard_for_user(actor=owner).row_for(planned_episode)
    assert row.next_session == 3
    assert [f.text for f in row.flags if f.kind == REASSESSMENT_DUE] == ["Reassess at session 3"]


def test_the_fifth_session_coming_up_is_a_reassessment_due_too(owner, planned_episode):
    unchanged_visits(owner, planned_episode, 4)
    assert REASSESSMENT_DUE in kinds(dashboard_for_user(actor=owner), planned_episode)


def test_the_first_session_is_no_reassessment(owner, planned_episode):
    row = dashboard_for_user(actor=owner).row_for(planned_episode)
    assert row.next_session == 1 and row.flags == [] and row.can_record
    assert row.stage_label == "Relieve muscular spasm" and row.stage_number == 1


def test_a_draft_note_is_flagged_unsigned_and_listed(owner, planned_episode):
    make_session(owner, planned_episode)
    draft = make_session(owner, planned_episode, sign=False)
    dashboard = dashboard_for_user(actor=owner)
    row = dashboard.row_for(planned_episode)
    assert [f.text for f in row.flags if f.kind == UNSIGNED] == ["1 unsigned note"]
    assert (row.draft.pk, row.draft.number) == (draft.pk, 2) and row.sessions_recorded == 2
    assert [s.pk for s in dashboard.unsigned] == [draft.pk]


def test_an_advance_proposal_is_flagged_until_decided(owner, planned_episode):
    make_session(owner, planned_episode, muscles_in_spasm=[], trigger_points=[])
    assert ADVANCE_PROPOSED in kinds(dashboard_for_user(actor=owner), planned_episode)
    progress_decide(
        actor=owner,
        episode_id=planned_episode.pk,
        kind="advance",
        at_session=1,
        decision="accepted",
        reason="Spasm settled.",
    )
    row = dashboard_for_user(actor=owner).row_for(planned_episode)
    assert ADVANCE_PROPOSED not in row.flag_kinds
    assert row.stage_label == "Restore flexibility"


def test_an_episode_without_a_plan_says_so(owner, episode):
    row = dashboard_for_user(actor=owner).row_for(episode)
    assert row.stage_label == "No plan yet" and not row.can_record
    assert [f.text for f in row.flags] == ["Not assessed yet"]
    assert row.flags[0].kind == NO_PLAN


def test_a_pending_red_flag_is_shown_first(owner, people, planned_episode, client_record):
    unchanged_visits(owner, planned_episode, 5)
    urgent = make_episode(owner, client_record, days_since_onset=0, complaint="Fell on the stairs")
    make_assessment(owner, urgent, red_flags=["minor_trauma", "osteoporosis"])
    dashboard = dashboard_for_user(actor=owner)
    first = dashboard.rows[0]
    assert first.episode == urgent and first.referral_pending and not first.can_record
    assert first.flags[0].kind == RED_FLAG
    assert first.flags[0].text == "Red flag: refer before treating" and first.flags[0].detail
    assert sum(1 for row in dashboard.rows if row.has_red_flag) == 1


def test_a_new_red_flag_at_the_latest_session_is_a_red_flag(owner, planned_episode):
    make_session(
        owner,
        planned_episode,
        red_flag_rescreen="new_flag",
        techniques=[],
        red_flag_note="New saddle numbness since yesterday.",
    )
    row = dashboard_for_user(actor=owner).row_for(planned_episode)
    assert row.has_red_flag and not row.can_record
    assert row.flags[0].text == "Red flag at session 1: treatment stopped"


def test_only_active_episodes_are_shown(owner, planned_episode):
    Episode.objects.filter(pk=planned_episode.pk).update(status=EpisodeStatus.DISCHARGED)
    assert dashboard_for_user(actor=owner).rows == []


def test_the_query_count_does_not_grow_with_the_number_of_episodes(
    owner, people, planned_episode, client_record, django_assert_max_num_queries
):
    def busy(episode):
        make_session(owner, episode, muscles_in_spasm=[], trigger_points=[])
        progress_decide(
            actor=owner,
            episode_id=episode.pk,
            kind="advance",
            at_session=1,
            decision="declined",
            reason="Wait a week.",
        )
        make_session(owner, episode, sign=False, stage="relieve_spasm")

    busy(planned_episode)
    with CaptureQueriesContext(connection) as one:
        assert len(dashboard_for_user(actor=owner).rows) == 1
    for _ in range(5):
        busy(planned_copy(owner, people, client_record))
    with django_assert_max_num_queries(len(one)):
        dashboard = dashboard_for_user(actor=owner)
    assert len(dashboard.rows) == 6 and len(dashboard.unsigned) == 6


def test_front_desk_is_refused(people, actor_of, planned_episode):
    with pytest.raises(Forbidden):
        dashboard_for_user(actor=actor_of(people.front_desk))


def test_a_colleague_sees_only_their_own_caseload(people, actor_of, owner, planned_episode):
    make_session(owner, planned_episode, sign=False)
    dashboard = dashboard_for_user(actor=actor_of(people.colleague))
    assert dashboard.rows == [] and dashboard.unsigned == []


def test_an_owner_sees_the_whole_clinic_and_a_clinician_may_not(
    people, actor_of, owner, planned_episode, client_record
):
    colleague = actor_of(people.colleague)
    theirs = planned_copy(colleague, people, client_record)
    assert [row.episode for row in dashboard_for_user(actor=owner).rows] == [planned_episode]
    whole = dashboard_for_user(actor=owner, scope="clinic")
    assert {row.episode for row in whole.rows} == {planned_episode, theirs}
    with pytest.raises(ValidationFailed) as refused:
        dashboard_for_user(actor=colleague, scope="clinic")
    assert "scope" in refused.value.errors


def test_an_outsider_sees_none_of_another_clinics_episodes(
    people, actor_of, owner, planned_episode
):
    make_session(owner, planned_episode, sign=False)
    dashboard = dashboard_for_user(actor=actor_of(people.outsider))
    assert dashboard.rows == [] and dashboard.unsigned == []


def test_the_dashboard_read_is_one_audited_list_event(owner, planned_episode):
    make_session(owner, planned_episode, sign=False)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    dashboard_for_user(actor=owner)
    [event] = AuditEvent.objects.filter(pk__gt=last)
    assert (event.action, event.object_type) == ("list", "dashboard")
    assert event.detail == {"scope": "mine", "page": 1, "episodes": 1, "unsigned": 1}
    assert event.clinic == owner.clinic and event.user == owner.user


def generated_clinic(owner, people, source: Episode, episodes: int, sessions: int) -> None:
    """Copies of a planned, treated episode, written straight through the models (the services
    would take minutes for a clinic of this size): each with its client, assessment, plan and
    `sessions` signed notes, some flagged, one draft each."""
    from django.utils import timezone

    from myomap.records.models import Assessment, Client, Plan, TreatmentSession

    assessment = Assessment.objects.get(episode=source)
    plan = Plan.objects.get(episode=source)
    for index in range(episodes):
        client = Client.objects.create(
            clinic=people.clinic, given_name=f"Client{index}", family_name=f"Generated{index}",
            date_of_birth=date(1980, 1, 1), sex="female", occupation="desk",
        )  # fmt: skip
        episode = Episode.objects.create(
            clinic=people.clinic, client=client, onset_date=date.today() - timedelta(days=60),
            complaint="Low back ache", created_by=owner.user,
        )  # fmt: skip
        copy = Assessment.objects.get(pk=assessment.pk)
        copy.pk, copy.episode = None, episode
        copy.save()
        copy_plan = Plan.objects.get(pk=plan.pk)
        copy_plan.pk, copy_plan.episode, copy_plan.assessment = None, episode, copy
        copy_plan.save()
        TreatmentSession.objects.bulk_create(
            TreatmentSession(
                clinic=people.clinic, episode=episode, plan=copy_plan, number=n,
                seen_on=date.today() - timedelta(days=7 * (sessions - n) + index % 5),
                stage="relieve_spasm", nprs_before=6 - n % 2, red_flag_rescreen="none_new",
                muscles_in_spasm=[] if n % 3 == 0 else None, trigger_points=None,
                created_by=owner.user,
                signed_at=None if n == sessions else timezone.now(),
                signed_by=None if n == sessions else owner.user,
            )
            for n in range(1, sessions + 1)
        )  # fmt: skip
    # Written past the services, as `bench.scale_data` does: the summaries are then brought up
    # to date as `myomap init` does it.
    episode_summaries_bring_up_to_date()


def test_today_costs_the_same_queries_for_a_small_and_a_larger_clinic(
    owner, people, planned_episode, browser_as
):
    """The worklist window loads one query per table for the page's episodes only, so the
    count is flat in the number of episodes and notes (no engine or query per clinic row)."""
    from django.urls import reverse

    web = browser_as(people.owner)
    generated_clinic(owner, people, planned_episode, episodes=2, sessions=3)
    for scope in ("mine", "clinic"):
        web.get(reverse("home") + f"?scope={scope}")  # warm caches (KB, session, templates)
    with CaptureQueriesContext(connection) as small:
        assert web.get(reverse("home")).status_code == 200
    with CaptureQueriesContext(connection) as small_clinic:
        web.get(reverse("home") + "?scope=clinic&page=1")
    generated_clinic(owner, people, planned_episode, episodes=60, sessions=12)
    with CaptureQueriesContext(connection) as large:
        response = web.get(reverse("home"))
    with CaptureQueriesContext(connection) as large_clinic:
        web.get(reverse("home") + "?scope=clinic&page=2")
    dashboard = response.context["dashboard"]
    assert dashboard.total == 63 and len(dashboard.rows) == 25
    assert len(large) == len(small)
    assert len(large_clinic) == len(small_clinic)


# --- the order: red flags first, then the longest since last seen ---


def test_a_red_flag_seen_yesterday_comes_before_clients_not_seen_for_weeks(
    owner, people, planned_episode, client_record
):
    """With a few hundred open episodes a red flag sorted by its last visit would sit on a
    later page; it is listed first wherever it was last seen."""
    unchanged_visits(owner, planned_episode, 3)  # last seen today, weeks of care before
    waiting = [make_episode(owner, client_record, complaint=f"Ache {n}") for n in range(3)]
    make_session(
        owner,
        planned_episode,
        red_flag_rescreen="new_flag",
        techniques=[],
        red_flag_note="New saddle numbness since yesterday.",
    )
    rows = dashboard_for_user(actor=owner).rows
    assert rows[0].episode == planned_episode and rows[0].has_red_flag
    assert [r.episode for r in rows[1:]] == waiting  # never seen: the first opened first


def test_never_seen_first_then_the_longest_since_last_seen(owner, people, client_record):
    seen_long_ago, seen_lately, never_seen = (
        assess_and_plan(owner, make_episode(owner, client_record, complaint=c))
        for c in ("A", "B", "C")
    )
    make_session(owner, seen_lately, seen_on=(date.today() - timedelta(days=2)).isoformat())
    make_session(owner, seen_long_ago, seen_on=(date.today() - timedelta(days=20)).isoformat())
    rows = dashboard_for_user(actor=owner).rows
    assert [r.episode for r in rows] == [never_seen, seen_long_ago, seen_lately]
    assert not any(r.has_red_flag for r in rows)


def test_the_stored_red_flag_is_the_overviews_own(owner, people, planned_episode, client_record):
    urgent = make_episode(owner, client_record, days_since_onset=0, complaint="Fell")
    make_assessment(owner, urgent, red_flags=["minor_trauma", "osteoporosis"])
    summaries = {s.episode_id: s for s in EpisodeSummary.objects.all()}
    assert summaries[urgent.pk].red_flag is True and summaries[urgent.pk].is_current
    assert summaries[planned_episode.pk].red_flag is False
    assert summaries[planned_episode.pk].is_current  # a new episode's summary is current


def test_an_episode_whose_summary_is_out_of_date_is_listed_first(
    owner, people, planned_episode, client_record
):
    """A write that bypassed the services leaves a summary out of date: its state is not known
    until it is computed again, so the worklist does not leave it on a later page."""
    other = assess_and_plan(owner, make_episode(owner, client_record, complaint="Other"))
    make_session(owner, other, seen_on=(date.today() - timedelta(days=30)).isoformat())
    make_session(owner, planned_episode)  # seen today: last by its visit
    EpisodeSummary.objects.filter(episode=planned_episode).update(revision=F("revision") + 1)
    rows = dashboard_for_user(actor=owner).rows
    assert [r.episode for r in rows] == [planned_episode, other]
    # Reading it computed and stored it again: the next page view orders it by its visit.
    rows = dashboard_for_user(actor=owner).rows
    assert [r.episode for r in rows] == [other, planned_episode]


def test_pages_of_the_worklist_neither_overlap_nor_leave_an_episode_out(owner, client_record):
    from myomap.records.worklist import PAGE_SIZE

    opened = {make_episode(owner, client_record, complaint=f"Ache {n}").pk for n in range(30)}
    first = dashboard_for_user(actor=owner, page=1)
    second = dashboard_for_user(actor=owner, page=2)
    assert len(first.rows) == PAGE_SIZE and len(second.rows) == 30 - PAGE_SIZE
    listed = [r.episode.pk for r in first.rows + second.rows]
    assert len(set(listed)) == 30 and set(listed) == opened
