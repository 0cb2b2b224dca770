"""Questionnaires on the assessment page: with the clinic's wording file every item shows its
(placeholder) wording and each answer is a choice; without it the page says so plainly and
shows neutral labels; no page shows a note meant for developers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from myomap.clinical.kb import get_kb

SAMPLE = Path(__file__).parents[1] / "clinical" / "data" / "instrument_wording_sample.yaml"
LICENSED = ("odi", "rmdq", "start_back", "fabq")
DEVELOPER_NOTES = ("shipping", "check permission", "confirm with the owner", "wording_shipped")


@pytest.fixture
def page(assessment, people, browser_as):
    def get() -> str:
        """Every questionnaire's page (one questionnaire per assessment step page), joined."""
        browser = browser_as(people.owner)
        pages = []
        for instrument in get_kb().instruments:
            url = reverse("assessment_measure_step", args=[assessment.pk, instrument])
            response = browser.get(url)
            assert response.status_code == 200, instrument
            pages.append(response.content.decode())
        return "\n".join(pages)

    return get


def _section(html: str, instrument: str) -> str:
    start = html.index(f'id="measure-{instrument}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_with_the_wording_file_every_item_shows_its_wording(settings, page):
    settings.MYOMAP_INSTRUMENT_WORDING_FILE = str(SAMPLE)
    html = page()
    assert "Neutral labels only" not in html
    kb = get_kb()
    for number in range(1, 11):
        section = _section(html, "odi")
        assert f"Sample text, odi section {number} heading" in section
        for answer in range(6):
            assert f"Sample text, odi section {number} statement {answer}" in section
    assert section.count('type="radio"') == 60
    rmdq = _section(html, "rmdq")
    assert all(f"Sample text, rmdq statement {n}<" in rmdq for n in range(1, 25))
    assert rmdq.count('type="checkbox" id="rmdq-') == len(kb.instruments["rmdq"].items)
    start_back = _section(html, "start_back")
    assert all(f"Sample text, start_back item {n}<" in start_back for n in range(1, 10))
    assert "Sample text, item 9 very_much" in start_back
    assert "Sample text, start_back copyright and funding statement." in start_back
    fabq = _section(html, "fabq")
    assert all(f"Sample text, fabq item {n}<" in fabq for n in range(1, 17))
    assert fabq.count('type="radio"') == 16 * 7 and "Sample text, fabq 6" in fabq


@pytest.mark.django_db
def test_without_the_wording_file_the_page_says_so_and_shows_neutral_labels(settings, page):
    settings.MYOMAP_INSTRUMENT_WORDING_FILE = None
    html = page()
    for instrument in LICENSED:
        section = _section(html, instrument)
        name = get_kb().instruments[instrument].name
        assert f"This clinic has not loaded its licensed wording for the {name}" in section
        assert "MYOMAP_INSTRUMENT_WORDING_FILE" in section
        assert "Sample text" not in section
    assert "Section 1: Pain intensity" in _section(html, "odi")
    assert "Statement 24" in _section(html, "rmdq")
    for instrument in ("nprs", "psfs"):  # the project's own words need no file
        assert "Neutral labels only" not in _section(html, instrument)


@pytest.mark.django_db
def test_a_broken_wording_file_is_reported_on_the_page_and_by_the_checks(settings, page, tmp_path):
    broken = tmp_path / "wording.yaml"
    broken.write_text(SAMPLE.read_text().replace("statement_07:", "statement_77:"))
    settings.MYOMAP_INSTRUMENT_WORDING_FILE = str(broken)
    html = page()
    assert "The clinic's wording file could not be used" in html
    assert "instruments.rmdq.items: unknown statement_77" in html
    assert str(tmp_path) not in html  # where the file lives stays on the server
    errors = [e for e in run_checks() if e.id == "myomap.E001"]
    assert len(errors) == 1 and str(broken) in errors[0].msg


@pytest.mark.django_db
@pytest.mark.parametrize("wording", [None, str(SAMPLE)])
def test_no_developer_note_is_shown(settings, page, wording):
    settings.MYOMAP_INSTRUMENT_WORDING_FILE = wording
    text = re.sub(r"<[^>]+>", " ", page()).lower()
    for note in DEVELOPER_NOTES:
        assert note not in text


@pytest.mark.django_db
def test_answers_posted_from_the_choices_are_scored(settings, assessment, people, browser_as):
    settings.MYOMAP_INSTRUMENT_WORDING_FILE = str(SAMPLE)
    browser = browser_as(people.owner)
    url = lambda instrument: reverse("assessment_section", args=[assessment.pk, instrument])  # noqa: E731
    browser.post(url("odi"), {f"odi_{i}": str(i % 6) for i in range(10)})
    browser.post(url("fabq"), {f"fabq_{i}": "3" for i in range(16)})
    browser.post(url("rmdq"), {"rmdq": ["1", "5", "24"]})
    browser.post(
        url("start_back"), {"start_back": ["4", "5", "6"], "start_back_item9": "extremely"}
    )
    html = browser.get(reverse("assessment_measure_step", args=[assessment.pk, "odi"])).content
    html = html.decode()
    assessment.refresh_from_db()
    assert assessment.scores["odi"]["score"] == 42.0  # 21 of 50 points
    assert assessment.scores["fabq"]["physical_activity"] == 12
    assert assessment.scores["rmdq"]["score"] == 3
    assert assessment.scores["start_back"]["risk"] == "high"
    odi = _section(html, "odi")
    assert 'name="odi_5" value="5" checked' in odi and 'name="odi_5" value="4" checked' not in odi
