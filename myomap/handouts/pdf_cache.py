"""Rendered handout PDFs, remembered by what they are made of.

Laying a handout out with WeasyPrint costs a few hundred milliseconds of CPU, far more than
everything else the request does; the same PDF is often asked for again (printed twice, sent
and printed, downloaded from the episode and from the data export). The rendering is a pure
function of its inputs: the handout's HTML (which holds every word, number and date the PDF
shows: the client's fields, the plan version's exercises and doses, the notes' programme, the
date printed, the letterhead — whatever changed in the records changes the HTML), the
stylesheets, the local files the render read, and WeasyPrint itself. The key is a hash of the
HTML, the stylesheets' contents and WeasyPrint's version; a stored PDF also lists the local files
its render read with their modification times and is used only while they are unchanged. A new
plan, note, client edit, a new day or a new stylesheet is a new key: nothing is invalidated and a
stale PDF cannot be served.

Only the rendering is skipped. The caller still reads the records through the scoped selectors
and audits every request as before, and builds the HTML each time (a few milliseconds).
The PDFs live in Django's cache (per process by default), like the progress engine's results.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import weasyprint
from django.core.cache import cache

from myomap.handouts.pdf import OfflineFetcher, pdf_from_html

TIMEOUT_S = 3600
# A larger PDF is rendered every time rather than held in memory.
MAX_BYTES = 2 * 1024 * 1024
# Bumped if the way a PDF is made changes in a way the inputs above do not show.
RECIPE = "handout-pdf-1"


@lru_cache(maxsize=32)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _key(html: str, stylesheets: list[Path]) -> str:
    digest = hashlib.sha256(f"{RECIPE}|{weasyprint.__version__}|".encode())
    for path in stylesheets:
        stat = path.stat()
        digest.update(f"{path}|{_file_digest(path, stat.st_mtime_ns, stat.st_size)}|".encode())
    digest.update(html.encode())
    return f"myomap:handout-pdf:{digest.hexdigest()}"


def _stamps(paths: list[Path]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted({(str(p), p.stat().st_mtime_ns) for p in paths}))


def _unchanged(stamps: tuple[tuple[str, int], ...]) -> bool:
    try:
        return all(Path(path).stat().st_mtime_ns == mtime for path, mtime in stamps)
    except OSError:
        return False


def pdf_from_html_cached(html: str, *, stylesheets: list[Path]) -> bytes:
    """`pdf_from_html(html, stylesheets=…)`, from the cache when the same HTML was rendered
    with the same stylesheets and local files before."""
    key = _key(html, stylesheets)
    stored = cache.get(key)
    if stored is not None:
        pdf, stamps = stored
        if _unchanged(stamps):
            return pdf
    fetcher = OfflineFetcher()
    pdf = pdf_from_html(html, stylesheets=stylesheets, fetcher=fetcher)
    if len(pdf) <= MAX_BYTES:
        cache.set(key, (pdf, _stamps(fetcher.files_read)), TIMEOUT_S)
    return pdf
