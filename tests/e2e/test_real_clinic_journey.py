"""From the README: create a real clinic on the command line, the owner sets a password from
the printed link, invites a clinician and a front-desk user (each sets a password from their
link), turns on two-factor for the owner and then requires it for everyone; a password-only
session then reaches nothing clinical."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect
from typer.testing import CliRunner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "seaview-long-password-31"


def _code_from_key(key_text: str) -> str:
    from django_otp.oath import totp

    key = key_text.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{totp(base64.b32decode(key)):06d}"


def _set_password(page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _invite(page, email: str, role: str) -> str:
    page.get_by_role("link", name="Clinic", exact=True).click()
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Role").select_option(role)
    page.get_by_role("button", name="Add staff member").click()
    return page.locator(".set-password-link").inner_text().strip()


def test_a_new_clinic_invites_staff_and_requires_two_factor(
    browser, live_server, settings, screenshot
):
    from myomap.cli import app

    settings.MYOMAP_BASE_URL = live_server.url
    base = live_server.url
    result = CliRunner().invoke(
        app, ["clinic", "create", "--name", "Seaview Clinic", "--owner-email", "owner@seaview.test"]
    )
    assert result.exit_code == 0, result.output
    owner_link = re.search(r"(http://\S+/password/\S+)", result.output).group(1)

    owner = browser.new_context(viewport={"width": 1180, "height": 820}).new_page()
    _set_password(owner, owner_link)
    _log_in(owner, base, "owner@seaview.test")
    expect(owner.get_by_text("Seaview Clinic")).to_be_visible()

    clinician_link = _invite(owner, "nia@seaview.test", "clinician")
    screenshot(owner, "clinic-01-staff-invited")
    owner.get_by_role("link", name="Back to staff").click()
    desk_link = _invite(owner, "frank@seaview.test", "front_desk")

    owner.get_by_role("link", name="Account", exact=True).click()
    owner.get_by_role("link", name="Two-factor authentication").click()
    qr = owner.get_by_alt_text("QR code for your authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 100")
    screenshot(owner, "clinic-02-two-factor-enrol")
    owner.get_by_label("Code from the app").fill(
        _code_from_key(owner.locator("#otp-secret").inner_text())
    )
    owner.get_by_role("button", name="Turn on two-factor").click()
    expect(owner.get_by_role("heading", name="Your backup codes")).to_be_visible()
    owner.get_by_role("link", name="Continue").click()

    owner.get_by_role("link", name="Clinic", exact=True).click()
    owner.get_by_label("Require two-factor authentication for all staff").check()
    owner.get_by_role("button", name="Save").click()
    expect(owner.get_by_text("Clinic details saved.")).to_be_visible()
    screenshot(owner, "clinic-03-two-factor-required")

    for username, link in (("nia@seaview.test", clinician_link), ("frank@seaview.test", desk_link)):
        page = browser.new_context(viewport={"width": 1180, "height": 820}).new_page()
        _set_password(page, link)
        _log_in(page, base, username)
        expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
        expect(page.get_by_text("Seaview Clinic requires two-factor")).to_be_visible()
        for path in ("/", "/clients/", "/sessions/outstanding/", "/clinic/", "/account/"):
            page.goto(f"{base}{path}")
            expect(
                page.get_by_role("heading", name="Set up two-factor authentication")
            ).to_be_visible()
        screenshot(page, f"clinic-04-password-only-{username.split('@')[0]}")
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("heading", name="Log in to Myomap")).to_be_visible()
        page.context.close()
