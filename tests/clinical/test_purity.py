"""DESIGN principle 1: nothing under myomap/clinical imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

CLINICAL = Path(__file__).resolve().parents[2] / "myomap" / "clinical"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nothing_under_myomap_clinical_imports_django():
    files = sorted(CLINICAL.rglob("*.py"))
    assert files, "the clinical package should not be empty"
    offenders = {
        str(path.relative_to(CLINICAL)): sorted(m for m in _imported_modules(path)
                                                if m.split(".")[0] in ("django", "ninja"))
        for path in files
    }  # fmt: skip
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_under_myomap_clinical_mentions_django_settings():
    for path in CLINICAL.rglob("*.py"):
        assert "DJANGO_SETTINGS_MODULE" not in path.read_text(encoding="utf-8"), path
