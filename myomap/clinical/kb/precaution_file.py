"""Reading precautions.yaml: item groups ("@pressure") are expanded before validation so every
rule names real ids, which the integrity check then verifies against the other files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from myomap.clinical.kb.errors import KbError
from myomap.clinical.kb.reading import read_yaml, validate_entries, validate_one
from myomap.clinical.kb.schema import Pathway, Precaution, PrecautionBook, Source

FILE = "precautions.yaml"
SECTIONS = {
    "groups",
    "positions",
    "exercise_positions",
    "prone_palpation_muscles",
    "precautions",
    "pathways",
    "palpation_cautions",
    "sources",
}


def _expand(values: list, groups: dict[str, list[str]], entry: str, field: str) -> list:
    out: list = []
    for value in values:
        if isinstance(value, str) and value.startswith("@"):
            name = value[1:]
            if name not in groups:
                raise KbError(f"unknown group '{value}'", file=FILE, entry=entry, field=field)
            out.extend(groups[name])
        else:
            out.append(value)
    return list(dict.fromkeys(out))


def _expand_rules(raw_entries: Any, groups: dict[str, list[str]], section: str) -> Any:
    if not isinstance(raw_entries, list):
        return raw_entries
    for raw in raw_entries:
        if not isinstance(raw, dict):
            continue
        entry = str(raw.get("id", section))
        for n, rule in enumerate(raw.get("rules") or []):
            if not isinstance(rule, dict):
                continue
            for key in ("items", "muscles"):
                if isinstance(rule.get(key), list):
                    rule[key] = _expand(rule[key], groups, entry, f"rules.{n}.{key}")
    return raw_entries


def read_precautions(folder: Path) -> PrecautionBook:
    data = read_yaml(folder / FILE, SECTIONS)
    groups = dict(data["groups"] or {})
    groups.update(data["exercise_positions"] or {})
    precautions = validate_entries(
        Precaution,
        _expand_rules(data["precautions"], groups, "precautions"),
        file=FILE,
        section="precautions",
    )
    pathways = validate_entries(
        Pathway, _expand_rules(data["pathways"], groups, "pathways"), file=FILE, section="pathways"
    )
    sources = validate_entries(
        Source, data["sources"], file=FILE, section="sources", id_field="key"
    )
    return validate_one(
        PrecautionBook,
        {
            "groups": data["groups"],
            "precautions": precautions,
            "pathways": pathways,
            "palpation_cautions": data["palpation_cautions"],
            "positions": data["positions"],
            "exercise_positions": data["exercise_positions"],
            "prone_palpation_muscles": data["prone_palpation_muscles"],
            "sources": sources,
        },
        file=FILE,
        entry="-",
    )
