"""A clinician's loop from first visit to discharge, in the browser: five session notes through the
one-screen form (one refused for an impossible dose first), the progress chart showing them, the
engine's non-responder proposal, a signed note that cannot be edited and gets an addendum, the
discharge summary, and the client's home programme downloaded as a PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAIN_BEFORE = [6, 6, 5, 6, 6]  # no clinically important change from the baseline of 6


def record_session(page, number: int, nprs_before: int, *, sign: bool = True) -> None:
    page.get_by_role("link", name=f"Record session {number}").first.click()
    expect(page.get_by_role("heading", name=f"Session {number}")).to_be_visible()
    page.get_by_label("Re-screened: no new red flag").check()
    page.get_by_label("Pain before (NPRS 0–10)").fill(str(nprs_before))
    page.get_by_label("Pain after (0–10)").fill(str(max(nprs_before - 2, 0)))
    page.get_by_label("Discomfort during treatment (0–10)").fill("6")
    page.get_by_label("Applied, row 1").check()
    page.get_by_label("Applied, row 2").check()
    page.get_by_label("S — Subjective").fill(f"Visit {number}: ache unchanged after long days.")
    page.get_by_role("button", name="Save and sign" if sign else "Save draft").click()
    if sign:
        expect(page.get_by_role("heading", name=re.compile(f"Session {number} ·"))).to_be_visible()
    else:
        expect(page.get_by_text(f"Session {number} saved as a draft")).to_be_visible()


def test_five_sessions_to_progress_addendum_discharge_summary_and_handout(
    page, live_server, people, planned_episode, logged_in_page, screenshot, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    logged_in_page("olivia")
    episode_url = f"{live_server.url}/episodes/{planned_episode.pk}/"
    page.goto(episode_url)

    # Session 1: an impossible hold is refused in place, naming the field; nothing is saved.
    page.get_by_role("link", name="Record session 1").first.click()
    screenshot(page, "40-session-note-prefilled")
    page.get_by_label("Re-screened: no new red flag").check()
    page.get_by_label("Pain before (NPRS 0–10)").fill("6")
    page.get_by_label("Applied, row 1").check()
    page.get_by_label("Hold in seconds, row 1").fill("900")
    page.get_by_role("button", name="Save and sign").click()
    expect(page.get_by_role("alert")).to_contain_text("Technique row 1, hold seconds")
    expect(page.get_by_role("alert")).to_contain_text("between 0 and 600 seconds")
    screenshot(page, "41-session-note-refused")
    page.get_by_label("Hold in seconds, row 1").fill("60")
    page.get_by_role("button", name="Save and sign").click()
    expect(page.get_by_text(re.compile("Signed .* by Olivia"))).to_be_visible()

    for number, pain in enumerate(PAIN_BEFORE[1:-1], start=2):
        page.goto(episode_url)
        record_session(page, number, pain)
    page.goto(episode_url)
    record_session(page, 5, PAIN_BEFORE[-1], sign=False)  # a draft first, signed below
    screenshot(page, "42-session-note-draft")
    page.get_by_role("button", name="Save and sign").click()
    expect(page.get_by_text("Session 5 saved and signed.")).to_be_visible()

    # A signed note offers no edit; a forged POST changes nothing; an addendum is kept.
    expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
    note_url = page.url
    csrf = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    forged = page.request.post(
        note_url, form={"csrfmiddlewaretoken": csrf, "nprs_before": "0", "then": "draft"}
    )
    assert forged.ok
    page.reload()
    expect(page.locator(".facts").first).to_contain_text("6/10")
    page.get_by_label("Add a correction or later note").fill(
        "Pain was on the left today, not right."
    )
    page.get_by_role("button", name="Add addendum").click()
    expect(page.locator(".addendum")).to_contain_text("on the left today")
    expect(page.locator(".addendum")).to_contain_text("Olivia")
    screenshot(page, "43-signed-note-with-addendum")

    # Progress: the chart holds five sessions and the engine flags a non-responder.
    page.goto(f"{live_server.url}/episodes/{planned_episode.pk}/progress/")
    chart = page.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    expect(chart.locator("desc")).to_contain_text("session 5")
    expect(page.locator("#proposals")).to_contain_text("session 5")
    screenshot(page, "44-progress-non-responder")

    # Discharge summary and the home programme PDF.
    page.goto(f"{live_server.url}/episodes/{planned_episode.pk}/discharge-summary/")
    expect(page.get_by_text("Maria Okafor").first).to_be_visible()
    screenshot(page, "45-discharge-summary")
    page.goto(f"{live_server.url}/episodes/{planned_episode.pk}/home-programme/")
    expect(page.get_by_text("Harbourside").first).to_be_visible()
    screenshot(page, "46-home-programme")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    pdf = tmp_path / "home-programme.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert int(re.search(r"Pages:\s+(\d+)", pages.stdout).group(1)) <= 2
    keep = screenshot(page, "47-home-programme-page").with_suffix(".pdf")
    shutil.copy(pdf, keep)  # kept beside the screenshots to be turned into PNGs and looked at
