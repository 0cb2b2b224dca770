"""A radicular client's visit in the browser: the neurological re-check is part of the note,
and a worse result escalates with the red-flag urgency and stops further treatment."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_worse_neurological_re_check_escalates_and_stops_treatment(
    page, live_server, people, radicular_episode, logged_in_page, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    logged_in_page("olivia")
    episode_url = f"{live_server.url}/episodes/{radicular_episode.pk}/"
    page.goto(episode_url)
    page.get_by_role("link", name="Record session 1").first.click()
    page.get_by_label("Re-screened: no new red flag").check()
    page.get_by_label("Pain before (NPRS 0–10)").fill("6")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Session 1 saved as a draft")).to_be_visible()

    safety = page.locator("#safety-check")
    expect(
        safety.get_by_role("heading", name="Health re-screen and neurological re-check")
    ).to_be_visible()
    safety.get_by_label("No change").check()
    safety.get_by_label("Myotomes").select_option("worse")
    safety.get_by_label("Reflexes").select_option("same")
    safety.get_by_label("Re-check notes (levels, angles)").fill("Big-toe extension 3/5, was 4/5.")
    safety.get_by_role("button", name="Save health re-screen").click()
    alert = page.locator("#safety-check [role=alert]")
    expect(alert).to_contain_text("emergency, same day")  # the urgency in words, never its id
    expect(alert).to_contain_text("Same-day medical assessment")
    screenshot(page, "60-neuro-recheck-worse")

    # The episode page says why no further note may be written, and offers none.
    page.goto(episode_url)
    expect(page.locator("#why-no-session")).to_contain_text("Treatment is stopped")
    expect(page.get_by_role("link", name="Record session 2")).to_have_count(0)
