"""Progress page (docs/clinical-rules.md, progress): the engine's proposals first, each accepted or
declined with a required reason; the NPRS change against the MCID; charts as inline SVG with
captions and data tables; the sessions; scoped, audited and with a flat query count."""

from __future__ import annotations

from django.urls import reverse

from myomap.accounts.models import AuditEvent
from myomap.records.episodes.state import episode_state_get
from myomap.records.models import Episode, EpisodeStatus, ProgressDecision
from myomap.records.sessions.progress import progress_decide
from tests.audit_helpers import audited
from tests.factories import make_session

QUERY_BOUND = 30  # the same bound for 2 and for 12 sessions


# Five visits that meet every stage's exit criteria in turn, pain 6 → 3: discharge is proposed.
WALK_TO_DISCHARGE = [
    {"stage": "relieve_spasm", "nprs_before": 6, "muscles_in_spasm": [], "trigger_points": []},
    {"stage": "restore_flexibility", "nprs_before": 5, "muscles_shortened": []},
    {
        "stage": "restore_biomechanics",
        "nprs_before": 5,
        "muscles_in_spasm": [],
        "pelvis_level": True,
        "criteria_met": ["movement_control_restored"],
    },
    {"stage": "build_strength", "nprs_before": 4},
    {"stage": "build_endurance", "nprs_before": 3, "criteria_met": ["return_to_activity"]},
]


def record(actor, episode: Episode, *visits: dict, sign: bool = True) -> None:
    for visit in visits:
        make_session(actor, episode, sign=sign, **visit)


def walk_accepting(actor, episode: Episode, *visits: dict) -> None:
    """Record each visit and accept the advance it makes possible: a stage starts only when
    the clinician accepts, so the walk to discharge accepts every advance on the way."""
    for visit in visits:
        record(actor, episode, visit)
        state = episode_state_get(actor=actor, episode_id=episode.pk)
        for proposal in state.open_proposals:
            if proposal["kind"] == "advance":
                progress_decide(
                    actor=actor,
                    episode_id=episode.pk,
                    kind="advance",
                    at_session=proposal["at_session"],
                    decision="accepted",
                    reason="Exit criteria met; client ready.",
                )


def page_of(web, episode: Episode):
    return web.get(reverse("episode_progress", args=[episode.pk]))


def decide(web, episode: Episode, **fields):
    return web.post(reverse("progress_decide", args=[episode.pk]), fields)


def test_before_the_first_session_the_page_shows_an_empty_state(
    people, planned_episode, browser_as
):
    page = page_of(browser_as(people.owner), planned_episode)
    html = page.content.decode()
    assert page.status_code == 200
    assert "No session recorded yet" in html and "Record session 1" in html
    assert "<svg" not in html and 'id="proposals"' not in html


def test_five_sessions_without_improvement_show_the_non_responder_proposal_first(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, *[{"nprs_before": 6}] * 5)
    html = page_of(browser_as(people.owner), planned_episode).content.decode()
    assert (
        "No clinically important improvement in pain by session 5: reassess, re-screen red "
        "and yellow flags, consider referral" in html
    )
    # The reason cites its source as a short citation linking to the source card, no rule id.
    assert 'href="/sources/OSTELO-2008/"' in html and "progress.r10" not in html
    assert html.index('id="proposals"') < html.index('id="summary"') < html.index('id="charts"')
    assert 'name="reason"' in html and "required" in html
    assert 'value="accepted"' in html and 'value="declined"' in html


def test_findings_meeting_stage_one_exit_criteria_show_an_advance_proposal(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, {"muscles_in_spasm": [], "trigger_points": []})
    html = page_of(browser_as(people.owner), planned_episode).content.decode()
    assert "Advance to the next stage: Restore flexibility" in html
    assert 'href="/sources/SEED-004/"' in html and "progress.r4" not in html
    assert 'name="kind" value="advance"' in html and 'name="at_session" value="1"' in html


def test_accepting_an_advance_records_the_reason_and_closes_the_proposal(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, {"muscles_in_spasm": [], "trigger_points": []})
    web = browser_as(people.owner)
    done = decide(
        web,
        planned_episode,
        kind="advance",
        at_session="1",
        decision="accepted",
        reason="Spasm gone on palpation; client keen to stretch.",
    )
    assert done.status_code == 302
    assert done.url.startswith(reverse("episode_progress", args=[planned_episode.pk]))
    decision = ProgressDecision.objects.get()
    assert (decision.kind, decision.decision, decision.decided_by) == (
        "advance",
        "accepted",
        people.owner,
    )
    html = web.get(done.url).content.decode()
    assert "Accepted: the next session note starts in Restore flexibility." in html
    assert 'id="proposals"' not in html
    assert 'Restore flexibility</strong> <span class="muted">— the next note starts in it' in html
    assert "Spasm gone on palpation; client keen to stretch." in html and "Olivia" in html


def test_declining_the_non_responder_alert_records_the_reason_and_closes_it(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, *[{"nprs_before": 6}] * 5)
    web = browser_as(people.owner)
    decide(
        web,
        planned_episode,
        kind="non_responder",
        at_session="5",
        decision="declined",
        reason="Function improving (walks 2 km); pain lags. Review at session 7.",
    )
    html = page_of(web, planned_episode).content.decode()
    assert ProgressDecision.objects.get().decision == "declined"
    assert "No clinically important improvement in pain by session 5" not in html
    assert "Declined" in html and "Function improving (walks 2 km)" in html
    assert 'id="next-steps"' not in html


def test_a_decision_without_a_reason_is_refused_with_400_naming_the_field(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, *[{"nprs_before": 6}] * 5)
    page = decide(
        browser_as(people.owner),
        planned_episode,
        kind="non_responder",
        at_session="5",
        decision="declined",
        reason="  ",
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "A reason is required for every decision." in html
    assert 'id="reason-non_responder-5-error"' in html and 'aria-invalid="true"' in html
    assert '<a href="#reason-non_responder-5">Reason</a>' in html  # the summary links the field
    assert 'id="proposals"' in html  # the proposal is still open, shown with its error
    assert not ProgressDecision.objects.exists()


def test_a_decision_on_a_proposal_that_is_not_open_is_refused(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, {"nprs_before": 6})
    page = decide(
        browser_as(people.owner),
        planned_episode,
        kind="discharge",
        at_session="1",
        decision="accepted",
        reason="Feels fine.",
    )
    assert page.status_code == 400
    assert "No open &#x27;discharge&#x27; proposal at session 1" in page.content.decode()
    assert not ProgressDecision.objects.exists()


def test_accepting_the_non_responder_alert_explains_the_next_steps(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, *[{"nprs_before": 6}] * 5)
    web = browser_as(people.owner)
    done = decide(
        web,
        planned_episode,
        kind="non_responder",
        at_session="5",
        decision="accepted",
        reason="No change in five visits; re-assess today.",
    )
    assert done.url.endswith("#next-steps")
    html = web.get(done.url).content.decode()
    assert "Non-responder alert accepted. Next: start a re-assessment" in html
    assert 'id="next-steps"' in html and "re-screen red flags and yellow flags" in html
    assert f'action="{reverse("assessment_new", args=[planned_episode.pk])}"' in html
    web.post(reverse("assessment_new", args=[planned_episode.pk]))
    assert 'id="next-steps"' not in page_of(web, planned_episode).content.decode()


def test_accepting_discharge_moves_the_episode_to_maintenance(
    people, owner, planned_episode, browser_as
):
    walk_accepting(owner, planned_episode, *WALK_TO_DISCHARGE)
    web = browser_as(people.owner)
    html = page_of(web, planned_episode).content.decode()
    assert "Discharge to a maintenance plan with periodic trigger-point checks" in html
    assert "Exit criteria of the last stage are met" in html
    assert "Exit criteria met at session 5: discharge proposed" in html
    decide(
        web,
        planned_episode,
        kind="discharge",
        at_session="5",
        decision="accepted",
        reason="Back to gardening without pain; home programme understood.",
    )
    planned_episode.refresh_from_db()
    assert planned_episode.status == EpisodeStatus.MAINTENANCE
    assert planned_episode.discharged_on is not None
    assert planned_episode.discharge_reason.startswith("Back to gardening")
    html = page_of(web, planned_episode).content.decode()
    # Maintenance checks are visits too: the episode keeps "Record session".
    assert 'id="proposals"' not in html and "Record session 6" in html
    assert "Maintenance" in html and "Discharged to maintenance." in html


def test_the_summary_states_the_nprs_change_and_both_mcid_statements(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, {"nprs_before": 6}, {"nprs_before": 5}, {"nprs_before": 3})
    html = page_of(browser_as(people.owner), planned_episode).content.decode()
    assert "6 → 3" in html and "Improved by 3 points (50 % of baseline)." in html
    assert "Clinically important improvement reached" in html
    assert "Improvement 3 against an absolute threshold of 2 (lower is better): met." in html
    assert "Improvement 50.0 % of baseline against 30 %: met." in html
    assert "Reassessment due (session 3)" in html  # session 3 is a planned reassessment
    assert "Knowledge base 2026." in html


def test_the_charts_are_inline_svg_images_with_captions_and_data_tables(
    people, owner, planned_episode, browser_as
):
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.models import Assessment

    assessment = Assessment.objects.get(episode=planned_episode)
    odi = [2, 1, 3, 1, 3, 2, 1, None, 2, 2]
    assessment_measure_save(actor=owner, assessment_id=assessment.pk, instrument="odi", answers=odi)
    record(
        owner,
        planned_episode,
        {"nprs_before": 6},
        {"nprs_before": 5, "trigger_points": None},
        {"nprs_before": 4, "trigger_points": []},
    )
    html = page_of(browser_as(people.owner), planned_episode).content.decode()
    assert html.count('role="img"') == 3
    for chart in ("nprs-chart", "odi-chart", "trigger-point-chart"):
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and f'id="{chart}"' in html
    assert 'id="rmdq-chart"' not in html and 'id="psfs-chart"' not in html
    assert html.count("<figcaption>") == 3 and html.count('<details class="chart-data">') == 3
    assert "Relieve muscular spasm" in html  # stage band label from the knowledge base
    trigger_table = html[html.index('id="figure-trigger-point-chart"') :]
    # Session 2 did not examine trigger points: it is left out, not drawn as zero.
    assert '<th scope="row">1</th><td>1</td>' in trigger_table
    assert '<th scope="row">2</th>' not in trigger_table
    assert '<th scope="row">3</th><td>0</td>' in trigger_table
    assert "style=" not in html and "<style" not in html  # strict CSP: no inline styles


def test_the_sessions_table_links_each_note_and_tells_signed_from_draft(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, {"nprs_before": 6, "nprs_after": 3})
    record(owner, planned_episode, {"nprs_before": 5, "nprs_after": None}, sign=False)
    html = page_of(browser_as(people.owner), planned_episode).content.decode()
    table = html[html.index('id="sessions"') :]
    for session in planned_episode.sessions.all():
        assert reverse("session_detail", args=[session.pk]) in table
    assert "6 → 3" in table and "Signed" in table and "Draft" in table
    assert "(1 signed)" in html and "Record session 3" in html


def test_an_engine_problem_is_shown_as_a_note_instead_of_a_result(
    people, owner, planned_episode, browser_as, monkeypatch
):
    from myomap.clinical.explain import EngineInputError
    from myomap.records.sessions import progress

    record(owner, planned_episode, {"nprs_before": 6})

    def refuse(document):
        raise EngineInputError("plan is missing its stages", "plan")

    monkeypatch.setattr(progress, "progress_run", refuse)
    # Signing the note already judged this episode (its Today summary is kept current), and
    # the judgement is cached by its input: without clearing it, the page would not ask the
    # refusing engine at all.
    from django.core.cache import cache

    cache.clear()
    page = page_of(browser_as(people.owner), planned_episode)
    html = page.content.decode()
    assert page.status_code == 200
    assert "The engine could not judge progress: plan is missing its stages" in html
    assert 'id="summary"' not in html and 'id="nprs-chart"' in html


def test_a_colleague_sees_and_decides_front_desk_gets_403_another_clinic_404(
    people, owner, planned_episode, browser_as
):
    record(owner, planned_episode, *[{"nprs_before": 6}] * 5)
    fields = {
        "kind": "non_responder",
        "at_session": "5",
        "decision": "declined",
        "reason": "Reviewed with the client.",
    }
    for user, status in ((people.front_desk, 403), (people.outsider, 404)):
        web = browser_as(user)
        assert page_of(web, planned_episode).status_code == status
        assert decide(web, planned_episode, **fields).status_code == status
    assert not ProgressDecision.objects.exists()
    colleague = browser_as(people.colleague)
    assert page_of(colleague, planned_episode).status_code == 200
    assert decide(colleague, planned_episode, **fields).status_code == 302
    assert ProgressDecision.objects.get().decided_by == people.colleague


def test_reading_the_page_is_audited(people, owner, planned_episode, browser_as):
    record(owner, planned_episode, {"nprs_before": 6})
    page_of(browser_as(people.colleague), planned_episode)
    assert audited(
        user=people.colleague,
        action="read",
        object_type="episode",
        object_id=str(planned_episode.pk),
    )
    assert audited(user=people.colleague, action="list", object_type="session")
    assert audited(user=people.colleague, action="list", object_type="assessment")
    # ... all in the one audit event of that request
    assert AuditEvent.objects.filter(user=people.colleague, action="read").count() == 1


def test_the_query_count_does_not_grow_with_the_number_of_sessions(
    people, owner, planned_episode, browser_as, django_assert_max_num_queries
):
    web = browser_as(people.owner)
    record(owner, planned_episode, *[{"nprs_before": 6}] * 2)
    page_of(web, planned_episode)  # warm the login session
    with django_assert_max_num_queries(QUERY_BOUND):
        assert page_of(web, planned_episode).status_code == 200
    record(owner, planned_episode, *[{"nprs_before": 5}] * 10)
    with django_assert_max_num_queries(QUERY_BOUND):
        assert page_of(web, planned_episode).status_code == 200
