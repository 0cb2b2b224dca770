"""Shared helpers for the knowledge-base tests: the clinical notes' ids and broken KB copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from myomap.clinical.kb.loader import default_data_dir

NOTE_IDS = Path(__file__).resolve().parent / "data" / "clinical_note_ids.yaml"


def clinical_note_ids() -> dict[str, list[str]]:
    """The region and muscle ids of the clinical notes the KB was written from."""
    return yaml.safe_load(NOTE_IDS.read_text())


def copy_kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(default_data_dir(), target)
    return target


def replace_in(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text()
    assert old in text, f"{old!r} not found in {file}"
    path.write_text(text.replace(old, new, 1))
