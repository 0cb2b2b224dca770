"""The client's journey before the visit, on a 390 px phone with JavaScript off: the front
desk makes a link, the client opens it, confirms their date of birth, answers the questions,
draws their pain and sends; the clinician then sees the warning sign on Today and the
client-reported draft with the candidate muscles on the assessment."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from myomap.portal.previsit.questions import HEALTH_QUESTIONS, RED_FLAG_QUESTIONS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": 1280, "tablet": 820, "phone": 390}


def test_client_fills_in_before_the_visit_and_the_clinician_sees_it(
    page, browser, live_server, settings, people, episode, logged_in_page, screenshot
):
    settings.MYOMAP_BASE_URL = live_server.url
    client = episode.client
    client.email = "maria@example.org"
    client.save()

    # The front desk makes a link and shows its QR code.
    page.set_viewport_size({"width": 1280, "height": 900})
    logged_in_page("priya")
    page.goto(f"{live_server.url}/clients/{client.pk}/")
    page.get_by_role("link", name="Portal links").click()
    page.get_by_role("button", name="Create link").click()
    expect(page.get_by_role("heading", name="Link created")).to_be_visible()
    expect(page.get_by_alt_text("QR code of the client's portal link")).to_be_visible()
    url = page.locator("#portal-url").input_value()
    assert url.startswith(f"{live_server.url}/p/open?t=")
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"portal-staff-issued-{name}")
    page.get_by_role("link", name="Done").click()
    expect(page.locator(".portal-links")).to_contain_text("active")
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"portal-staff-links-{name}")

    # The client, on a phone, without JavaScript.
    phone = browser.new_context(viewport=PHONE, java_script_enabled=False)
    p = phone.new_page()
    p.goto(url)
    expect(p.get_by_role("heading", name="Confirm your date of birth")).to_be_visible()
    assert "t=" not in p.url  # the token left the address bar at once
    screenshot(p, "portal-01-confirm")
    p.get_by_label("Day").fill("1")
    p.get_by_label("Month").fill("1")
    p.get_by_label("Year").fill("1999")
    p.get_by_role("button", name="Continue").click()
    expect(p.locator("#dob-wrong")).to_be_visible()
    screenshot(p, "portal-02-confirm-wrong")
    p.get_by_label("Day").fill("12")
    p.get_by_label("Month").fill("3")
    p.get_by_label("Year").fill("1984")
    p.get_by_role("button", name="Continue").click()
    expect(p.get_by_role("heading", name="Before your visit")).to_be_visible()
    screenshot(p, "portal-03-overview")

    p.get_by_role("link", name="Start").click()
    expect(p.get_by_role("heading", name="Warning signs")).to_be_visible()
    for question in RED_FLAG_QUESTIONS:
        answer = "yes" if question.finding == "saddle_sensory_change_new" else "no"
        p.locator(f"#id_{question.finding} input[value={answer}]").check()
    screenshot(p, "portal-04-red-flags")
    p.get_by_role("button", name="Save and continue").click()
    # A saddle-numbness answer: the client is told at once, in the KB's own words.
    expect(p.locator(".portal-urgent")).to_contain_text("Go to the emergency department at once")
    screenshot(p, "portal-04b-urgent")
    p.get_by_role("link", name="Your pain now").click()

    expect(p.get_by_role("heading", name="Your pain now")).to_be_visible()
    p.get_by_role("button", name="Save and continue").click()  # nothing chosen: refused
    expect(p.locator(".portal-error-summary")).to_contain_text("Choose a number from 0 to 10")
    p.locator("#id_nprs input[value='7']").check()
    screenshot(p, "portal-05-pain-score")
    p.get_by_role("button", name="Save and continue").click()

    expect(p.get_by_role("heading", name="Activities that are hard")).to_be_visible()
    for i, (activity, rating) in enumerate(
        [("Putting on socks", "3"), ("Sitting through a film", "4"), ("Carrying shopping", "2")]
    ):
        p.locator(f"#id_psfs_activity_{i}").fill(activity)
        p.locator(f"#id_psfs_rating_{i}").select_option(rating)
    screenshot(p, "portal-06-activities")
    p.get_by_role("button", name="Save and continue").click()

    expect(p.get_by_role("heading", name="Health and medicines")).to_be_visible()
    p.locator("#id_pregnant input[value=no]").check()
    p.locator("#id_anticoagulant input[value=yes]").check()
    for question in HEALTH_QUESTIONS:
        p.locator(f"#id_{question.finding} input[value=no]").check()
    p.get_by_label("Medicines you take").fill("Apixaban 5 mg twice a day")
    screenshot(p, "portal-07-health")
    p.get_by_role("button", name="Save and continue").click()

    expect(p.get_by_role("heading", name="Where it hurts")).to_be_visible()
    # Without JavaScript the shared body chart is its checklist.
    p.locator("#id_region_lumbar_paraspinal_lower_r").check()
    p.locator("#id_intensity_lumbar_paraspinal_lower_r").fill("6")
    p.locator("#id_quality_lumbar_paraspinal_lower_r").select_option("ache")
    p.locator("#id_region_gluteal_fold_r").check()
    p.locator("#id_intensity_gluteal_fold_r").fill("4")
    p.get_by_role("button", name="Save and go back").click()
    expect(p.get_by_role("heading", name="Before your visit")).to_be_visible()
    p.get_by_role("link", name="Where it hurts").click()
    # The saved drawing, coloured on the figure.
    expect(p.locator('.region[data-region="lumbar_paraspinal_lower_r"]').first).to_have_class(
        "region is-marked pain-mid"
    )
    screenshot(p, "portal-08-drawing")
    p.goto(f"{live_server.url}/p/before/send/")
    screenshot(p, "portal-09-send")
    p.get_by_role("button", name="Send to my therapist").click()
    expect(p.get_by_role("heading", name="Thank you, Maria")).to_be_visible()
    screenshot(p, "portal-10-sent")
    phone.close()

    # The clinician: the warning sign is on Today before the visit.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Log out").click()
    logged_in_page("olivia")
    banner = page.locator(".client-reported-today")
    expect(banner).to_contain_text("Maria Okafor")
    expect(banner).to_contain_text("New numbness or tingling in the saddle")
    expect(banner).to_contain_text("Emergency, same day")
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"portal-today-banner-{name}")

    # The assessment shows the client-reported draft and the candidate muscles.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/episodes/{episode.pk}/")
    page.get_by_role("button", name="Start the initial assessment").click()
    panel = page.locator("#client-reported")
    expect(panel).to_contain_text("client-reported")
    expect(panel).to_contain_text("Putting on socks: 3 / 10")
    expect(panel).to_contain_text("Candidate muscles from the client's drawing")
    expect(panel.locator(".client-candidates li").first).to_contain_text("refers pain to")
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        panel.screenshot(path=_shot(f"portal-assessment-panel-{name}"))
    page.set_viewport_size({"width": 1280, "height": 900})
    panel.get_by_role("button", name="Accept ticked parts").click()
    expect(page.locator("#red-flag-banner")).to_contain_text("Emergency — same-day referral")
    expect(page.locator("#client-reported")).to_contain_text("Accepted by")


def _shot(name: str) -> str:
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")


def test_with_javascript_the_client_taps_the_chart_and_answers_the_odi(
    browser, live_server, settings, people, episode, actor_of, screenshot
):
    from pathlib import Path

    from myomap.portal.links import portal_link_create
    from myomap.portal.models import PreVisitAnswers

    settings.MYOMAP_BASE_URL = live_server.url
    settings.MYOMAP_INSTRUMENT_WORDING_FILE = str(
        Path(__file__).parents[1] / "clinical" / "data" / "instrument_wording_sample.yaml"
    )
    issued = portal_link_create(
        actor=actor_of(people.owner), client_id=episode.client_id, purpose="pre_visit"
    )
    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    p = phone.new_page()
    p.goto(issued.url)
    p.get_by_label("Day").fill("12")
    p.get_by_label("Month").fill("3")
    p.get_by_label("Year").fill("1984")
    p.get_by_role("button", name="Continue").click()
    expect(p.get_by_role("link", name="Oswestry", exact=False)).to_be_visible()

    # The touch chart: an area, a region, an intensity chip; saved only with the button.
    p.goto(f"{live_server.url}/p/before/drawing/")
    p.locator('[data-area-open="low_back"]').first.tap()
    panel = p.locator('[data-area-panel="low_back"]')
    panel.locator('[data-region-button="lumbar_paraspinal_lower_r"]').tap()
    p.locator("[data-region-editor] [data-set-intensity='6']").tap()
    screenshot(p, "portal-js-drawing-390")
    assert PreVisitAnswers.objects.get(link=issued.link).pain == []  # no autosave
    p.get_by_role("button", name="Save and go back").click()
    expect(p.get_by_role("heading", name="Before your visit")).to_be_visible()
    answers = PreVisitAnswers.objects.get(link=issued.link)
    assert answers.pain == [{"region": "lumbar_paraspinal_lower_r", "intensity": 6, "quality": ""}]

    p.goto(f"{live_server.url}/p/before/odi/")
    for i in range(10):
        p.locator(f"#q-odi_{i} input[value='1']").check()
    screenshot(p, "portal-js-odi-390")
    p.get_by_role("button", name="Save and go back").click()
    expect(p.get_by_role("heading", name="Before your visit")).to_be_visible()
    answers.refresh_from_db()
    assert answers.measures == {"odi": [1] * 10}
    phone.close()
