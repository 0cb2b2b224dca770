"""A clinic's licensed questionnaire wording, read from the file the clinic supplies.

The knowledge base ships only neutral labels for instruments whose wording it may not
distribute (`licence.wording_shipped: false`). A clinic that holds the licence writes the
wording into one YAML or JSON file (format in docs/questionnaires.md); this module reads and
validates it against the KB's instruments, so that every item id, option count and scale
answer is checked before a page shows it. Nothing here knows about settings or Django.

- `wording_load(path, instruments=None) -> Wording` — raises `WordingFileError`, whose message
  names the file, the instrument, the item and what is wrong.
- `Wording.instruments`: instrument id -> `InstrumentWording` (`instructions`, `notice`,
  `items`: item id -> `ItemWording(text, options)`, `scale` and `last_item_scale`: answer
  value -> label).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from myomap.clinical.kb import get_kb
from myomap.clinical.kb.schema import Instrument
from myomap.clinical.kb.schema.instruments import AnswerScale

FORMAT_KEY = "myomap_instrument_wording"
FORMAT_VERSION = 1
TEXT_MAX = 2000
FILE_MAX_BYTES = 2_000_000


class WordingFileError(ValueError):
    """The wording file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class ItemWording:
    text: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstrumentWording:
    instrument: str
    items: dict[str, ItemWording]
    instructions: str | None = None
    notice: str | None = None
    scale: dict[str, str] = field(default_factory=dict)
    last_item_scale: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Wording:
    source: str
    instruments: dict[str, InstrumentWording]

    def get(self, instrument: str) -> InstrumentWording | None:
        return self.instruments.get(instrument)


def wordable(instrument: Instrument) -> bool:
    """Instruments whose wording is not shipped, so only a clinic's file can supply it."""
    return not instrument.licence.wording_shipped


def scale_values(scale: AnswerScale) -> list[str]:
    """The answer values of a scale as they are posted and stored (choice ids, or integers)."""
    if scale.kind == "choice":
        return list(scale.choices)
    if scale.kind == "yes_no":
        return ["yes", "no"]
    if scale.min is None or scale.max is None:
        return []
    return [str(v) for v in range(int(scale.min), int(scale.max) + 1)]


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> WordingFileError:
        return WordingFileError(f"{self.source}: {where}: {problem}")

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be non-empty text")
        if "\x00" in value:
            raise self.fail(where, "must not contain a NUL character")
        if len(value) > TEXT_MAX:
            raise self.fail(where, f"is longer than the limit of {TEXT_MAX} characters")
        return value.strip()

    def mapping(self, value: Any, where: str) -> Mapping:
        if not isinstance(value, Mapping):
            raise self.fail(where, "must be a mapping of names to values")
        return value

    def keys(self, value: Mapping, where: str, allowed: list[str], required: list[str]) -> None:
        unknown = [str(k) for k in value if str(k) not in allowed]
        if unknown:
            listed = ", ".join(allowed)
            if len(allowed) > 8:  # item ids run in order: name the range, not all of them
                listed = f"{allowed[0]} to {allowed[-1]}"
            raise self.fail(where, f"unknown {', '.join(sorted(unknown))}; allowed: {listed}")
        missing = [k for k in required if k not in {str(k) for k in value}]
        if missing:
            raise self.fail(where, f"missing {', '.join(missing)}")


def _parse(path: Path) -> Any:
    source = str(path)
    try:
        if path.stat().st_size > FILE_MAX_BYTES:
            raise WordingFileError(f"{source}: larger than {FILE_MAX_BYTES} bytes")
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WordingFileError(f"{source}: no such file") from None
    except UnicodeDecodeError:
        raise WordingFileError(f"{source}: not UTF-8 text") from None
    except OSError as exc:
        raise WordingFileError(f"{source}: cannot be read ({exc.strerror})") from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(raw)
        return yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise WordingFileError(f"{source}: not valid {kind} ({detail})") from None


def _scale(
    read: _Reader, value: Any, where: str, scale: AnswerScale | None, kind: str
) -> dict[str, str]:
    if value is None:
        return {}
    if scale is None:
        raise read.fail(where, f"this instrument has no {kind}")
    allowed = scale_values(scale)
    labels = read.mapping(value, where)
    read.keys(labels, where, allowed, [])
    return {str(k): read.text(v, f"{where}.{k}") for k, v in labels.items()}


def _item(read: _Reader, value: Any, where: str, instrument: Instrument) -> ItemWording:
    per_item_options = instrument.id == "odi"
    if isinstance(value, str):
        value = {"text": value}
    entry = read.mapping(value, where)
    allowed = ["text", "options"] if per_item_options else ["text"]
    read.keys(entry, where, allowed, allowed)
    text = read.text(entry["text"], f"{where}.text")
    if not per_item_options:
        return ItemWording(text)
    expected = scale_values(instrument.answer_scale)
    options = entry["options"]
    if not isinstance(options, list) or len(options) != len(expected):
        count = len(options) if isinstance(options, list) else "no list"
        raise read.fail(
            f"{where}.options",
            f"needs a list of {len(expected)} statements, scored {expected[0]} to "
            f"{expected[-1]} in order; got {count}",
        )
    return ItemWording(
        text, tuple(read.text(o, f"{where}.options.{i}") for i, o in enumerate(options))
    )


def _instrument(read: _Reader, value: Any, instrument: Instrument) -> InstrumentWording:
    where = f"instruments.{instrument.id}"
    entry = read.mapping(value, where)
    allowed = ["instructions", "notice", "items", "scale", "last_item_scale"]
    read.keys(entry, where, allowed, ["items"])
    items = read.mapping(entry["items"], f"{where}.items")
    ids = [item.id for item in instrument.items]
    read.keys(items, f"{where}.items", ids, ids)
    optional = {
        key: read.text(entry[key], f"{where}.{key}")
        for key in ("instructions", "notice")
        if entry.get(key) is not None
    }
    return InstrumentWording(
        instrument=instrument.id,
        items={i: _item(read, items[i], f"{where}.items.{i}", instrument) for i in ids},
        scale=_scale(read, entry.get("scale"), f"{where}.scale", instrument.answer_scale, "scale"),
        last_item_scale=_scale(
            read,
            entry.get("last_item_scale"),
            f"{where}.last_item_scale",
            instrument.last_item_scale,
            "last_item_scale",
        ),
        **optional,
    )


def wording_load(path: Path | str, instruments: Mapping[str, Instrument] | None = None) -> Wording:
    """Read and check one wording file against the KB's instruments."""
    path = Path(path)
    instruments = get_kb().instruments if instruments is None else instruments
    read = _Reader(str(path))
    document = read.mapping(_parse(path), "the file")
    read.keys(document, "the file", [FORMAT_KEY, "instruments"], [FORMAT_KEY, "instruments"])
    if document[FORMAT_KEY] != FORMAT_VERSION:
        raise read.fail(FORMAT_KEY, f"must be {FORMAT_VERSION}, got {document[FORMAT_KEY]!r}")
    entries = read.mapping(document["instruments"], "instruments")
    allowed = [i.id for i in instruments.values() if wordable(i)]
    for key in entries:
        if str(key) in instruments and str(key) not in allowed:
            raise read.fail(
                f"instruments.{key}",
                "its wording is the project's own and is not read from a file; "
                f"instruments that take wording: {', '.join(allowed)}",
            )
    read.keys(entries, "instruments", allowed, [])
    return Wording(
        source=str(path),
        instruments={
            str(key): _instrument(read, value, instruments[str(key)])
            for key, value in entries.items()
        },
    )
