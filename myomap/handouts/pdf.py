"""HTML → PDF with WeasyPrint, offline.

A handout is clinical data: rendering it must never reach the network (a stray `<img
src="https://…">` would leak that a client exists to a third party and stall the render on a
clinic machine without internet). The fetcher below therefore refuses every scheme except
`data:` and `file:` URLs that point inside the app's own static folders.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

PACKAGE_DIR = Path(__file__).resolve().parent
HANDOUT_CSS = PACKAGE_DIR / "static" / "handouts" / "handout.css"
# Static folders a handout may read images or stylesheets from.
ALLOWED_ROOTS: tuple[Path, ...] = (
    PACKAGE_DIR / "static",
    PACKAGE_DIR.parent / "web" / "static",
)

# One render at a time per process. The server answers with several threads per process, and
# WeasyPrint's text layout goes through Pango and fontconfig objects (the shared font
# configuration and stylesheets below) that are not safe to use from two threads at once:
# concurrent renders corrupted their state (GLib "corrupted double-linked list" warnings) and
# one request hung. Rendering is CPU-bound under the GIL anyway, so the lock costs no
# throughput; other processes render in parallel.
RENDER_LOCK = threading.Lock()


class OfflineFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that only reads local static files and `data:` URLs."""

    def __init__(self, roots: tuple[Path, ...] = ALLOWED_ROOTS) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self._roots = tuple(root.resolve() for root in roots)
        self.files_read: list[Path] = []  # what the rendered PDF depends on besides its HTML

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "file" and not self._is_allowed_file(unquote(parts.path)):
            raise ValueError(f"handout may only load files from the static folders: {url}")
        if scheme not in ("file", "data"):
            raise ValueError(f"handout rendering never fetches over the network: {url}")
        if scheme == "file":
            self.files_read.append(Path(unquote(parts.path)).resolve())
        return super().fetch(url, headers)

    def _is_allowed_file(self, path: str) -> bool:
        resolved = Path(path).resolve()
        return any(resolved.is_relative_to(root) for root in self._roots)


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    # Building a font configuration costs tens of milliseconds; one per process is enough
    # because handouts declare no @font-face of their own.
    return FontConfiguration()


@lru_cache(maxsize=16)
def _stylesheet(path: Path, mtime_ns: int) -> CSS:
    # Keyed on mtime so an edited stylesheet is picked up without a restart.
    return CSS(filename=str(path), url_fetcher=OfflineFetcher(), font_config=_font_config())


def handout_renderer_prepare() -> None:
    """Build the font configuration and parse the handout stylesheet now (a server worker does
    this before its first request), not in the first PDF request."""
    _stylesheet(HANDOUT_CSS, HANDOUT_CSS.stat().st_mtime_ns)


def pdf_from_html(
    html: str, *, stylesheets: list[Path] | None = None, fetcher: OfflineFetcher | None = None
) -> bytes:
    """Render `html` to PDF bytes. `stylesheets` are local CSS files applied as author styles
    (the same files the web page links). Relative URLs in `html` resolve against the
    handouts static folder; anything outside the static folders is refused. `fetcher`, when
    given, is the one used (its `files_read` then lists the local files the render read)."""
    fetcher = fetcher or OfflineFetcher()
    with RENDER_LOCK:
        sheets = [_stylesheet(path, path.stat().st_mtime_ns) for path in stylesheets or []]
        document = HTML(
            string=html, base_url=str(PACKAGE_DIR / "static") + "/", url_fetcher=fetcher
        )
        pdf = document.write_pdf(stylesheets=sheets, font_config=_font_config())
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
