"""Words, not ids: no page a clinician or a client sees shows a raw id, a rule id, a source key
without its citation, or an unexplained score. The demo clinic is crawled through every link a
clinician can follow, and the visible text of each page is scanned for id-shaped words."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest

from myomap.accounts.models import Membership, Role

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # relieve_spasm, buttock_lower_r
DOTTED = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){1,}\b")  # progress.r4.advance
SCORE = re.compile(r"\bscore \d+\.\d{3,}")  # score 2.0625
SKIP = ("/logout/", ".pdf", "/static/")
LIMIT = 120  # pages: enough to reach every kind of page of the demo


class _Text(HTMLParser):
    """Visible text and same-site links of a page (script and style contents are not text)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(urldefrag(href)[0])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


@pytest.fixture
def demo_web(db, monkeypatch, tmp_path, client):
    from myomap import demo

    monkeypatch.setattr(demo, "demo_logins_file", lambda: tmp_path / "logins.json")
    clinic = demo.demo_clinic_create()
    client.force_login(Membership.objects.get(clinic=clinic, role=Role.CLINICIAN).user)
    return client


WEBLIKE = re.compile(r"\.(?:com|org|ca|net|uk|html|php)\b|\.\d")
EMAIL = re.compile(r"\S+@\S+|https?://\S+")


def _id_shaped(text: str) -> list[str]:
    text = EMAIL.sub(" ", text)  # an e-mail or web address is not an id
    words = SNAKE.findall(text) + DOTTED.findall(text) + SCORE.findall(text)
    # A domain or a DOI in a bibliography title is a reference, not an id.
    return [w for w in words if not WEBLIKE.search(w)]


def test_no_demo_page_shows_an_id_shaped_word(demo_web):
    queue, seen, found = ["/"], set(), {}
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen or any(part in url for part in SKIP):
            continue
        seen.add(url)
        response = demo_web.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        bad = _id_shaped(" ".join(parser.text))
        if bad:
            found[urlparse(url).path] = sorted(set(bad))
        queue.extend(link for link in parser.links if link not in seen)
    kinds = ("/assessments/", "/plans/", "/progress/", "/sessions/", "/home-programme/",
             "/discharge-summary/", "/sources/", "/clients/")  # fmt: skip
    assert all(any(kind in url for url in seen) for kind in kinds), sorted(seen)
    assert found == {}
