"""No code, comment or docstring points outside the repository or tells history.

A newcomer who clones Myomap cannot open the project brief, so a reference to it is a dead end;
and "which issue added this" says nothing about why the code is so. The rule a comment leans on
belongs in `docs/` (the clinical ones in docs/clinical-rules.md) or in the knowledge base, with
its source key. This scans every text file under `myomap/` and `tests/`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".py", ".yaml", ".yml", ".html", ".css", ".js", ".md", ".txt", ".toml"}
# Built from pieces so that this file does not match itself.
OUTSIDE = re.compile(
    "|".join(
        [
            "SPEC" + r" ?(§|\d|section)",
            "DESIGN" + r"\.md",
            r"\.\./" + "shared",
            "[Ii]ssue" + r" \d",
            r"\bseeds?/",
            r"\b(red_flags_guidelines|trigger_points|outcome_measures)" + r"\.md",
        ]
    )
)


def outside_citations(text: str) -> list[int]:
    """Line numbers that cite a file outside the repository or an issue number."""
    return [n for n, line in enumerate(text.splitlines(), 1) if OUTSIDE.search(line)]


def _sources() -> list[Path]:
    files = []
    for top in ("myomap", "tests"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and "LICENSE" not in path.name:
                files.append(path)
    return files


@pytest.mark.parametrize(
    "line, expected",
    [
        ("# " + "SPEC" + " §5.1: the MCID", True),
        ('"""Built in ' + "issue" + ' 7."""', True),
        ("# see " + "DESIGN" + ".md", True),
        ("# see docs/clinical-rules.md, measures", False),
        ("# red-flag issues are listed first", False),
    ],
)
def test_the_citation_check_tells_an_outside_reference_from_a_repository_one(line, expected):
    assert bool(outside_citations(line)) is expected


def test_no_file_under_myomap_or_tests_cites_the_brief_or_an_issue_number():
    found = []
    for path in _sources():
        for line in outside_citations(path.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{path.relative_to(ROOT)}:{line}")
    assert found == [], "point to docs/ or the KB instead: " + ", ".join(found)
