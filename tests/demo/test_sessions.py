"""The demo clinic holds treated episodes made through the real services: an improving client,
a non-responder, one ready for discharge, a draft note and a red flag waiting for its referral;
the dashboard shows each."""

from __future__ import annotations

from datetime import date

import pytest

from myomap.accounts.actor import actor_for_user
from myomap.accounts.models import Membership, Role
from myomap.records.models import Episode, TreatmentSession
from myomap.records.sessions.progress import episode_progress_for_user
from myomap.records.worklist import dashboard_for_user

TREATED = ("Okafor", "Brandt", "Nowak")


@pytest.fixture
def clinician(demo_clinic):
    member = Membership.objects.get(clinic=demo_clinic, role=Role.CLINICIAN)
    return actor_for_user(member.user)


def progress_of(actor, family_name: str):
    episode = Episode.objects.get(clinic=actor.clinic, client__family_name=family_name)
    return episode_progress_for_user(actor=actor, episode=episode)


def test_each_treated_episode_has_three_to_eight_signed_weekly_sessions_in_the_past(clinician):
    for family_name in TREATED:
        signed = TreatmentSession.objects.filter(
            episode__client__family_name=family_name, signed_at__isnull=False
        ).order_by("number")
        assert 3 <= signed.count() <= 8, family_name
        dates = [s.seen_on for s in signed]
        assert all(d < date.today() for d in dates)
        assert {(b - a).days for a, b in zip(dates, dates[1:], strict=False)} == {7}
        assert (date.today() - dates[-1]).days <= 10


def test_the_improving_client_has_moved_a_stage_on(clinician):
    result = progress_of(clinician, "Okafor").result
    assert result["nprs"]["baseline"] == 6 and result["nprs"]["latest"] == 3
    assert result["mcid_reached"] and result["completed_stages"][0]["stage"] == "relieve_spasm"
    assert result["current_stage"] == "restore_flexibility" and result["advance"]


def test_one_client_does_not_respond(clinician):
    progress = progress_of(clinician, "Brandt")
    assert progress.result["non_responder"] is True
    assert all(abs(s.nprs_before - 6) <= 1 for s in progress.sessions)


def test_one_client_is_ready_for_discharge_after_all_five_stages(clinician):
    progress = progress_of(clinician, "Nowak")
    assert progress.result["discharge"]["proposed"] is True
    # Four stages left by accepted advances; the last is current until discharge is decided.
    assert len(progress.result["completed_stages"]) == 4
    assert progress.result["current_stage"] == "build_endurance"
    assert [s.stage for s in progress.sessions][-1] == "build_endurance"


def test_the_dashboard_shows_the_demo_flags(clinician):
    dashboard = dashboard_for_user(actor=clinician)
    flags = {row.client.family_name: row.flag_kinds for row in dashboard.rows}
    assert "non_responder" in flags["Brandt"] and "unsigned" in flags["Brandt"]
    assert "discharge_proposed" in flags["Nowak"]
    assert {"advance_proposed", "reassessment_due"} <= flags["Okafor"]
    assert dashboard.rows[0].client.family_name == "Castellano"
    assert "red_flag" in flags["Castellano"]
    assert [s.episode.client.family_name for s in dashboard.unsigned] == ["Brandt"]


def test_the_non_responders_re_screen_is_shown_as_a_red_flag(clinician):
    """Over 50 with no improvement after weeks of care, the re-screen calls for a referral: a
    red-flag badge, listed second, and the row marked red like the others listed first,
    though the draft in hand may still be finished."""
    rows = dashboard_for_user(actor=clinician).rows
    brandt = next(row for row in rows if row.client.family_name == "Brandt")
    assert "red_flag" in brandt.flag_kinds and brandt.draft is not None
    assert not brandt.has_red_flag and brandt.shows_red_flag
    assert [row.client.family_name for row in rows[:2]] == ["Castellano", "Brandt"]
    others = [row for row in rows if row.client.family_name not in ("Castellano", "Brandt")]
    assert not any(row.shows_red_flag for row in others)
