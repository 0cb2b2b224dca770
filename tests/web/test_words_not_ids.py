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
UPPER_SNAKE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")  # NAMTPT_QL, IC_META2022
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*[A-Za-z0-9]")
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
def demo_web(demo_clinic, client):
    client.force_login(Membership.objects.get(clinic=demo_clinic, role=Role.CLINICIAN).user)
    return client


WEBLIKE = re.compile(r"\.(?:com|org|ca|net|uk|html|php)\b|\.\d")
EMAIL = re.compile(r"\S+@\S+|https?://\S+")


def _source_keys() -> frozenset[str]:
    from myomap.clinical.kb import get_kb

    return frozenset(get_kb().sources)


def _id_shaped(text: str) -> list[str]:
    text = EMAIL.sub(" ", text)  # an e-mail or web address is not an id
    words = SNAKE.findall(text) + DOTTED.findall(text) + SCORE.findall(text)
    # A source key is shown as its citation ("Travell 1992"), never as the key (TS2, BASS-2018).
    # A NICE guideline's number after "NICE" is its public name, as in its citation.
    named = set(re.findall(r"\bNICE (NG\d+)", text))
    keys = [w for w in TOKEN.findall(text) if w in _source_keys() and w not in named]
    # A setting an administrator types (MYOMAP_…) is named as it is spelled.
    upper = [w for w in UPPER_SNAKE.findall(text) if w not in keys and not w.startswith("MYOMAP_")]
    words += keys + upper
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
        visible = " ".join(parser.text)
        bad = _id_shaped(visible)
        if bad:
            found[urlparse(url).path] = sorted(set(bad))
            where = visible.find(bad[0])
            found[urlparse(url).path].append(
                " ".join(visible[max(0, where - 120) : where + 60].split())
            )
        queue.extend(link for link in parser.links if link not in seen)
    kinds = ("/assessments/", "/plans/", "/progress/", "/sessions/", "/home-programme/",
             "/discharge-summary/", "/sources/", "/clients/")  # fmt: skip
    assert all(any(kind in url for url in seen) for kind in kinds), sorted(seen)
    assert found == {}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Source: NAMTPT_QL", ["NAMTPT_QL"]),
        ("see TS2 and BASS-2018", ["TS2", "BASS-2018"]),
        ("Travell 1992; HLA-B27 positive", []),
        ("relieve_spasm", ["relieve_spasm"]),
    ],
)
def test_the_scan_sees_lower_and_upper_case_ids_and_source_keys(text, found):
    assert sorted(_id_shaped(text)) == sorted(found)
