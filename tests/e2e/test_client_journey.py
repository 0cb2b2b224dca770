"""A clinician logs in, registers a client, finds them by search, and edits them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_clinician_registers_a_client_and_finds_them_by_search(
    page, live_server, people, screenshot
):
    from tests.factories import PASSWORD

    page.set_viewport_size({"width": 1180, "height": 820})
    page.goto(f"{live_server.url}/login/")
    screenshot(page, "01-login")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Today")).to_be_visible()
    page.get_by_role("link", name="Clients").first.click()
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    screenshot(page, "02-client-list-empty")

    page.get_by_role("link", name="Register a client").click()
    page.get_by_label("Given name").fill("Ada")
    page.get_by_label("Family name").fill("Quist")
    page.get_by_label("Date of birth").fill("2999-01-01")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Occupation").select_option("manual")
    page.get_by_role("button", name="Register client").click()
    expect(page.get_by_role("alert")).to_contain_text("Date of birth cannot be in the future")
    screenshot(page, "03-client-form-error")

    page.get_by_label("Date of birth").fill("1979-06-01")
    page.get_by_role("button", name="Register client").click()
    expect(page.get_by_role("heading", name="Ada Quist")).to_be_visible()
    screenshot(page, "04-client-detail")

    page.get_by_role("link", name="Clients").first.click()
    page.get_by_label("Search by name").fill("quis")
    expect(page.locator("#client-results")).to_contain_text("Quist, Ada")
    screenshot(page, "05-client-search")

    page.get_by_role("link", name="Quist, Ada").click()
    page.get_by_role("link", name="Edit details").click()
    page.get_by_label("Phone").fill("07700 900555")
    screenshot(page, "06-client-edit")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("07700 900555")).to_be_visible()

    page.get_by_role("link", name="Open an episode").click()
    page.get_by_label("Onset date").fill("2026-01-05")
    page.get_by_label("Presenting complaint").fill("Ache across the low back, worse when lifting.")
    screenshot(page, "08-episode-form")
    page.get_by_role("button", name="Open episode").click()
    expect(page.get_by_text("chronic", exact=True)).to_be_visible()
    screenshot(page, "09-episode-detail")


# A client list long enough to scroll on a tablet (first names, family names, occupations).
TABLET_CLIENTS = [
    ("Maria", "Okafor", "desk"),
    ("James", "Whitfield", "athlete"),
    ("Helen", "Brandt", "other"),
    ("Tomasz", "Nowak", "manual"),
    ("Aisha", "Rahman", "desk"),
    ("Grace", "Liu", "manual"),
    ("Daniel", "Mensah", "desk"),
    ("Ruth", "Castellano", "other"),
]


def test_a_tablet_sized_screen_shows_the_client_list_readably(
    page, live_server, people, screenshot
):
    from tests.factories import make_client, staff_actor

    owner = staff_actor(people.owner)
    for n, (given, family, occupation) in enumerate(TABLET_CLIENTS):
        make_client(
            owner,
            given_name=given,
            family_name=family,
            occupation=occupation,
            phone=f"07700 900{n:03d}",
        )
    from tests.factories import PASSWORD

    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("priya")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#client-results")).to_contain_text("Okafor, Maria")
    screenshot(page, "07-client-list-tablet")
