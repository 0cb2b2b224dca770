"""The clinical core stays pure Python: nothing under myomap/clinical imports Django or ninja or
reads Django settings, and the knowledge base uses no eval and no absolute paths. The import
rules of the other layers are in tests/test_layers.py, on the same reader."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "myomap"
CLINICAL = ROOT / "clinical"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def import_offenders(folder: Path, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """file (relative to myomap/) → the forbidden modules it imports (a prefix matches itself
    and its submodules)."""

    def bad(module: str) -> bool:
        return any(module == f or module.startswith(f + ".") for f in forbidden)

    files = sorted(folder.rglob("*.py")) if folder.is_dir() else [folder]
    assert files, f"{folder} should not be empty"
    found = {str(p.relative_to(ROOT)): sorted(filter(bad, imported_modules(p))) for p in files}
    return {name: modules for name, modules in found.items() if modules}


def test_nothing_under_myomap_clinical_imports_django():
    assert import_offenders(CLINICAL, ("django", "ninja")) == {}


def test_nothing_under_myomap_clinical_mentions_django_settings():
    for path in CLINICAL.rglob("*.py"):
        assert "DJANGO_SETTINGS_MODULE" not in path.read_text(encoding="utf-8"), path


def test_the_knowledge_base_uses_no_absolute_paths_or_eval():
    for path in (CLINICAL / "kb").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "eval(" not in text.replace("evaluate", ""), path
        assert "/work/" not in text, path
