"""Today's stored overview of each episode (records.episodes.summary) is the episode read
model's own answer: after any sequence of writes through the services it is current and equal
to the state computed afresh from the rows, as the episode page computes it; after writes that
bypass the services the database has made it out of date (never current and wrong), and the
next reader computes and stores it again."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from myomap.clinical.kb import get_kb
from myomap.errors import Conflict, Forbidden, ValidationFailed
from myomap.records.assessments.actions import red_flag_action_record
from myomap.records.assessments.measures import assessment_measure_save
from myomap.records.assessments.services import assessment_create, assessment_red_flags_save
from myomap.records.episodes import episode_status_set
from myomap.records.episodes.care import episode_discharge, episode_reopen
from myomap.records.episodes.state import EpisodeOverview, episode_overview, episode_state_get
from myomap.records.episodes.summary import (
    _store,
    episode_overviews_for,
    episode_summaries_bring_up_to_date,
)
from myomap.records.models import (
    Assessment,
    Episode,
    EpisodeSummary,
    ProgressDecision,
    TreatmentSession,
)
from myomap.records.plans.services import plan_generate
from myomap.records.sessions.progress import progress_decide
from myomap.records.sessions.safety import session_safety_check_save
from myomap.records.sessions.services import (
    session_create,
    session_delete,
    session_sign,
    session_update,
)
from myomap.records.worklist import dashboard_for_user
from tests.factories import session_note

URGENT = ["saddle_sensory_change_new", "bladder_dysfunction_new"]
REFUSED = (ValidationFailed, Conflict, Forbidden)


def summary_of(episode) -> EpisodeSummary:
    return EpisodeSummary.objects.get(episode_id=episode.pk)


def afresh(actor, episode) -> EpisodeOverview:
    """What the episode page's state says, computed from the rows."""
    return episode_overview(episode_state_get(actor=actor, episode_id=episode.pk))


def assert_current_and_equal(actor, episode) -> None:
    summary = summary_of(episode)
    assert summary.is_current and summary.kb_version == get_kb().version
    assert EpisodeOverview.from_json(summary.overview) == afresh(actor, episode)


def assert_never_current_and_wrong(actor, episode) -> None:
    summary = summary_of(episode)
    if summary.is_current and summary.kb_version == get_kb().version:
        assert EpisodeOverview.from_json(summary.overview) == afresh(actor, episode)


def _draft(episode) -> TreatmentSession | None:
    return TreatmentSession.objects.filter(episode=episode, signed_at__isnull=True).first()


def _latest_assessment(episode) -> Assessment | None:
    return Assessment.objects.filter(episode=episode).order_by("-number").first()


# -- the writes a generated sequence is made of: each through a service, refused or done ----


def w_note(actor, episode, data):
    changes = {"nprs_before": data.draw(st.integers(0, 10), label="nprs")}
    if data.draw(st.booleans(), label="spasm gone"):
        changes.update(muscles_in_spasm=[], trigger_points=[])
    if data.draw(st.integers(0, 9), label="new flag") == 0:
        changes.update(red_flag_rescreen="new_flag", red_flag_note="New numbness.", techniques=[])
    made = session_create(actor=actor, episode_id=episode.pk, note=session_note(**changes))
    if data.draw(st.booleans(), label="sign now"):
        session_sign(actor=actor, session_id=made.pk)
    return True


def w_sign(actor, episode, data):
    draft = _draft(episode)
    if draft is not None:
        session_sign(actor=actor, session_id=draft.pk)
        return True
    return False


def w_edit(actor, episode, data):
    draft = _draft(episode)
    if draft is not None:
        nprs = data.draw(st.integers(0, 10), label="edited nprs")
        session_update(actor=actor, session_id=draft.pk, note=session_note(nprs_before=nprs))
        return True
    return False


def w_delete(actor, episode, data):
    draft = _draft(episode)
    if draft is not None:
        session_delete(actor=actor, session_id=draft.pk)
        return True
    return False


def w_decide(actor, episode, data):
    proposals = episode_state_get(actor=actor, episode_id=episode.pk).open_proposals
    if proposals:
        proposal = data.draw(st.sampled_from(proposals), label="proposal")
        progress_decide(
            actor=actor,
            episode_id=episode.pk,
            kind=proposal["kind"],
            at_session=proposal["at_session"],
            decision=data.draw(st.sampled_from(["accepted", "declined"]), label="decision"),
            reason="Discussed with the client.",
        )
        return True
    return False


def w_reassess(actor, episode, data):
    assessment = assessment_create(actor=actor, episode_id=episode.pk)
    findings = URGENT if data.draw(st.integers(0, 3), label="urgent") == 0 else []
    assessment_red_flags_save(actor=actor, assessment_id=assessment.pk, data={"findings": findings})
    # A step that is no input of the state: the database leaves the summary current.
    assessment_measure_save(actor=actor, assessment_id=assessment.pk, instrument="nprs", answers=5)
    return True


def w_plan(actor, episode, data):
    latest = _latest_assessment(episode)
    if latest is not None:
        plan_generate(actor=actor, assessment_id=latest.pk)
        return True
    return False


def w_refer(actor, episode, data):
    latest = _latest_assessment(episode)
    if latest is not None:
        red_flag_action_record(
            actor=actor,
            assessment_id=latest.pk,
            data={"referred_to": "Emergency department", "referred_on": date.today().isoformat()},
        )
        return True
    return False


def w_status(actor, episode, data):
    status = data.draw(st.sampled_from(["referred", "active"]), label="status")
    episode_status_set(
        actor=actor, episode_id=episode.pk, data={"status": status, "status_note": "Changed."}
    )
    return True


def w_discharge(actor, episode, data):
    episode_discharge(
        actor=actor,
        episode_id=episode.pk,
        data={
            "to": data.draw(st.sampled_from(["maintenance", "discharged"]), label="to"),
            "discharged_on": date.today().isoformat(),
            "reason": "Goals met.",
            "confirm": "on",
        },
    )
    return True


def w_reopen(actor, episode, data):
    episode_reopen(actor=actor, episode_id=episode.pk, reason="Pain is back.")
    return True


def w_safety(actor, episode, data):
    draft = _draft(episode)
    if draft is not None:
        worse = data.draw(st.booleans(), label="worse re-check")
        session_safety_check_save(
            actor=actor,
            session_id=draft.pk,
            data={"health_changed": "no", "neuro_myotomes": "worse" if worse else "same",
                  "neuro_reflexes": "same"},
        )  # fmt: skip
        return True
    return False


SERVICE_WRITES = [
    w_note, w_note, w_note, w_sign, w_edit, w_delete, w_decide, w_decide, w_reassess, w_plan,
    w_refer, w_status, w_discharge, w_reopen, w_safety,
]  # fmt: skip


def _bypass(episode, data) -> None:
    """A write past the services, as an import or a hand fix in the database would make."""
    choice = data.draw(st.integers(0, 3), label="bypass")
    if choice == 0:
        status = data.draw(st.sampled_from(["active", "referred", "maintenance"]), label="raw")
        Episode.objects.filter(pk=episode.pk).update(status=status)
    elif choice == 1:
        TreatmentSession.objects.filter(episode=episode, signed_at__isnull=True).update(
            nprs_before=0
        )
    elif choice == 2:
        ProgressDecision.objects.filter(episode=episode).delete()
    else:
        Assessment.objects.filter(episode=episode).update(triage_result=None)


class _Rollback(Exception):
    pass


def _run_sequence(owner, episode, data) -> None:
    try:
        with transaction.atomic():  # every example starts from the same episode
            for _ in range(data.draw(st.integers(4, 14), label="steps")):
                if data.draw(st.integers(0, 7), label="past the services") == 0:
                    _bypass(episode, data)
                    assert_never_current_and_wrong(owner, episode)
                    continue
                write = data.draw(st.sampled_from(SERVICE_WRITES), label="write")
                try:
                    wrote = write(owner, episode, data)
                except REFUSED:
                    wrote = False  # not allowed in this state: nothing was written
                if wrote:
                    assert_current_and_equal(owner, episode)
                else:
                    assert_never_current_and_wrong(owner, episode)
                # Today shows the same answers (and brings an out-of-date summary up to date).
                row = dashboard_for_user(actor=owner, scope="clinic").row_for(episode)
                if row is not None:
                    assert row.overview == afresh(owner, episode)
            raise _Rollback
    except _Rollback:
        pass


SEQUENCES = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SEQUENCES
@given(data=st.data())
def test_after_any_sequence_of_writes_the_summary_is_what_the_rows_say(
    owner, planned_episode, data
):
    _run_sequence(owner, planned_episode, data)


@SEQUENCES
@given(data=st.data())
def test_the_same_holds_with_the_neurological_re_check_of_a_radicular_plan(
    owner, radicular_episode, data
):
    _run_sequence(owner, radicular_episode, data)


# -- the database's part: every input change makes a summary out of date --------------------


def test_an_episode_gets_its_summary_row_from_the_database_and_loses_it_with_it(people, episode):
    summary = summary_of(episode)
    # Made by the database with the episode, then computed by `episode_create` in its own
    # transaction: current from the start.
    assert (summary.clinic_id, summary.revision, summary.computed_revision) == (
        people.clinic.pk, 1, 1
    )  # fmt: skip
    Episode.objects.filter(pk=episode.pk).delete()
    assert not EpisodeSummary.objects.filter(episode_id=episode.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda e: TreatmentSession.objects.filter(episode=e).update(nprs_before=1),
        lambda e: TreatmentSession.objects.filter(episode=e, signed_at__isnull=True).delete(),
        lambda e: Assessment.objects.filter(episode=e).update(triage_result={"urgency": "urgent"}),
        lambda e: Assessment.objects.filter(episode=e).update(assessed_on=date(2026, 1, 2)),
        lambda e: Episode.objects.filter(pk=e.pk).update(status="referred"),
        lambda e: e.plans.update(kb_version="changed"),
    ],
    ids=["note", "draft deleted", "triage", "assessment date", "status", "plan"],
)
def test_a_change_to_any_input_past_the_services_makes_the_summary_out_of_date(
    owner, planned_episode, change
):
    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    assert_current_and_equal(owner, planned_episode)
    change(planned_episode)
    assert not summary_of(planned_episode).is_current


def test_what_is_no_input_of_the_state_leaves_the_summary_current(owner, planned_episode):
    assessment = _latest_assessment(planned_episode)
    before = summary_of(planned_episode).revision
    assessment_measure_save(actor=owner, assessment_id=assessment.pk, instrument="nprs", answers=4)
    Episode.objects.filter(pk=planned_episode.pk).update(complaint="Low back and hip")
    assert summary_of(planned_episode).revision == before


def test_a_stored_overview_older_than_its_inputs_is_never_written_over_a_newer_change(
    owner, planned_episode
):
    revision = summary_of(planned_episode).revision
    stale = afresh(owner, planned_episode)
    # The revision moves on.
    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    assert _store(owner.clinic.pk, planned_episode.pk, revision, stale, get_kb().version) == 0
    assert_current_and_equal(owner, planned_episode)


# -- readers: out of date means computed afresh, and stored for the next reader ---------------


def test_today_computes_an_out_of_date_summary_afresh_and_stores_it(owner, planned_episode):
    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    Episode.objects.filter(pk=planned_episode.pk).update(status="referred")  # past the services
    row = dashboard_for_user(actor=owner).row_for(planned_episode)
    assert not row.can_record and row.overview.blocked_by == "status"
    assert_current_and_equal(owner, planned_episode)


def test_a_summary_of_another_knowledge_base_is_computed_afresh(owner, planned_episode):
    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    EpisodeSummary.objects.filter(episode_id=planned_episode.pk).update(
        kb_version="2000.1.1+old", overview={"sessions": 99}
    )
    [view] = episode_overviews_for(actor=owner, episodes=[planned_episode])
    assert view == afresh(owner, planned_episode) and view.sessions == 1
    assert summary_of(planned_episode).kb_version == get_kb().version


def test_a_current_summary_is_read_without_touching_the_notes(owner, planned_episode):
    for _ in range(3):
        session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    with CaptureQueriesContext(connection) as reads:
        [view] = episode_overviews_for(actor=owner, episodes=[planned_episode])
    assert view.sessions == 3 and len(reads) == 1
    assert "records_treatmentsession" not in reads[0]["sql"]


def test_init_brings_every_summary_up_to_date_in_batches(owner, people, planned_episode):
    """Rows written past the services (a generated clinic, an import) and a lost summary row."""
    from myomap.records.models import Client

    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    others = []
    for index in range(5):
        client = Client.objects.create(
            clinic=people.clinic, given_name="G", family_name=f"Gen{index}",
            date_of_birth=date(1980, 1, 1), sex="female", occupation="desk",
        )  # fmt: skip
        others.append(
            Episode.objects.create(
                clinic=people.clinic,
                client=client,
                complaint="Neck",
                onset_date=date.today() - timedelta(days=9),
                created_by=people.owner,
            )  # fmt: skip
        )
    EpisodeSummary.objects.filter(episode_id=others[0].pk).delete()
    TreatmentSession.objects.filter(episode=planned_episode).update(nprs_before=2)
    assert episode_summaries_bring_up_to_date(batch=2) == 6
    for episode in [planned_episode, *others]:
        assert_current_and_equal(owner, episode)
    assert episode_summaries_bring_up_to_date(batch=2) == 0


def test_bringing_one_clinic_up_to_date_leaves_the_others_alone(owner, people, planned_episode):
    """The demo builder computes its own clinic's summaries, not every clinic's on the server."""
    from myomap.records.models import Client

    client = Client.objects.create(
        clinic=people.other_clinic, given_name="G", family_name="Elsewhere",
        date_of_birth=date(1980, 1, 1), sex="female", occupation="desk",
    )  # fmt: skip
    elsewhere = Episode.objects.create(
        clinic=people.other_clinic, client=client, complaint="Neck",
        onset_date=date.today() - timedelta(days=9), created_by=people.owner,
    )  # fmt: skip
    EpisodeSummary.objects.filter(episode=planned_episode).update(revision=F("revision") + 1)
    assert episode_summaries_bring_up_to_date(clinic=people.clinic) == 1
    assert summary_of(planned_episode).is_current
    assert not summary_of(elsewhere).is_current  # made past the services: not yet computed
    assert episode_summaries_bring_up_to_date() == 1  # the other clinic's
    assert summary_of(elsewhere).is_current


def test_signing_updates_only_what_a_signature_changes_and_rebuilds_after_other_changes(
    owner, planned_episode
):
    first = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    second = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    session_sign(actor=owner, session_id=first.pk)
    assert_current_and_equal(owner, planned_episode)
    stored = summary_of(planned_episode).overview
    assert (stored["unsigned"], stored["draft_number"]) == (1, 2)
    # A change past the services before the signature: the whole state is rebuilt.
    TreatmentSession.objects.filter(pk=second.pk).update(nprs_before=0)
    session_sign(actor=owner, session_id=second.pk)
    assert_current_and_equal(owner, planned_episode)
    assert summary_of(planned_episode).overview["unsigned"] == 0
