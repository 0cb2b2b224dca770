"""The clinician's loop walked at desktop and tablet size: Today, the episode, a note, the
progress page, the body chart and its candidates (an htmx save), discharge with its reason, and
both handouts. Screenshots go to var/screenshots/ to be looked at; the browser console must
report no Content-Security-Policy violation on the way."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1280, 900), "tablet": (820, 1180)}


@pytest.mark.parametrize("size", list(SIZES))
def test_the_loop_at_desktop_and_tablet_size(
    page, live_server, people, planned_episode, logged_in_page, screenshot, size
):
    from myomap.records.models import Assessment

    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    logged_in_page("olivia")
    base = live_server.url
    shot = f"70-{size}"

    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    screenshot(page, f"{shot}-01-today")
    page.get_by_role("link", name="Maria Okafor").first.click()
    screenshot(page, f"{shot}-02-episode")

    page.get_by_role("link", name="Record session 1").first.click()
    page.get_by_label("Re-screened: no new red flag").check()
    page.get_by_label("Pain before (NPRS 0–10)").fill("5")
    page.get_by_label("Applied, row 1").check()
    screenshot(page, f"{shot}-03-note-form")
    page.get_by_role("button", name="Save and sign").click()
    expect(page.get_by_role("heading", name=re.compile("Session 1 ·"))).to_be_visible()
    screenshot(page, f"{shot}-04-note-signed")

    page.goto(f"{base}/episodes/{planned_episode.pk}/progress/")
    expect(page.locator("#summary")).to_contain_text("the next note starts in it")
    screenshot(page, f"{shot}-05-progress")

    assessment = Assessment.objects.get(episode=planned_episode)
    page.goto(f"{base}/assessments/{assessment.pk}/steps/body-chart/")
    chart = page.locator("#pain-map")
    chart.scroll_into_view_if_needed()
    page.locator('[data-view="back"] .region[data-region="si_joint_r"]').click()
    expect(chart.locator("[data-save-status]")).to_have_text("Saved")
    candidates = page.locator("#candidates")
    expect(candidates).to_contain_text("refers pain to")
    candidates.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{shot}-06-candidates.png"))
    candidates.get_by_role("link", name="Record palpation finding").first.click()
    expect(page.locator("#add-finding")).to_be_in_viewport()
    # The window the clinician lands in: the palpation step, at the add form.
    page.screenshot(path=str(SCREENSHOTS / f"{shot}-07-palpation-form.png"))

    page.goto(f"{base}/episodes/{planned_episode.pk}/")
    page.get_by_text("Discharge…").click()
    page.get_by_label("Reason for discharge").fill("Pain-free at work; home programme understood.")
    page.get_by_label(re.compile("I confirm the discharge")).check()
    screenshot(page, f"{shot}-08-discharge-form")
    page.get_by_role("button", name="Discharge", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Episode discharged.")
    expect(page.locator("#status")).to_contain_text("Pain-free at work")
    expect(page.get_by_role("link", name="Record session 2").first).to_be_visible()
    screenshot(page, f"{shot}-09-maintenance")

    page.goto(f"{base}/episodes/{planned_episode.pk}/discharge-summary/")
    expect(page.get_by_text("Reason: Pain-free at work")).to_be_visible()
    expect(page.get_by_text(f"on {date.today():%-d %B %Y}").first).to_be_visible()
    screenshot(page, f"{shot}-10-letter")
    page.goto(f"{base}/episodes/{planned_episode.pk}/home-programme/")
    screenshot(page, f"{shot}-11-home-programme")
    page.goto(f"{base}/no/such/page/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    screenshot(page, f"{shot}-12-not-found")
    assert violations == []
