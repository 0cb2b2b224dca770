"""The charts are pure Python: nothing under myomap/charts imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

CHARTS = Path(__file__).resolve().parents[2] / "myomap" / "charts"


def test_nothing_under_myomap_charts_imports_django():
    imported: set[str] = set()
    for path in CHARTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert imported, "the charts package should not be empty"
    assert sorted(m for m in imported if m.split(".")[0] in ("django", "ninja")) == []
