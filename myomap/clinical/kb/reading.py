"""Reading one YAML file into validated entries, turning every problem into a `KbError` that
names the file, the entry id and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from myomap.clinical.kb.errors import KbError

M = TypeVar("M", bound=BaseModel)

# The C loader is several times faster; fall back to the pure-Python one where it is missing.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, allowed_keys: set[str]) -> dict[str, Any]:
    """The top-level mapping of a KB file; unknown top-level keys are errors."""
    if not path.is_file():
        raise KbError("file is missing", file=path.name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        raise KbError(f"not valid YAML: {exc}", file=path.name) from exc
    if not isinstance(data, dict):
        raise KbError("the file must be a mapping of sections", file=path.name)
    for key in data:
        if key not in allowed_keys:
            allowed = ", ".join(sorted(allowed_keys))
            raise KbError(f"unknown section (allowed: {allowed})", file=path.name, field=str(key))
    missing = allowed_keys - set(data)
    if missing:
        raise KbError("section is missing", file=path.name, field=sorted(missing)[0])
    return data


def validate_one(model: type[M], raw: Any, *, file: str, entry: str) -> M:
    """Validate one entry; the first pydantic problem becomes a `KbError`."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "-"
        problem = first["msg"]
        if first["type"] == "extra_forbidden":
            problem = "unknown key (check the spelling against docs/knowledge-base.md)"
        raise KbError(problem, file=file, entry=entry, field=field) from exc


def validate_entries(
    model: type[M], raw_list: Any, *, file: str, section: str, id_field: str = "id"
) -> dict[str, M]:
    """Validate a list of entries keyed by `id_field`; duplicate ids are errors."""
    if not isinstance(raw_list, list):
        raise KbError("expected a list of entries", file=file, field=section)
    entries: dict[str, M] = {}
    for position, raw in enumerate(raw_list):
        entry = _entry_name(raw, id_field, section, position)
        value = validate_one(model, raw, file=file, entry=entry)
        if entry in entries:
            raise KbError(
                "duplicate id: another entry already uses it",
                file=file,
                entry=entry,
                field=id_field,
            )
        entries[entry] = value
    return entries


def _entry_name(raw: Any, id_field: str, section: str, position: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get(id_field), str):
        return raw[id_field]
    return f"{section}[{position}]"
