"""Today shows the progress engine's red-flag re-screen as a red flag."""

from __future__ import annotations

from datetime import date

from myomap.records.episodes.state import EpisodeState, episode_overview
from myomap.records.models import Episode
from myomap.records.sessions.progress import EpisodeProgress
from myomap.records.worklist import RED_FLAG, _flags


def _flags_of(screen: dict):
    progress = EpisodeProgress(plan=None, sessions=[], decisions=[], result={"triage": screen})
    state = EpisodeState(
        episode=Episode(status="active"), progress=progress, latest_assessment=None,
        today=date.today(),
    )  # fmt: skip
    return _flags(episode_overview(state), state.episode, state.today)


def test_an_urgent_re_screen_from_progress_is_a_red_flag_on_today():
    screen = {"urgency": "urgent", "concerns": [{"action": "Urgent GP review."}]}
    [flag] = [f for f in _flags_of(screen) if f.kind == RED_FLAG]
    assert "urgent" in flag.text and flag.detail == "Urgent GP review."
    assert "_" not in flag.text  # words, not the urgency id


def test_a_re_screen_with_no_concern_raises_no_flag():
    assert not [f for f in _flags_of({"urgency": "none"}) if f.kind == RED_FLAG]
