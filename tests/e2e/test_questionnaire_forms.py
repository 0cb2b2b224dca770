"""Every questionnaire answered on screen, by tapping its answers, and scored through the page —
with the clinic's wording file loaded (placeholder text) and without it; every answer is a
target of at least 44 px at phone and tablet width. Screenshots of each form at three widths,
with and without wording, are saved under var/screenshots/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).parents[1] / "clinical" / "data" / "instrument_wording_sample.yaml"
WIDTHS = {"desktop": 1280, "tablet": 820, "phone": 390}
INSTRUMENTS = ("nprs", "psfs", "odi", "start_back", "rmdq", "fabq")
TARGET_PX = 44


@pytest.fixture
def assessment(owner, client_record):
    from tests.factories import make_assessment, make_episode

    return make_assessment(owner, make_episode(owner, client_record, days_since_onset=40))


def instrument_url(base: str, assessment, instrument: str) -> str:
    """The page that holds one questionnaire: its own step page where the assessment is given
    in steps, else the one assessment page."""
    from django.urls import NoReverseMatch, reverse

    try:
        return base + reverse("assessment_measure_step", args=[assessment.pk, instrument])
    except NoReverseMatch:
        return base + reverse("assessment_detail", args=[assessment.pk])


def _save(section) -> None:
    section.get_by_role("button", name="Save and score").click()


def answer_every_instrument(page, at) -> None:
    page.goto(at("nprs"))
    nprs = page.locator("#measure-nprs")
    nprs.locator("label[for='nprs-6']").click()
    _save(nprs)
    expect(page.locator("#measure-nprs .result")).to_contain_text("Score 6")

    page.goto(at("psfs"))
    psfs = page.locator("#measure-psfs")
    for i, (activity, rating) in enumerate(
        [("Gardening", "4"), ("Sitting", "5"), ("Lifting", "6")]
    ):
        psfs.locator(f"#psfs_activity_{i}").fill(activity)
        psfs.locator(f"#psfs_rating_{i}").fill(rating)
    _save(psfs)
    expect(page.locator("#measure-psfs .result")).to_contain_text("Score 5")

    page.goto(at("odi"))
    odi = page.locator("#measure-odi")
    for i in range(10):
        odi.locator(f"label[for='odi_{i}-{i % 6}']").click()
    _save(odi)
    expect(page.locator("#measure-odi .result")).to_contain_text("Score 42.0 %")

    page.goto(at("start_back"))
    start_back = page.locator("#measure-start_back")
    for i in (4, 5, 6):
        start_back.locator(f"label[for='start_back-{i}']").click()
    start_back.locator("label[for='start_back_item9-extremely']").click()
    _save(start_back)
    expect(page.locator("#measure-start_back .result")).to_contain_text("high risk")

    page.goto(at("rmdq"))
    rmdq = page.locator("#measure-rmdq")
    for n in (1, 5, 24):
        rmdq.locator(f"label[for='rmdq-{n}']").click()
    _save(rmdq)
    expect(page.locator("#measure-rmdq .result")).to_contain_text("Score 3")

    page.goto(at("fabq"))
    fabq = page.locator("#measure-fabq")
    for i in range(16):
        fabq.locator(f"label[for='fabq_{i}-3']").click()
    _save(fabq)
    expect(page.locator("#measure-fabq .result")).to_contain_text("Physical activity 12/24")


def small_answers(page) -> list[str]:
    """Answer inputs whose effective target (the input with its label) is under 44 × 44 px."""
    return page.evaluate(
        """(min) => [...document.querySelectorAll('.questionnaire input')].flatMap(el => {
            let w = 0, h = 0;
            for (const box of [el, ...el.labels].map(x => x.getBoundingClientRect())) {
              w = Math.max(w, box.width); h = Math.max(h, box.height);
            }
            return (w < min || h < min) ? [`${el.id} ${Math.round(w)}x${Math.round(h)}`] : [];
        })""",
        TARGET_PX,
    )


@pytest.mark.parametrize("wording", ["with-wording", "without-wording"])
def test_every_instrument_is_answered_by_tapping_and_scored(
    page, live_server, settings, assessment, logged_in_page, wording
):
    settings.MYOMAP_INSTRUMENT_WORDING_FILE = str(SAMPLE) if wording == "with-wording" else None
    logged_in_page("sam")

    def at(instrument: str) -> str:
        return instrument_url(live_server.url, assessment, instrument)

    notes = 0
    for size, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        for instrument in INSTRUMENTS:
            page.goto(at(instrument))
            section = page.locator(f"#measure-{instrument}")
            section.screenshot(path=str(_shot(instrument, wording, size)))
            if size != "desktop":
                assert small_answers(page) == [], instrument
            wide = page.evaluate(
                """(width) => [...document.querySelectorAll('.questionnaire *')]
                    .filter(el => el.getBoundingClientRect().right > width)
                    .map(el => el.tagName + '.' + el.className)""",
                width,
            )
            assert wide == [], instrument  # nothing in a questionnaire runs off the screen
            if size == "desktop":
                notes += section.locator(".q-note").count()
                if instrument == "odi" and wording == "with-wording":
                    expect(section).to_contain_text("Sample text, odi section 3 statement 5")
                elif instrument == "odi":
                    expect(section).to_contain_text("This clinic has not loaded its licensed")
    assert notes == (0 if wording == "with-wording" else 4)  # ODI, STarT Back, RMDQ, FABQ
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    answer_every_instrument(page, at)
    for instrument in INSTRUMENTS:
        page.goto(at(instrument))
        page.locator(f"#measure-{instrument}").screenshot(
            path=str(_shot(instrument, wording, "phone-answered"))
        )


def _shot(instrument: str, wording: str, size: str) -> Path:
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"questionnaire-{instrument}-{wording}-{size}.png"
