"""The progress engine runs once per distinct input: the note form, the progress page and the
PDF of an unchanged episode reuse its judgement; any change to the notes is a new judgement."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from myomap.records.sessions import progress, progress_cache
from myomap.records.sessions.progress import episode_progress_for_user
from myomap.records.sessions.services import session_create, session_sign, session_update
from tests.factories import session_note


@pytest.fixture
def engine_runs(monkeypatch):
    cache.clear()
    runs = []
    real = progress.progress_run

    def counting(document):
        runs.append(len(document["sessions"]))
        return real(document)

    monkeypatch.setattr(progress, "progress_run", counting)
    return runs


def test_the_same_episode_is_judged_once_however_many_pages_ask(
    owner, planned_episode, engine_runs
):
    session_sign(
        actor=owner,
        session_id=session_create(
            actor=owner, episode_id=planned_episode.pk, note=session_note()
        ).pk,
    )
    first = episode_progress_for_user(actor=owner, episode=planned_episode)
    again = episode_progress_for_user(actor=owner, episode=planned_episode)
    assert engine_runs == [1]
    assert again.result == first.result and again.result is not first.result


def test_a_new_note_an_edited_draft_and_a_new_plan_are_each_judged_afresh(
    owner, planned_episode, engine_runs
):
    from myomap.records.plans.services import plan_generate

    draft = session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    episode_progress_for_user(actor=owner, episode=planned_episode)
    session_update(actor=owner, session_id=draft.pk, note=session_note(nprs_before=2))
    edited = episode_progress_for_user(actor=owner, episode=planned_episode)
    assert edited.result["nprs"]["latest"] == 2
    session_create(actor=owner, episode_id=planned_episode.pk, note=session_note())
    episode_progress_for_user(actor=owner, episode=planned_episode)
    plan_generate(actor=owner, assessment_id=planned_episode.assessments.get().pk)
    episode_progress_for_user(actor=owner, episode=planned_episode)
    assert engine_runs == [1, 1, 2, 2]


def test_a_cached_judgement_is_keyed_by_plan_input_and_knowledge_base_version(monkeypatch):
    document = {"plan": {}, "sessions": [{"number": 1}]}
    key = progress_cache._key(document, "plan-1")
    assert progress_cache._key(document, "plan-2") != key

    class OtherKb:
        version = "another"

    assert progress_cache._key({**document, "care": {"days": 3}}, "plan-1") != key
    monkeypatch.setattr(progress_cache, "get_kb", lambda: OtherKb())
    assert progress_cache._key(document, "plan-1") != key
