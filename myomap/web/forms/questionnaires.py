"""Questionnaires as forms a person can answer: one instrument's fieldsets built from the KB's
items and scales, with the clinic's licensed wording when its wording file is loaded, and
neutral labels with a plain note when it is not (docs/questionnaires.md).

The assessment page and the client portal both render `questionnaires/_fields.html` with a form
from `questionnaire_form`, and read answers back with `questionnaire_parse`. Field names are the
assessment's existing ones, so stored answers and scoring do not change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import QueryDict

from myomap.clinical.kb import get_kb
from myomap.clinical.kb.schema import Instrument
from myomap.clinical.kb.wording import (
    InstrumentWording,
    Wording,
    WordingFileError,
    scale_values,
    wordable,
    wording_load,
)
from myomap.clinical.measures import INSTRUMENTS

logger = logging.getLogger(__name__)

# The order the pages ask the questionnaires in (the assessment steps and the portal).
INSTRUMENT_ORDER = ("nprs", "psfs", "odi", "start_back", "rmdq", "fabq")
assert set(INSTRUMENT_ORDER) == set(INSTRUMENTS)
PSFS_ROWS = 5
COMPACT_LABEL = 3  # numbered answers sit side by side; worded ones stack
# The study each freely used instrument is cited by (licensed ones show their copyright holder).
CITATIONS = {"rmdq": "ROLAND-MORRIS-1983", "fabq": "WADDELL-1993", "psfs": "STRATFORD-1995"}
# How each form asks, in the project's own words (the licensed instructions come from the file).
ASK = {
    "odi": "For each section, choose the one answer that fits you best {recall}.",
    "rmdq": "Tick each statement that describes you {recall}. Leave the others unticked.",
    "start_back": "Thinking about {recall}, answer each item.",
    "fabq": "Answer each item on the scale from 0 to 6.",
    "nprs": "Choose the number that describes your pain now.",
    "psfs": (
        "Name three to five activities that you find hard to do because of your back, and rate "
        "each one."
    ),
}
NEUTRAL_HINT = {
    "odi": "0 is the least and 5 the most difficulty; if two answers fit, choose the higher.",
    "fabq": "Higher numbers mean stronger fear-avoidance beliefs.",
}
TICK_LABEL = {"rmdq": "Applies to me today", "start_back": "Agree"}


@dataclass(frozen=True)
class WordingState:
    wording: Wording | None
    error: str | None = None


_cache: dict[tuple[str, float], WordingState] = {}


def clinic_wording() -> WordingState:
    """The wording file named by the setting, read again only when the file changes."""
    name = getattr(settings, "MYOMAP_INSTRUMENT_WORDING_FILE", None)
    if not name:
        return WordingState(None)
    path = Path(name)
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = -1.0
    key = (str(path), stamp)
    if key not in _cache:
        _cache.clear()
        try:
            _cache[key] = WordingState(wording_load(path))
        except WordingFileError as exc:
            logger.error("instrument wording file not used: %s", exc)
            _cache[key] = WordingState(None, str(exc))
    return _cache[key]


def _option(name: str, value: str, label: str, values: dict) -> dict:
    return {
        "value": value,
        "label": label,
        "id": f"{name}-{value}",
        "checked": values.get(name, "") == value,
    }


def _scale_labels(scale, labels: dict[str, str], neutral: dict[str, str]) -> list[tuple[str, str]]:
    return [(v, labels.get(v) or neutral.get(v) or v) for v in scale_values(scale)]


def _words(identifier: str) -> str:
    return identifier.replace("_", " ").capitalize()


def _choice_fieldset(name, number, legend, text, options, values, invalid) -> dict:
    return {
        "kind": "choice",
        "name": name,
        "number": number,
        "legend": legend,
        "text": text,
        "options": [_option(name, v, label, values) for v, label in options],
        "compact": all(len(label) <= COMPACT_LABEL for _, label in options),
        "invalid": name in invalid,
    }


def _odi(instrument: Instrument, words: InstrumentWording | None, values, invalid) -> list:
    rows = []
    for i, item in enumerate(instrument.items):
        item_words = words.items[item.id] if words else None
        if item_words:
            options = list(
                zip(scale_values(instrument.answer_scale), item_words.options, strict=True)
            )
        else:
            options = _scale_labels(instrument.answer_scale, {}, {})
        text = item_words.text if item_words else None
        name = f"odi_{i}"
        rows.append(
            _choice_fieldset(
                name, i + 1, f"Section {i + 1}: {item.label}", text, options, values, invalid
            )
        )
    return rows


def _fabq(instrument: Instrument, words: InstrumentWording | None, values, invalid) -> list:
    # The points are numbered buttons; the file's words for some of them are shown once above.
    options = _scale_labels(instrument.answer_scale, {}, {})
    rows = []
    for i, item in enumerate(instrument.items):
        text = words.items[item.id].text if words else None
        name = f"fabq_{i}"
        rows.append(_choice_fieldset(name, i + 1, f"Item {i + 1}", text, options, values, invalid))
    return rows


def _ticks(name: str, values: dict) -> set[str]:
    ticked = values.get(name, [])
    return {ticked} if isinstance(ticked, str) else set(ticked)


def _rmdq(instrument: Instrument, words: InstrumentWording | None, values, invalid) -> list:
    ticked = _ticks("rmdq", values)
    tick = (words.scale.get("yes") if words else None) or TICK_LABEL["rmdq"]
    return [
        {
            "kind": "tick",
            "name": "rmdq",
            "value": str(i + 1),
            "id": f"rmdq-{i + 1}",
            "number": i + 1,
            "legend": f"Statement {i + 1}",
            "text": words.items[item.id].text if words else None,
            "tick_label": tick,
            "checked": str(i + 1) in ticked,
            "invalid": "rmdq" in invalid,
        }
        for i, item in enumerate(instrument.items)
    ]


def _start_back(instrument: Instrument, words: InstrumentWording | None, values, invalid) -> list:
    ticked = _ticks("start_back", values)
    tick = (words.scale.get("agree") if words else None) or TICK_LABEL["start_back"]
    rows: list[dict] = [
        {
            "kind": "tick",
            "name": "start_back",
            "value": str(i),
            "id": f"start_back-{i}",
            "number": i + 1,
            "legend": f"Item {i + 1}: {item.label}",
            "text": words.items[item.id].text if words else None,
            "tick_label": tick,
            "untick_hint": "Leave unticked to disagree.",
            "checked": str(i) in ticked,
            "invalid": "start_back" in invalid,
        }
        for i, item in enumerate(instrument.items[:8])
    ]
    last = instrument.items[8]
    scale = instrument.last_item_scale
    if scale is None:  # the KB always gives the ninth item its own scale
        return rows
    neutral = {c: _words(c) for c in scale.choices}
    labels = _scale_labels(scale, words.last_item_scale if words else {}, neutral)
    text = words.items[last.id].text if words else None
    rows.append(
        _choice_fieldset(
            "start_back_item9", 9, f"Item 9: {last.label}", text, labels, values, invalid
        )
    )
    return rows


def _nprs(instrument: Instrument, values, invalid) -> list:
    low, *_, high = scale_values(instrument.answer_scale)
    options = [(v, v) for v in scale_values(instrument.answer_scale)]
    row = _choice_fieldset(
        "nprs", None, instrument.items[0].label, instrument.answer_scale.note, options, values,
        invalid,
    )  # fmt: skip
    return [{**row, "kind": "scale", "low": low, "high": high}]


def _psfs(instrument: Instrument, values, invalid) -> list:
    return [
        {
            "kind": "activity",
            "number": i + 1,
            "legend": instrument.items[i].label,
            "activity_name": f"psfs_activity_{i}",
            "rating_name": f"psfs_rating_{i}",
            "activity": values.get(f"psfs_activity_{i}", ""),
            "rating": values.get(f"psfs_rating_{i}", ""),
            "optional": i >= 3,
            "invalid": f"psfs_rating_{i}" in invalid or f"psfs_activity_{i}" in invalid,
        }
        for i in range(PSFS_ROWS)
    ]


def questionnaire_form(
    instrument_id: str,
    values: dict,
    invalid: set[str] | frozenset[str] = frozenset(),
    *,
    state: WordingState | None = None,
) -> dict:
    """One instrument as a form: `fieldsets` to render, the wording status and the notes."""
    kb = get_kb()
    instrument = kb.instruments[instrument_id]
    state = clinic_wording() if state is None else state
    needs_wording = wordable(instrument)
    words = state.wording.get(instrument_id) if state.wording and needs_wording else None
    if instrument_id == "odi":
        fieldsets = _odi(instrument, words, values, invalid)
    elif instrument_id == "fabq":
        fieldsets = _fabq(instrument, words, values, invalid)
    elif instrument_id == "rmdq":
        fieldsets = _rmdq(instrument, words, values, invalid)
    elif instrument_id == "start_back":
        fieldsets = _start_back(instrument, words, values, invalid)
    elif instrument_id == "nprs":
        fieldsets = _nprs(instrument, values, invalid)
    else:
        fieldsets = _psfs(instrument, values, invalid)
    ask = ASK[instrument_id].format(recall=instrument.recall_period or "now")
    if instrument_id == "psfs" and instrument.answer_scale.note:
        ask = f"{ask} {instrument.answer_scale.note}"
    if needs_wording:
        wording = "loaded" if words else ("error" if state.error else "missing")
    else:
        wording = "own"
    copyright_line = None
    if instrument.licence.status == "licensed" and instrument.licence.holder:
        copyright_line = f"Copyright {instrument.licence.holder}."
    citation_key = CITATIONS.get(instrument_id)
    citation = kb.sources[citation_key].title if citation_key in kb.sources else None
    return {
        "id": instrument_id,
        "title": instrument.name,
        "version": instrument.version,
        "instructions": (words.instructions if words and words.instructions else ask),
        "hint": None if words else NEUTRAL_HINT.get(instrument_id),
        "anchors": (
            [f"{value}: {label}" for value, label in words.scale.items()]
            if words and instrument_id == "fabq"
            else []
        ),
        "fieldsets": fieldsets,
        "wording": wording,
        "wording_error": _without_path(state.error) if wording == "error" else None,
        "answerable_by_client": wording in ("loaded", "own"),
        "notice": words.notice if words and words.notice else copyright_line,
        "citation": citation,
    }


def _without_path(error: str | None) -> str | None:
    """The file's problem without its location on the server, for the page."""
    if error is None:
        return None
    name = getattr(settings, "MYOMAP_INSTRUMENT_WORDING_FILE", "") or ""
    return error.removeprefix(f"{name}: ") if name else error


def questionnaire_forms(values: dict, invalid: set[str] | frozenset[str] = frozenset()) -> dict:
    """Every instrument's form, keyed by instrument id, read against one wording state."""
    state = clinic_wording()
    return {i: questionnaire_form(i, values, invalid, state=state) for i in INSTRUMENT_ORDER}


def questionnaire_values(measures: dict) -> dict:
    """Form values (input name → str, or list of str for ticks) from stored answers."""
    values: dict = {}
    for prefix in ("odi", "fabq"):
        for i, answer in enumerate(measures.get(prefix) or []):
            values[f"{prefix}_{i}"] = "" if answer is None else str(answer)
    values["rmdq"] = [str(i + 1) for i, yes in enumerate(measures.get("rmdq") or []) if yes]
    start_back = measures.get("start_back") or {}
    values["start_back"] = [str(i) for i, v in enumerate(start_back.get("items") or []) if v]
    values["start_back_item9"] = start_back.get("item9") or ""
    values["nprs"] = "" if measures.get("nprs") is None else str(measures["nprs"])
    for i, row in enumerate(measures.get("psfs") or []):
        values[f"psfs_activity_{i}"] = row["activity"]
        values[f"psfs_rating_{i}"] = str(row["rating"])
    if not measures.get("psfs"):  # a re-assessment: the previous activities, to rate again
        for i, activity in enumerate(measures.get("psfs_activities") or []):
            values[f"psfs_activity_{i}"] = activity
    return values


def questionnaire_parse(instrument_id: str, post: QueryDict):
    """The answers one instrument's POSTed form gives, in the shape its scorer takes; raises
    `ValidationFailed` naming the field (e.g. `odi.answers.3`)."""
    from myomap.web.forms.assessment import section_parse

    if instrument_id not in INSTRUMENT_ORDER:
        raise ValueError(f"not an instrument: {instrument_id}")
    return section_parse(instrument_id, post)


def questionnaire_error_input(field: str) -> str:
    """The input a refused field (`odi.answers.3`) belongs to (`odi_3`)."""
    from myomap.web.forms.assessment import error_input

    return error_input(field)
