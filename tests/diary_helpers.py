"""Shared set-up of the diary tests: an episode with a signed-or-draft session whose home
programme has one exercise, and a client's posted entry."""

from __future__ import annotations

from datetime import date, timedelta

EXERCISE = "ql_side_lying_stretch"


def session_note(seen_on: date, nprs_before: int = 4) -> dict:
    return {
        "seen_on": seen_on.isoformat(),
        "stage": "relieve_spasm",
        "nprs_before": nprs_before,
        "nprs_after": max(0, nprs_before - 2),
        "discomfort": 6,
        "red_flag_rescreen": "none_new",
        "techniques": [
            {
                "technique": "ischemic_compression",
                "muscle": "quadratus_lumborum",
                "side": "right",
                "pressure_lb": "9",
                "hold_seconds": "60",
                "repetitions": "3",
            }
        ],
        "trigger_points": [{"muscle": "quadratus_lumborum", "side": "right", "released": True}],
        "muscles_in_spasm": [{"muscle": "quadratus_lumborum", "side": "right"}],
        "exercises": [{"exercise": EXERCISE, "dose": "3 x 20 s, twice a day"}],
        "aftercare": ["drink_water", "light_walking", "no_heavy_lifting_24h"],
    }


def record_session(actor, episode, days_ago: int = 3, nprs_before: int = 4):
    from myomap.records.sessions.services import session_create

    seen = date.today() - timedelta(days=days_ago)
    return session_create(
        actor=actor, episode_id=episode.pk, note=session_note(seen, nprs_before=nprs_before)
    )


def entry(days_ago: int = 0, nprs: int = 4, done: str = "yes", **extra) -> dict:
    data = {
        "entry_date": (date.today() - timedelta(days=days_ago)).isoformat(),
        "nprs": str(nprs),
        f"ex-{EXERCISE}-done": done,
        "comment": "",
    }
    if done == "yes":
        data[f"ex-{EXERCISE}-effort"] = "5"
        data[f"ex-{EXERCISE}-pain"] = "3"
    data.update(extra)
    return data


def entry_for(episode, days_ago: int = 0, nprs: int = 4) -> dict:
    """An entry answering "not done" for every exercise of the episode's current programme."""
    from myomap.records.diary.programme import client_programme_build

    data = {"entry_date": (date.today() - timedelta(days=days_ago)).isoformat(), "nprs": str(nprs)}
    for card in client_programme_build(episode).exercises:
        data[f"ex-{card['id']}-done"] = "no"
    return data
