"""Shared helpers for the knowledge-base tests: the clinical notes and broken KB copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from myomap.clinical.kb.loader import default_data_dir

SHARED = Path(__file__).resolve().parents[3] / "shared" / "clinical"


def clinical_notes() -> dict | None:
    """The shared clinical trigger-point notes, or None when this checkout has no copy."""
    path = SHARED / "trigger_points.yaml"
    return yaml.safe_load(path.read_text()) if path.is_file() else None


def copy_kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(default_data_dir(), target)
    return target


def replace_in(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text()
    assert old in text, f"{old!r} not found in {file}"
    path.write_text(text.replace(old, new, 1))
