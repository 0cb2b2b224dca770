"""Cross-file checks run after every file has validated on its own: every id that one entry
names must exist, and every fact must cite a source that is in the bibliography."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from myomap.clinical.kb.errors import KbError
from myomap.clinical.kb.evaluators import check_condition
from myomap.clinical.kb.precaution_checks import check_precautions

if TYPE_CHECKING:
    from myomap.clinical.kb.knowledge import KnowledgeBase


def check_integrity(kb: KnowledgeBase) -> None:
    _check_sources(kb)
    _check_muscles(kb)
    _check_exercises(kb)
    _check_techniques_and_stages(kb)
    _check_instruments(kb)
    _check_red_flags(kb)
    check_precautions(kb)


def _tables(kb: KnowledgeBase) -> Iterator[tuple[str, str, BaseModel]]:
    """(file, entry id, entry) for every entry that may cite sources."""
    for file, table in (
        ("muscles.yaml", kb.muscles),
        ("exercises.yaml", kb.exercises),
        ("techniques.yaml", kb.techniques),
        ("instruments.yaml", kb.instruments),
    ):
        yield from ((file, key, entry) for key, entry in table.items())
    yield from (("stages.yaml", stage.id, stage) for stage in kb.stages)
    yield from (("red_flags.yaml", rule.id, rule) for rule in kb.red_flags.rules)
    yield ("posture.yaml", "leg_length", kb.leg_length)
    yield ("posture.yaml", "pelvic_assessment", kb.pelvic_tests)
    book = kb.precautions
    yield from (("precautions.yaml", key, entry) for key, entry in book.precautions.items())
    yield from (("precautions.yaml", key, entry) for key, entry in book.pathways.items())
    for n, caution in enumerate(book.palpation_cautions):
        yield ("precautions.yaml", f"palpation_cautions[{n}]", caution)


def _source_lists(value: Any, path: str) -> Iterator[tuple[str, list[str]]]:
    """Every `sources` list inside a model, with its dotted path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            child_path = f"{path}.{name}" if path else name
            if name == "sources" and isinstance(child, list):
                yield child_path, child
            else:
                yield from _source_lists(child, child_path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _source_lists(item, f"{path}.{index}")


def _check_sources(kb: KnowledgeBase) -> None:
    for file, entry, model in _tables(kb):
        for path, keys in _source_lists(model, ""):
            for index, key in enumerate(keys):
                if key not in kb.sources:
                    raise KbError(
                        f"unknown source key '{key}' (add it to sources.yaml)",
                        file=file,
                        entry=entry,
                        field=f"{path}.{index}",
                    )


def _require(ids: list[str], known: Any, what: str, *, file: str, entry: str, field: str) -> None:
    for index, item in enumerate(ids):
        if item not in known:
            raise KbError(
                f"unknown {what} '{item}'", file=file, entry=entry, field=f"{field}.{index}"
            )


def _check_muscles(kb: KnowledgeBase) -> None:
    bases = {region.base for region in kb.regions.values()}
    for muscle in kb.muscles.values():
        ref = {"file": "muscles.yaml", "entry": muscle.id}
        _require(muscle.essential_zones, bases, "region", field="essential_zones", **ref)
        _require(muscle.spillover_zones, bases, "region", field="spillover_zones", **ref)
        whole = set(muscle.essential_zones) | set(muscle.spillover_zones)
        for n, tp in enumerate(muscle.trigger_points):
            for kind in ("essential_zones", "spillover_zones"):
                field = f"trigger_points.{n}.{kind}"
                _require(getattr(tp, kind), bases, "region", field=field, **ref)
                _require(
                    getattr(tp, kind),
                    whole,
                    "zone for this muscle (add it to the muscle's own zones)",
                    field=field,
                    **ref,
                )


def _check_exercises(kb: KnowledgeBase) -> None:
    stage_ids = set(kb.stage_ids)
    for ex in kb.exercises.values():
        ref = {"file": "exercises.yaml", "entry": ex.id}
        _require(ex.strengthens, kb.muscles, "muscle", field="strengthens", **ref)
        _require(ex.lengthens, kb.muscles, "muscle", field="lengthens", **ref)
        _require(ex.stages, stage_ids, "stage", field="stages", **ref)
        _require(ex.progression, kb.exercises, "exercise", field="progression", **ref)
        _require(ex.regression, kb.exercises, "exercise", field="regression", **ref)
        _require(ex.requires, kb.exercises, "exercise", field="requires", **ref)
        _require(ex.also_loads, kb.muscles, "muscle", field="also_loads", **ref)
        trained = set(ex.strengthens) | set(ex.lengthens)
        _require(ex.primary, trained, "muscle it strengthens or lengthens", field="primary", **ref)


def _check_techniques_and_stages(kb: KnowledgeBase) -> None:
    stage_ids = set(kb.stage_ids)
    for tech in kb.techniques.values():
        _require(
            tech.stages, stage_ids, "stage", file="techniques.yaml", entry=tech.id, field="stages"
        )
    for position, stage in enumerate(kb.stages, start=1):
        if stage.number != position:
            raise KbError(
                f"stages must be numbered 1, 2, 3... in file order (expected {position})",
                file="stages.yaml",
                entry=stage.id,
                field="number",
            )


def _check_instruments(kb: KnowledgeBase) -> None:
    for inst in kb.instruments.values():
        item_ids = {item.id for item in inst.items}
        for n, sub in enumerate(inst.subscales):
            _require(
                sub.items,
                item_ids,
                "item",
                file="instruments.yaml",
                entry=inst.id,
                field=f"subscales.{n}.items",
            )
        uppers = [band.upper for band in inst.bands]
        if uppers != sorted(uppers):
            raise KbError(
                "bands must be listed from lowest to highest",
                file="instruments.yaml",
                entry=inst.id,
                field="bands",
            )


def _check_red_flags(kb: KnowledgeBase) -> None:
    for rule in kb.red_flags.rules:
        problem = check_condition(rule.when, set(kb.red_flags.findings))
        if problem:
            path, message = problem
            field = f"when.{path}" if path else "when"
            raise KbError(message, file="red_flags.yaml", entry=rule.id, field=field)
