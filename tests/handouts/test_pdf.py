"""PDF and HTML rendering: offline, two A4 pages for five exercises (render time in bench/), no
inline styles on the web page (strict CSP)."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from myomap.handouts.discharge import discharge_summary_build
from myomap.handouts.pdf import HANDOUT_CSS, OfflineFetcher, pdf_from_html
from myomap.handouts.programme import home_programme_build
from myomap.handouts.render import (
    DISCHARGE_SUMMARY_TEMPLATE,
    HOME_PROGRAMME_TEMPLATE,
    discharge_summary_pdf,
    handout_html,
    home_programme_pdf,
)
from tests.factories import FIVE_EXERCISES

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" width="200" height="60">'
    '<polyline points="0,10 100,30 200,50" fill="none" stroke="#1f6f78"/></svg>'
)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    # poppler-utils is a CI system package (.ci/run), so this never skips there.
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_count(pdf: bytes) -> int:
    # WeasyPrint compresses its page objects into object streams, so counting "/Type /Page" in
    # the raw bytes finds none; pdfinfo reads the page tree.
    assert shutil.which("pdfinfo"), "pdfinfo (poppler-utils) is needed"
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found, info.stdout
    return int(found.group(1))


@pytest.fixture
def five_exercise_programme(programme_args) -> dict:
    note = "Do these on most days and tell me at your next visit how they went."
    return home_programme_build(**{**programme_args, "prescribed": FIVE_EXERCISES, "note": note})


def test_a_five_exercise_handout_fits_two_pages(
    five_exercise_programme,
):
    pdf = home_programme_pdf(five_exercise_programme)
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) <= 2


def test_the_pdf_shows_clinic_name_page_numbers_and_safety_netting(
    five_exercise_programme, tmp_path
):
    text = pdf_text(home_programme_pdf(five_exercise_programme), tmp_path)
    flat = " ".join(text.split())
    assert "Harbourside Physiotherapy" in flat
    assert "Page 1 of 2" in flat and "Page 2 of 2" in flat
    assert "When to get medical help" in flat
    assert "Your therapist will set this with you." in flat
    assert "Deep pressure can leave soreness for a day or two." in flat


def test_the_discharge_letter_pdf_has_the_client_the_table_and_the_chart(discharge_args, tmp_path):
    summary = discharge_summary_build(**discharge_args)
    pdf = discharge_summary_pdf(summary, chart_svg=CHART)
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Re: Alex Morgan, DOB 2 March 1984" in flat
    assert "Harbourside Physiotherapy" in flat
    assert "not re-measured" in flat
    assert "Absolute ≥ 2 points: met" in flat
    assert page_count(pdf) <= 2


@pytest.mark.parametrize("template", [HOME_PROGRAMME_TEMPLATE, DISCHARGE_SUMMARY_TEMPLATE])
def test_the_web_page_links_its_stylesheet_and_has_no_inline_style(
    template, five_exercise_programme, discharge_args
):
    context = {
        "programme": five_exercise_programme,
        "summary": discharge_summary_build(**discharge_args),
        "chart_svg": CHART,
    }
    html = handout_html(template, context)
    assert '<link rel="stylesheet" href="/static/handouts/handout.css">' in html
    narrow = '<link rel="stylesheet" media="screen and (max-width: 40rem)"'
    assert f'{narrow} href="/static/handouts/handout-narrow.css">' in html
    assert "<style" not in html and "style=" not in html
    assert 'class="screen-actions"' in html


def test_the_pdf_html_drops_the_link_and_the_screen_actions(five_exercise_programme):
    html = handout_html(
        HOME_PROGRAMME_TEMPLATE, {"programme": five_exercise_programme}, for_pdf=True
    )
    assert "<link" not in html and "screen-actions" not in html


def test_the_fetcher_never_goes_to_the_network_or_outside_static():
    fetcher = OfflineFetcher()
    for url in ("https://example.com/a.png", "http://127.0.0.1/a.css", "ftp://x/y"):
        with pytest.raises(ValueError, match="never fetches over the network"):
            fetcher.fetch(url)
    with pytest.raises(ValueError, match="static folders"):
        fetcher.fetch("file:///etc/passwd")
    response = fetcher.fetch(HANDOUT_CSS.as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


def test_a_remote_image_is_skipped_and_the_pdf_still_renders():
    html = '<p>Hello</p><img src="https://example.invalid/tracker.png" alt="">'
    pdf = pdf_from_html(html, stylesheets=[HANDOUT_CSS])
    assert pdf.startswith(b"%PDF")


def test_a_render_holds_the_process_lock_for_the_whole_layout(monkeypatch):
    # The server answers from several threads per process; WeasyPrint's Pango and fontconfig
    # objects (shared font configuration, cached stylesheets) must never be used by two at once.
    from myomap.handouts import pdf as pdf_module

    seen: list[bool] = []
    real_write_pdf = pdf_module.HTML.write_pdf

    def write_pdf(self, *args, **kwargs):
        seen.append(pdf_module.RENDER_LOCK.locked())
        return real_write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(pdf_module.HTML, "write_pdf", write_pdf)
    pdf = pdf_from_html("<p>Walk for ten minutes.</p>", stylesheets=[HANDOUT_CSS])
    assert pdf.startswith(b"%PDF")
    assert seen == [True]
    assert not pdf_module.RENDER_LOCK.locked()


def test_every_demo_clinic_home_programme_fits_two_pages(demo_clinic, client):
    # The demo's programmes carry the first visit's education and activity cards and their
    # sources: a longer handout than five exercises alone (the sources line once spilled two
    # lines onto a third sheet).
    from myomap.accounts.models import Membership, Role
    from myomap.records.models import Episode

    client.force_login(Membership.objects.get(clinic=demo_clinic, role=Role.CLINICIAN).user)
    counts = {}
    for episode in Episode.objects.filter(clinic=demo_clinic, status="active"):
        answer = client.get(f"/episodes/{episode.pk}/home-programme.pdf")
        if answer.status_code == 200:
            counts[episode.client.full_name] = page_count(answer.content)
    assert len(counts) >= 3, counts
    assert all(pages <= 2 for pages in counts.values()), counts


def test_weasyprint_reads_the_handout_stylesheet_without_a_warning(caplog):
    """Every rule of the stylesheet WeasyPrint is given is one it reads: a media query with
    features (the phone layout's) was dropped with an "invalid media type" warning in every
    server worker's log, so those rules live in a stylesheet only the web page links."""
    from weasyprint import CSS

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        CSS(string="@media screen and (max-width: 40rem) { p { color: red } }")
    assert caplog.records  # the warning is caught here when there is one
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        CSS(filename=str(HANDOUT_CSS))
    assert [r.getMessage() for r in caplog.records] == []
