"""The clinical core stays pure Python: nothing under myomap/clinical imports Django."""

from __future__ import annotations

import re
from pathlib import Path

import myomap.clinical

CLINICAL = Path(myomap.clinical.__file__).parent


def test_nothing_under_myomap_clinical_imports_django():
    pattern = re.compile(r"^\s*(from|import)\s+django\b", re.MULTILINE)
    offenders = [p for p in CLINICAL.rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_the_knowledge_base_uses_no_absolute_paths_or_eval():
    for path in (CLINICAL / "kb").rglob("*.py"):
        text = path.read_text()
        assert "eval(" not in text.replace("evaluate", ""), path
        assert "/work/" not in text, path
