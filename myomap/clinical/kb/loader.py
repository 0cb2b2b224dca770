"""Load the knowledge base from its YAML files, validate it once per process, version it."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from myomap.clinical.kb.errors import KbError
from myomap.clinical.kb.integrity import check_integrity
from myomap.clinical.kb.knowledge import KnowledgeBase
from myomap.clinical.kb.precaution_file import read_precautions
from myomap.clinical.kb.reading import read_yaml, validate_entries, validate_one
from myomap.clinical.kb.schema import (
    DoseTemplate,
    Exercise,
    Finding,
    Instrument,
    LegLength,
    Muscle,
    PelvicAssessment,
    RedFlagRule,
    RedFlags,
    Region,
    RegionArea,
    RegionGroup,
    Source,
    Stage,
    Technique,
)

KB_FILES = (
    "kb.yaml",
    "sources.yaml",
    "regions.yaml",
    "muscles.yaml",
    "exercises.yaml",
    "techniques.yaml",
    "stages.yaml",
    "instruments.yaml",
    "red_flags.yaml",
    "posture.yaml",
    "precautions.yaml",
)


def default_data_dir() -> Path:
    """The YAML shipped inside the package (works from a checkout and from a wheel)."""
    return Path(str(resources.files("myomap.clinical.kb") / "data"))


@lru_cache(maxsize=1)
def get_kb() -> KnowledgeBase:
    """The shipped knowledge base, validated once per process."""
    return load_kb()


def load_kb(path: Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base in directory `path` (default: the shipped one).
    Not cached: tests use it on deliberately broken copies. Raises `KbError`."""
    folder = Path(path) if path is not None else default_data_dir()
    version = _read_version(folder)
    regions, groups = _read_regions(folder)
    red_flags = _read_red_flags(folder)
    posture = read_yaml(folder / "posture.yaml", {"leg_length", "pelvic_assessment"})
    sources = _section(folder, "sources.yaml", "sources", Source, id_field="key")
    precautions = read_precautions(folder)
    # A source cited only by the precautions file lives there; sources.yaml wins on a shared key.
    sources = {**precautions.sources, **sources}
    exercises, dose_templates = _read_exercises(folder)
    kb = KnowledgeBase(
        version=f"{version}+{content_hash(folder)}",
        regions=regions,
        region_groups=groups,
        muscles=_section(folder, "muscles.yaml", "muscles", Muscle),
        exercises=exercises,
        dose_templates=dose_templates,
        techniques=_section(folder, "techniques.yaml", "techniques", Technique),
        instruments=_section(folder, "instruments.yaml", "instruments", Instrument),
        red_flags=red_flags,
        stages=list(_section(folder, "stages.yaml", "stages", Stage).values()),
        sources=sources,
        leg_length=validate_one(
            LegLength, posture["leg_length"], file="posture.yaml", entry="leg_length"
        ),
        pelvic_tests=validate_one(
            PelvicAssessment,
            posture["pelvic_assessment"],
            file="posture.yaml",
            entry="pelvic_assessment",
        ),
        precautions=precautions,
    )
    check_integrity(kb)
    return kb


def content_hash(folder: Path) -> str:
    """First 8 hex digits of a SHA-256 over every KB file, in a fixed order."""
    digest = hashlib.sha256()
    for name in KB_FILES:
        digest.update(name.encode())
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:8]


def _read_version(folder: Path) -> str:
    data = read_yaml(folder / "kb.yaml", {"version", "title", "changes"})
    if not isinstance(data["version"], str) or not data["version"].strip():
        raise KbError("must be a version string such as 2026.11.1", file="kb.yaml", field="version")
    return data["version"].strip()


def _section(folder: Path, file: str, section: str, model: Any, id_field: str = "id") -> dict:
    data = read_yaml(folder / file, {section})
    return validate_entries(model, data[section], file=file, section=section, id_field=id_field)


def _read_exercises(folder: Path) -> tuple[dict[str, Exercise], dict[str, DoseTemplate]]:
    """Exercises with their doses resolved: `dose: {use: <template>}` takes the template's
    fields from the `doses:` section; fields the exercise writes itself win."""
    data = read_yaml(folder / "exercises.yaml", {"doses", "exercises"})
    templates = validate_entries(
        DoseTemplate, data["doses"], file="exercises.yaml", section="doses"
    )
    raw_list = data["exercises"]
    if isinstance(raw_list, list):
        raw_list = [_with_template(raw, templates) for raw in raw_list]
    exercises = validate_entries(Exercise, raw_list, file="exercises.yaml", section="exercises")
    return exercises, templates


def _with_template(raw: Any, templates: dict[str, DoseTemplate]) -> Any:
    if not isinstance(raw, dict) or not isinstance(raw.get("dose"), dict):
        return raw
    dose = raw["dose"]
    name = dose.get("use")
    if name is None:
        return raw
    if name not in templates:
        known = ", ".join(sorted(templates))
        raise KbError(
            f"unknown dose template '{name}' (known: {known})",
            file="exercises.yaml",
            entry=str(raw.get("id")),
            field="dose.use",
        )
    base = templates[name].model_dump(exclude_none=True, exclude={"id"})
    return {**raw, "dose": {**base, **dose}}


def _read_regions(folder: Path) -> tuple[dict[str, Region], dict[str, RegionGroup]]:
    data = read_yaml(folder / "regions.yaml", {"groups", "areas"})
    groups = validate_entries(RegionGroup, data["groups"], file="regions.yaml", section="groups")
    areas = validate_entries(RegionArea, data["areas"], file="regions.yaml", section="areas")
    regions: dict[str, Region] = {}
    for area in areas.values():
        if area.group not in groups:
            raise KbError(
                f"unknown region group '{area.group}'",
                file="regions.yaml",
                entry=area.id,
                field="group",
            )
        for region in _expand(area):
            regions[region.id] = region
    return regions, groups


def _expand(area: RegionArea) -> list[Region]:
    """A sided area becomes a left and a right region; a midline area stays one region."""
    common = area.model_dump(exclude={"id", "sided", "label"})
    if not area.sided:
        return [Region(id=area.id, base=area.id, side="midline", label=area.label, **common)]
    return [
        Region(
            id=f"{area.id}{suffix}",
            base=area.id,
            side=side,
            label=f"{area.label} ({letter})",
            **common,
        )
        for side, suffix, letter in (("left", "_l", "L"), ("right", "_r", "R"))
    ]


def _read_red_flags(folder: Path) -> RedFlags:
    file = "red_flags.yaml"
    data = read_yaml(folder / file, {"principles", "findings", "rules", "safety_netting"})
    findings = validate_entries(Finding, data["findings"], file=file, section="findings")
    rules = validate_entries(RedFlagRule, data["rules"], file=file, section="rules")
    return validate_one(
        RedFlags,
        {
            "findings": findings,
            "rules": list(rules.values()),
            "safety_netting": data["safety_netting"],
            "principles": data["principles"],
        },
        file=file,
        entry="-",
    )
