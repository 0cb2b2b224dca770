"""The red-flag journey that must stop: a clinician starts an assessment, answers red-flag
questions that point to cauda equina, sees the emergency banner, records the referral, and the
episode shows Referred."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_cauda_equina_answers_stop_the_assessment_until_the_referral_is_recorded(
    page, live_server, people, client_record, logged_in_page, screenshot
):
    from tests.factories import make_episode, staff_actor

    episode = make_episode(
        staff_actor(people.owner),
        client_record,
        days_since_onset=10,
        complaint="Low back pain, now numb in the saddle area",
    )
    page.set_viewport_size({"width": 1180, "height": 820})
    logged_in_page("sam")
    page.goto(f"{live_server.url}/episodes/{episode.pk}/")
    page.get_by_role("button", name="Start the initial assessment").click()
    expect(page.get_by_role("heading", name="Red-flag screen")).to_be_visible()
    screenshot(page, "rf-01-assessment-start")

    section = page.locator("#red-flags")
    section.get_by_label("New bladder problem").check()
    section.get_by_label("New numbness or tingling in the saddle").check()
    section.get_by_role("button", name="Save red-flag screen").click()
    banner = page.locator("#red-flag-banner")
    expect(banner).to_contain_text("Emergency — same-day referral")
    expect(section).to_contain_text("Emergency, same day")
    screenshot(page, "rf-02-emergency-banner")

    section.get_by_label("Referred to").fill("Emergency department, City Hospital")
    section.get_by_role("button", name="Record referral").click()
    expect(banner).to_contain_text("Referred to Emergency department")
    expect(banner).not_to_contain_text("Emergency — same-day referral")
    screenshot(page, "rf-03-referral-recorded")

    page.goto(f"{live_server.url}/episodes/{episode.pk}/")
    expect(page.locator(".page-head .status")).to_contain_text("Referred")
    screenshot(page, "rf-04-episode-referred")
