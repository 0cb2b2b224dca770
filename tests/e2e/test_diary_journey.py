"""Between visits on a phone: the client opens a diary link, confirms the date of birth, reads the
home exercises, sends a refused and then two diary entries whose pain is 2 or more above the last
session's; the clinician sees the alert on Today and the diary beside the session pain on the
progress page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import EXERCISE, make_portal_link, make_session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _diary_entry(page, *, days_ago: int, pain: str, done: bool = True) -> None:
    page.get_by_label("Day").fill((date.today() - timedelta(days=days_ago)).isoformat())
    page.locator("#id_nprs").get_by_text(pain, exact=True).click()
    exercise = page.locator("fieldset.portal-exercise").first
    exercise.get_by_label("Yes" if done else "No").check()
    if done:
        exercise.get_by_label("If you did: how hard was it?").select_option("5")
        exercise.get_by_label("If you did: how painful was it?").select_option("3")
    page.get_by_role("button", name="Save my diary").click()


def test_diary_entries_on_a_phone_raise_the_alert_on_today(
    browser, live_server, people, actor_of, planned_episode, logged_in_page, page, screenshot
):
    owner = actor_of(people.owner)
    make_session(owner, planned_episode, sign=False, days_ago=4, nprs_before=4, nprs_after=2)
    _, token = make_portal_link(owner, planned_episode.client, "between_visits")

    phone = browser.new_context(viewport=PHONE, device_scale_factor=1)
    client = phone.new_page()
    client.goto(f"{live_server.url}/p/open?t={token}")
    client.get_by_label("Day").fill("12")
    client.get_by_label("Month").fill("3")
    client.get_by_label("Year").fill("1984")
    client.get_by_role("button", name="Continue").click()
    expect(client.get_by_role("heading", name="Your diary")).to_be_visible()
    screenshot(client, "diary-01-phone-form")

    client.get_by_role("link", name="Home exercises").click()
    card = client.locator(f"#card-{EXERCISE}")
    expect(card.locator(".portal-stop-if")).to_contain_text("Stop if")
    expect(card).to_contain_text("3 x 20 s, twice a day")
    screenshot(client, "diary-02-phone-programme")
    client.get_by_role("link", name="Diary", exact=True).click()

    # Refused: no pain given and "how hard" for an exercise not done.
    client.locator("fieldset.portal-exercise").first.get_by_label("No").check()
    client.locator("fieldset.portal-exercise").first.get_by_label(
        "If you did: how hard was it?"
    ).select_option("4")
    client.get_by_role("button", name="Save my diary").click()
    summary = client.locator(".portal-error-summary")
    expect(summary).to_contain_text("Pain today")
    expect(summary).to_contain_text("only for an exercise you did")
    screenshot(client, "diary-03-phone-refused")

    client.goto(f"{live_server.url}/p/diary/")
    _diary_entry(client, days_ago=2, pain="6")
    expect(client.locator("#diary-saved")).to_be_visible()
    _diary_entry(client, days_ago=1, pain="7")
    expect(client.locator(".portal-recent")).to_contain_text("pain 7/10")
    screenshot(client, "diary-04-phone-saved")
    width = client.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the diary scrolls sideways on a phone ({width} px)"
    phone.close()

    for size, name in (
        ({"width": 1280, "height": 900}, "1280"),
        ({"width": 820, "height": 1100}, "820"),
    ):
        page.set_viewport_size(size)
        if name == "1280":
            logged_in_page("olivia")
        page.goto(f"{live_server.url}/")
        panel = page.locator(".dash-diary-alerts")
        expect(panel).to_contain_text("Maria Okafor")
        expect(page.locator(".badge-diary_pain_rise").first).to_be_visible()
        screenshot(page, f"diary-05-today-{name}")
        page.goto(f"{live_server.url}/episodes/{planned_episode.pk}/progress/#between-visits")
        section = page.locator("#between-visits")
        expect(section).to_contain_text("Diary pain has risen")
        expect(section).to_contain_text("Adherence by week")
        expect(section.locator("#diary-chart")).to_be_visible()
        screenshot(page, f"diary-06-progress-{name}")

    page.locator("#between-visits").get_by_label("What you did (optional)").fill("Phoned.")
    page.get_by_role("button", name="Mark as reviewed").click()
    page.goto(f"{live_server.url}/")
    expect(page.locator(".dash-diary-alerts")).to_have_count(0)
