"""One story about where the client is, in the browser: a stage proposal left undecided is not
applied — the next note, the progress page, Today and the letter to the GP all keep the client
in the stage the clinician accepted — and they agree again after accepting and after
declining."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QL = "Quadratus lumborum (right)"


def record_session(page, number: int, *, settle: tuple[str, ...] = ()) -> str:
    """Write and sign session `number`; `settle` unticks findings gone today. Returns the stage
    the form was prefilled with."""
    page.get_by_role("link", name=f"Record session {number}").first.click()
    expect(page.get_by_role("heading", name=f"Session {number}")).to_be_visible()
    stage = page.locator("#stage option:checked").inner_text()
    page.get_by_label("Re-screened: no new red flag").check()
    page.get_by_label("Pain before (NPRS 0–10)").fill("5")
    page.get_by_label("Applied, row 1").check()
    for finding in settle:
        page.get_by_label(f"{QL} {finding}").uncheck()
    page.get_by_role("button", name="Save and sign").click()
    expect(page.get_by_role("heading", name=re.compile(f"Session {number} ·"))).to_be_visible()
    return stage


def agree(page, base: str, episode, *, stage: str, completed: str | None) -> None:
    """The note form, the progress page, Today and the letter name the same stage."""
    page.goto(f"{base}/episodes/{episode.pk}/progress/")
    expect(page.locator("#summary")).to_contain_text(f"{stage} — the next note starts in it")
    page.goto(f"{base}/?scope=clinic")
    row = page.locator("tr", has_text="Maria Okafor")
    expect(row.locator("td[data-label=Stage]")).to_contain_text(stage)
    page.goto(f"{base}/episodes/{episode.pk}/discharge-summary/")
    expect(page.get_by_text(f"Stage in progress: {stage}.")).to_be_visible()
    if completed:
        expect(page.locator("ol.stages")).to_contain_text(completed)
    else:
        expect(page.get_by_text("No treatment stage was completed.")).to_be_visible()
    page.goto(f"{base}/episodes/{episode.pk}/sessions/new/")
    expect(page.locator("#stage option:checked")).to_contain_text(stage)
    page.goto(f"{base}/episodes/{episode.pk}/")


def decide(page, base: str, episode, button: str, reason: str) -> None:
    page.goto(f"{base}/episodes/{episode.pk}/progress/")
    proposal = page.locator("article.proposal-advance")
    proposal.get_by_label("Your reason (required)").fill(reason)
    proposal.get_by_role("button", name=button).click()
    expect(page.locator(".messages")).to_contain_text(
        button + "ed" if button == "Accept" else "Declined"
    )


def test_an_undecided_accepted_and_declined_proposal_tell_one_story(
    page, live_server, people, planned_episode, logged_in_page, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    logged_in_page("olivia")
    base = live_server.url
    page.goto(f"{base}/episodes/{planned_episode.pk}/")

    # Session 1 meets stage 1's exit criteria: the engine proposes Restore flexibility.
    record_session(page, 1, settle=("in spasm", "trigger point found"))
    page.goto(f"{base}/episodes/{planned_episode.pk}/progress/")
    expect(page.get_by_text("Advance to the next stage: Restore flexibility")).to_be_visible()

    # Left undecided, session 2 stays in stage 1, and everything says so.
    page.goto(f"{base}/episodes/{planned_episode.pk}/")
    page.get_by_role("link", name="Record session 2").first.click()
    expect(
        page.get_by_text("Until you accept it, this note stays in Relieve muscular spasm")
    ).to_be_visible()
    screenshot(page, "60-undecided-proposal-note")
    page.goto(f"{base}/episodes/{planned_episode.pk}/")
    assert record_session(page, 2) == "1. Relieve muscular spasm"
    expect(page.get_by_text("Relieve muscular spasm ·")).to_be_visible()
    agree(page, base, planned_episode, stage="Relieve muscular spasm", completed=None)
    page.goto(f"{base}/episodes/{planned_episode.pk}/progress/")
    expect(page.get_by_text("still undecided at session 2")).to_be_visible()
    screenshot(page, "61-undecided-proposal-progress")

    # Accepted: the next note starts in Restore flexibility; stage 1 is completed.
    decide(page, base, planned_episode, "Accept", "Spasm gone two visits running.")
    agree(page, base, planned_episode, stage="Restore flexibility",
          completed="Relieve muscular spasm — completed at session 2")  # fmt: skip
    screenshot(page, "62-accepted-proposal-episode")

    # Session 3 lengthens the muscle: Restore biomechanics is proposed, and declined.
    assert record_session(page, 3, settle=("shortened",)) == "2. Restore flexibility"
    page.goto(f"{base}/episodes/{planned_episode.pk}/progress/")
    proposed = page.get_by_text("Advance to the next stage: Restore proper biomechanics")
    expect(proposed).to_be_visible()
    decide(page, base, planned_episode, "Decline", "Wants another week of stretching first.")
    agree(page, base, planned_episode, stage="Restore flexibility",
          completed="Relieve muscular spasm — completed at session 2")  # fmt: skip
    page.goto(f"{base}/?scope=clinic")
    screenshot(page, "63-declined-proposal-today")
