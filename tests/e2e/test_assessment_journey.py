"""The assessment journey on the body chart: a clinician marks regions by clicking and by
keyboard, sees candidate muscles update, generates the plan and sees its stages; desktop and
tablet screenshots are saved under var/screenshots/ to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_assessment, make_episode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessment(owner, client_record):
    episode = make_episode(
        owner, client_record, days_since_onset=40, complaint="Right-sided low back and buttock ache"
    )
    return make_assessment(owner, episode)


def _region(page, region: str, view: str):
    return page.locator(f'[data-view="{view}"] .region[data-region="{region}"]')


def test_marking_the_chart_ranks_muscles_and_the_plan_follows(
    page, live_server, assessment, logged_in_page, screenshot
):
    page.set_viewport_size({"width": 1180, "height": 900})
    logged_in_page("sam")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/steps/body-chart/")
    chart = page.locator("#pain-map")
    chart.scroll_into_view_if_needed()
    expect(_region(page, "si_joint_r", "back")).to_have_attribute("role", "button")

    _region(page, "si_joint_r", "back").click()
    expect(_region(page, "si_joint_r", "back")).to_have_attribute("aria-pressed", "true")
    _region(page, "buttock_lower_r", "back").click()
    chart.locator('input[name="intensity_si_joint_r"]').fill("7")
    chart.locator('select[name="quality_si_joint_r"]').select_option("ache")
    # One region by keyboard: focus it and press Space.
    greater_trochanter = _region(page, "greater_trochanter_r", "back")
    greater_trochanter.focus()
    page.keyboard.press("Space")
    expect(greater_trochanter).to_have_attribute("aria-pressed", "true")

    candidates = page.locator("#candidates")
    expect(candidates.locator(".candidate").first).to_be_visible()
    expect(candidates).to_contain_text("Quadratus lumborum")
    expect(chart.locator("[data-save-status]")).to_have_text("Saved")
    candidates.locator(".candidate").first.hover()
    expect(page.locator(".region.is-highlighted").first).to_be_visible()
    screenshot(page, "assess-01-body-chart")
    chart.screenshot(path=str(SCREENSHOTS / "assess-01b-chart-section.png"))

    page.reload()
    expect(_region(page, "greater_trochanter_r", "back")).to_have_attribute("aria-pressed", "true")
    expect(page.locator('input[name="intensity_si_joint_r"]')).to_have_value("7")

    palpation = candidates.get_by_role("link", name="Record palpation finding").first
    expect(palpation).to_have_attribute(
        "href",
        f"/assessments/{assessment.pk}/?muscle=quadratus_lumborum&side=right#add-finding",
    )

    page.locator("#assessment-steps").get_by_role("link", name="Plan").click()
    page.get_by_role("button", name="Generate plan").click()
    expect(page.get_by_role("heading", name="Treatment plan, version 1")).to_be_visible()
    expect(page.locator(".timeline .stage")).to_have_count(5)
    screenshot(page, "assess-02-plan")

    page.get_by_label("Change", exact=True).select_option("start_stage_early")
    page.get_by_label("Stage", exact=True).select_option("restore_flexibility")
    page.get_by_label("Reason (required)").fill("Client already moves freely; start stretching")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("heading", name="Treatment plan, version 2")).to_be_visible()
    expect(page.locator("#stage-restore_flexibility")).to_contain_text("may start early")
    page.get_by_role("link", name="Compare with this version").click()
    expect(page.get_by_role("heading", name="Version 1 → version 2")).to_be_visible()
    screenshot(page, "assess-03-compare")

    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/pain-map/")
    screenshot(page, "assess-04-chart-tablet")
    page.locator("#pain-map").screenshot(path=str(SCREENSHOTS / "assess-04b-chart-tablet.png"))


def test_a_region_is_marked_by_a_finger_tap_on_a_touch_tablet(
    browser, live_server, assessment, screenshot
):
    from tests.factories import PASSWORD

    context = browser.new_context(
        has_touch=True, is_mobile=True, viewport={"width": 800, "height": 1100}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/steps/body-chart/")
    joint = _region(page, "si_joint_l", "back")
    joint.scroll_into_view_if_needed()
    joint.tap()  # a fingertip on the small figure opens the area; the region is then chosen
    page.locator('[data-area-panel="low_back"] [data-region-button="si_joint_l"]').tap()
    expect(joint).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#pain-map")).to_contain_text("Sacroiliac joint region (L)")
    screenshot(page, "assess-05-touch-tap")
    context.close()
