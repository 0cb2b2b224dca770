"""May a session note be written? One answer everywhere: over episode status × plan state × red
flag × open proposal, the session service, the note page, the episode page, the progress page
and Today agree with each other and with the rule in docs/episode-state.md."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from myomap.errors import ValidationFailed
from myomap.records.models import Episode
from myomap.records.sessions.services import session_create
from tests.factories import make_assessment, make_session, session_note

STATUSES = ["active", "maintenance", "referred", "discharged"]
PLANS = ["no_assessment", "no_plan", "treatment"]
RED_FLAGS = ["none", "pending", "new_flag"]
PROPOSALS = ["none", "open"]
URGENT = ["saddle_sensory_change_new", "bladder_dysfunction_new"]


def _possible(plan: str, red_flag: str, proposal: str) -> bool:
    if plan == "no_assessment" and red_flag == "pending":
        return False  # a red flag is found by an assessment
    if plan != "treatment" and (red_flag == "new_flag" or proposal == "open"):
        return False  # both come from a session note, which needs a treatment plan
    return True


CASES = [
    case
    for case in itertools.product(STATUSES, PLANS, RED_FLAGS, PROPOSALS)
    if _possible(*case[1:])
]


class _Rollback(Exception):
    pass


def _service_allows(actor, episode) -> bool:
    try:
        with transaction.atomic():
            session_create(actor=actor, episode_id=episode.pk, note=session_note())
            raise _Rollback
    except _Rollback:
        return True
    except ValidationFailed:
        return False


def _signed(actor, episode, **changes) -> None:
    make_session(actor, episode, **changes)


def _build(request, actor, plan: str, red_flag: str, proposal: str) -> Episode:
    if plan == "treatment":
        episode = request.getfixturevalue("planned_episode")
    else:
        episode = request.getfixturevalue("episode")
    if plan == "no_plan":
        make_assessment(actor, episode, red_flags=URGENT if red_flag == "pending" else [])
    if proposal == "open":
        _signed(actor, episode, muscles_in_spasm=[], trigger_points=[])
    if red_flag == "new_flag":
        _signed(
            actor,
            episode,
            muscles_in_spasm=[],
            trigger_points=[],
            red_flag_rescreen="new_flag",
            red_flag_note="New saddle numbness since yesterday.",
            techniques=[],
        )
    if red_flag == "pending" and plan == "treatment":
        make_assessment(actor, episode, red_flags=URGENT)
    return episode


@pytest.mark.parametrize(("status", "plan", "red_flag", "proposal"), CASES)
def test_the_service_and_every_page_agree_on_whether_a_note_may_be_written(
    request, people, actor_of, browser_as, status, plan, red_flag, proposal
):
    owner = actor_of(people.owner)
    episode = _build(request, owner, plan, red_flag, proposal)
    Episode.objects.filter(pk=episode.pk).update(status=status, maintenance_check_on=date.today())
    expected = status in ("active", "maintenance") and plan == "treatment" and red_flag == "none"

    web = browser_as(people.owner)
    new_note = reverse("session_new", args=[episode.pk])
    answers = {
        "service": _service_allows(owner, episode),
        "note page": web.get(new_note).status_code == 200,
        "episode page": new_note
        in web.get(reverse("episode_detail", args=[episode.pk])).content.decode(),
        "progress page": new_note
        in web.get(reverse("episode_progress", args=[episode.pk])).content.decode(),
    }
    today = web.get(reverse("home") + "?scope=clinic").content.decode()
    if status != "discharged":  # Today lists active, referred and due maintenance episodes
        assert reverse("episode_detail", args=[episode.pk]) in today
    answers["Today"] = new_note in today
    assert answers == dict.fromkeys(answers, expected)
    if not expected:
        episode_page = web.get(reverse("episode_detail", args=[episode.pk])).content.decode()
        assert 'id="why-no-session"' in episode_page
