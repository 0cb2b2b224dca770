"""Today shows the progress engine's red-flag re-screen as a red flag."""

from __future__ import annotations

from myomap.records.dashboard import RED_FLAG, _red_flag
from myomap.records.sessions.progress import EpisodeProgress


def test_an_urgent_re_screen_from_progress_is_a_red_flag_on_today():
    screen = {"urgency": "urgent", "concerns": [{"action": "Urgent GP review."}]}
    progress = EpisodeProgress(plan=None, sessions=[], decisions=[], result={"triage": screen})
    flag = _red_flag(progress, None)
    assert flag is not None and flag.kind == RED_FLAG
    assert "urgent" in flag.text and flag.detail == "Urgent GP review."


def test_a_re_screen_with_no_concern_raises_no_flag():
    progress = EpisodeProgress(
        plan=None, sessions=[], decisions=[], result={"triage": {"urgency": "none"}}
    )
    assert _red_flag(progress, None) is None
