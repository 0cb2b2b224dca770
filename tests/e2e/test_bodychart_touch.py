"""The body chart on a touch phone (390 px) and tablet (820 px): every one of the 90 KB regions
(100 shapes: five sided regions are drawn on both views) is reached through its body area as a
button of at least 44 × 44 px, and marking each by a finger tap stores all 90. A tap on the small
figure opens the area instead of guessing the region; intensity and sensation are set with chips
and shown back in words; a region marked without an intensity is drawn apart. Screenshots go to
var/screenshots/ to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import make_assessment, make_episode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MIN_TARGET = 44  # px, both sides


@pytest.fixture
def assessment(owner, client_record):
    episode = make_episode(
        owner, client_record, days_since_onset=20, complaint="Left-sided low back pain"
    )
    return make_assessment(owner, episode)


def _touch_page(browser, live_server, width: int):
    from tests.factories import PASSWORD

    context = browser.new_context(
        has_touch=True, is_mobile=True, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return context, page


def _size(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None
    return box["width"], box["height"]


def _no_horizontal_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow} px wider than the screen"


@pytest.mark.parametrize("width", [390, 820])
def test_every_region_is_a_44px_target_and_each_of_the_90_is_marked_by_tap(
    browser, live_server, assessment, screenshot, width
):
    from myomap.clinical.kb import get_kb
    from myomap.records.models import PainMapEntry

    context, page = _touch_page(browser, live_server, width)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/pain-map/")
    chart = page.locator("#pain-map")
    expect(chart.locator(".area-chooser")).to_be_visible()
    _no_horizontal_overflow(page)
    screenshot(page, f"bodychart-{width}-01-empty")

    # The figure's own shapes are far too small for a finger (what the areas are for).
    figure = [_size(s) for s in chart.locator(".bodychart-view .region").all()]
    assert len(figure) == 100
    assert sum(1 for w, h in figure if min(w, h) < MIN_TARGET) > 90
    smallest = sorted(min(w, h) for w, h in figure)
    print(f"figure at {width} px: smallest side min {smallest[0]:.1f}, median {smallest[50]:.1f}")

    reached: set[str] = set()
    buttons_measured = 0
    for area in chart.locator("[data-area-open]").all():
        assert min(_size(area)) >= MIN_TARGET, area.inner_text()
        area.tap()
        panel = chart.locator(f'[data-area-panel="{area.get_attribute("data-area-open")}"]')
        expect(panel).to_be_visible()
        for button in panel.locator("[data-region-button]").all():
            region = button.get_attribute("data-region-button")
            button.scroll_into_view_if_needed()
            w, h = _size(button)
            assert w >= MIN_TARGET and h >= MIN_TARGET, f"{region}: {w:.0f} × {h:.0f} px"
            buttons_measured += 1
            if button.get_attribute("aria-pressed") != "true":  # drawn on the other view too
                button.tap()
            expect(button).to_have_attribute("aria-pressed", "true")
            expect(button).to_contain_text("no intensity")
            reached.add(str(region))
        _no_horizontal_overflow(page)
    assert buttons_measured == 100
    assert reached == set(get_kb().regions) and len(reached) == 90
    expect(chart.locator('input[name="regions"]:checked')).to_have_count(90)
    expect(chart.locator(".bodychart-view .region.pain-unrated")).to_have_count(100)
    expect(chart.locator("[data-save-status]")).to_have_text("Saved", timeout=20_000)
    assert PainMapEntry.objects.filter(assessment=assessment).count() == 90
    screenshot(page, f"bodychart-{width}-03-all-marked")
    context.close()


@pytest.mark.parametrize("width", [390, 820])
def test_a_finger_on_the_figure_zooms_then_marks_with_intensity_and_sensation(
    browser, live_server, assessment, screenshot, width
):
    from myomap.records.models import PainMapEntry

    context, page = _touch_page(browser, live_server, width)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/pain-map/")
    chart = page.locator("#pain-map")
    small = chart.locator('[data-view="back"] .region[data-region="si_joint_l"]')
    small.tap()
    # The tap opened the low back, and did not mark the sacrum next to the joint.
    panel = chart.locator('[data-area-panel="low_back"]')
    expect(panel).to_be_visible()
    expect(chart.locator('input[name="regions"]:checked')).to_have_count(0)

    button = panel.locator('[data-region-button="si_joint_l"]')
    button.tap()
    editor = chart.locator("[data-region-editor]")
    expect(editor).to_be_visible()
    expect(editor).to_contain_text("Sacroiliac joint region (L)")
    for chip in editor.locator(".chip").all():
        assert min(_size(chip)) >= MIN_TARGET, chip.inner_text()
    editor.locator('[data-set-intensity="7"]').tap()
    editor.locator('[data-set-quality="burning"]').tap()
    expect(button).to_contain_text("intensity 7, burning")
    expect(chart.locator("[data-bodychart-announce]")).to_contain_text(
        "Sacroiliac joint region (L): intensity 7, burning"
    )
    expect(small).to_have_class("region is-marked pain-high")

    # Another region left without an intensity is drawn apart, not as a middle rating.
    panel.locator('[data-region-button="sacrum"]').tap()
    sacrum = chart.locator('[data-view="back"] .region[data-region="sacrum"]')
    expect(sacrum).to_have_class("region is-marked pain-unrated")
    _no_horizontal_overflow(page)
    screenshot(page, f"bodychart-{width}-02-zoomed")
    expect(chart.locator("[data-save-status]")).to_have_text("Saved")
    stored = {e.region: (e.intensity, e.quality) for e in PainMapEntry.objects.all()}
    assert stored == {"si_joint_l": (7, "burning"), "sacrum": (None, "")}

    # Candidate zones, shown on hover on a desktop, are shown by a tap here.
    candidates = chart.locator("#candidates")
    toggle = candidates.locator("[data-zones-toggle]").first
    toggle.tap()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(chart.locator(".region.is-highlighted").first).to_be_attached()
    page.reload()
    expect(chart.locator('[data-view="back"] .region[data-region="sacrum"]')).to_have_class(
        "region is-marked pain-unrated"
    )
    context.close()


def test_without_javascript_the_checklist_saves_and_fits_a_phone(
    browser, live_server, assessment, screenshot
):
    from myomap.records.models import PainMapEntry
    from tests.factories import PASSWORD

    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/pain-map/")
    expect(page.locator(".area-chooser")).to_be_hidden()
    page.locator("#id_region_buttock_mid_r").check()
    page.locator("#id_intensity_buttock_mid_r").fill("5")
    page.locator("#id_quality_buttock_mid_r").select_option("ache")
    for control in ("#id_region_buttock_mid_r", "#id_intensity_buttock_mid_r"):
        assert _size(page.locator(control).locator("xpath=.."))[1] >= MIN_TARGET
    _no_horizontal_overflow(page)
    screenshot(page, "bodychart-390-04-no-js")
    page.get_by_role("button", name="Save pain map").click()
    assert PainMapEntry.objects.get(region="buttock_mid_r").intensity == 5
    context.close()


def test_on_a_desktop_a_click_marks_directly_and_the_keyboard_reaches_every_area(
    page, live_server, assessment, logged_in_page, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    logged_in_page("sam")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/pain-map/")
    chart = page.locator("#pain-map")
    screenshot(page, "bodychart-1280-01-empty")
    # A mouse is precise enough for the figure itself.
    chart.locator('[data-view="back"] .region[data-region="buttock_mid_r"]').click()
    expect(chart.locator("#id_region_buttock_mid_r")).to_be_checked()
    expect(chart.locator("[data-region-editor]")).to_contain_text("Mid-buttock (R)")
    chart.locator('[data-region-editor] [data-set-intensity="3"]').click()
    expect(chart.locator("#id_intensity_buttock_mid_r")).to_have_value("3")

    # Keyboard only: an area button, then a region button, then an intensity chip.
    area = chart.locator('[data-area-open="pelvis_hip"]')
    area.focus()
    page.keyboard.press("Enter")
    panel = chart.locator('[data-area-panel="pelvis_hip"]')
    expect(panel).to_be_visible()
    groin = panel.locator('[data-region-button="groin_l"]')
    groin.focus()
    page.keyboard.press("Enter")
    expect(groin).to_have_attribute("aria-pressed", "true")
    chart.locator('[data-region-editor] [data-set-intensity="8"]').focus()
    page.keyboard.press("Enter")
    expect(groin).to_contain_text("intensity 8")
    expect(chart.locator("[data-save-status]")).to_have_text("Saved")
    chart.locator("#candidates .candidate").first.hover()
    expect(chart.locator(".region.is-highlighted").first).to_be_attached()
    screenshot(page, "bodychart-1280-02-zoomed-marked")
