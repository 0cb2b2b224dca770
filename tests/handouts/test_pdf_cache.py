"""Rendered PDFs are remembered by what they are made of: the same HTML, stylesheets and local
files give the stored PDF without a new render; any change to one of them renders again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.cache import cache

from myomap.handouts import pdf_cache
from myomap.handouts.pdf import HANDOUT_CSS, OfflineFetcher

HTML = "<h1>Home programme</h1><p>Alex Morgan · issued 21 November 2026</p>"


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The HTML of every render that really ran."""
    cache.clear()
    done: list[str] = []
    real = pdf_cache.pdf_from_html

    def counting(html, **kwargs):
        done.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf_cache, "pdf_from_html", counting)
    return done


def test_the_same_html_is_rendered_once_and_served_the_same_bytes(renders):
    first = pdf_cache.pdf_from_html_cached(HTML, stylesheets=[HANDOUT_CSS])
    again = pdf_cache.pdf_from_html_cached(HTML, stylesheets=[HANDOUT_CSS])
    assert first.startswith(b"%PDF") and again == first
    assert renders == [HTML]


def test_any_change_to_the_html_is_a_new_render(renders):
    pdf_cache.pdf_from_html_cached(HTML, stylesheets=[HANDOUT_CSS])
    next_day = HTML.replace("21 November", "22 November")
    other = pdf_cache.pdf_from_html_cached(next_day, stylesheets=[HANDOUT_CSS])
    assert renders == [HTML, next_day]
    assert other != pdf_cache.pdf_from_html_cached(HTML, stylesheets=[HANDOUT_CSS])
    assert len(renders) == 2


def test_an_edited_stylesheet_is_a_new_render(renders, tmp_path):
    sheet = tmp_path / "handout.css"
    sheet.write_text("h1 { color: #1f6f78; }")
    pdf_cache.pdf_from_html_cached(HTML, stylesheets=[sheet])
    pdf_cache.pdf_from_html_cached(HTML, stylesheets=[sheet])
    sheet.write_text("h1 { color: #7a1f1f; }")
    pdf_cache.pdf_from_html_cached(HTML, stylesheets=[sheet])
    assert len(renders) == 2


def test_a_changed_local_file_the_render_read_is_a_new_render(renders, tmp_path, monkeypatch):
    image = tmp_path / "figure.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    monkeypatch.setattr(pdf_cache, "OfflineFetcher", lambda: OfflineFetcher(roots=(tmp_path,)))
    html = f'{HTML}<img src="{image.as_uri()}" alt="">'
    pdf_cache.pdf_from_html_cached(html, stylesheets=[HANDOUT_CSS])
    pdf_cache.pdf_from_html_cached(html, stylesheets=[HANDOUT_CSS])
    assert len(renders) == 1
    stat = image.stat()
    os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    pdf_cache.pdf_from_html_cached(html, stylesheets=[HANDOUT_CSS])
    assert len(renders) == 2


def test_the_fetcher_lists_the_local_files_it_read():
    fetcher = OfflineFetcher()
    fetcher.fetch(HANDOUT_CSS.as_uri()).close()
    assert fetcher.files_read == [Path(HANDOUT_CSS).resolve()]
