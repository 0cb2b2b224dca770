"""The owner issues an API token on the token page, and the interactive API reference renders
from its vendored assets under the site's Content-Security-Policy (no console errors)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_owner_issues_a_token_and_reads_the_api_reference(
    logged_in_page, live_server, people, screenshot
):
    page = logged_in_page("olivia")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/settings/api-tokens/")
    page.get_by_label("Staff member").select_option(label="Sam (Clinician)")
    page.get_by_label("What it is for").fill("nightly report")
    page.get_by_role("button", name="Issue token").click()
    expect(page.locator(".token-secret")).to_contain_text("mym_")
    screenshot(page, "api-01-token-issued")
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("/api/v1/clients").first).to_be_visible(timeout=20_000)
    screenshot(page, "api-02-reference")
    assert problems == []
