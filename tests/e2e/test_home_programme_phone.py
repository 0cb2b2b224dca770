"""The home programme page on a phone, a tablet and a desktop: the sheet reflows, nothing is
wider than the screen, the dose box sits under the steps on a phone and the actions are at least
44 px tall. Screenshots go to var/screenshots/ to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import FIVE_EXERCISES
from tests.web.test_handout_pages import visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Elements whose right edge passes the screen's, in CSS px (a page that scrolls sideways).
WIDER_THAN_SCREEN = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(el => el.tagName + '.' + el.className)"""


@pytest.mark.parametrize("width", [390, 820, 1280])
def test_the_home_programme_reflows_with_nothing_wider_than_the_screen(
    page, live_server, people, actor_of, planned_episode, logged_in_page, screenshot, width
):
    owner = actor_of(people.owner)
    visit(owner, planned_episode, days_ago=7, nprs=(3, 2), exercises=FIVE_EXERCISES)
    page.set_viewport_size({"width": width, "height": 900})
    logged_in_page("sam")
    page.goto(f"{live_server.url}/episodes/{planned_episode.pk}/home-programme/")
    expect(page.locator(".card")).to_have_count(5)
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for action in page.locator(".screen-actions a").all():
        box = action.bounding_box()
        assert box is not None and box["height"] >= 44
    steps = page.locator(".card .steps").first.bounding_box()
    dose = page.locator(".card .dose").first.bounding_box()
    assert steps is not None and dose is not None
    if width <= 640:
        assert dose["y"] >= steps["y"] + steps["height"] - 1  # under the steps, full width
    else:
        assert dose["x"] >= steps["x"] + steps["width"] - 1  # beside the steps, as printed
    screenshot(page, f"home-programme-{width}")
