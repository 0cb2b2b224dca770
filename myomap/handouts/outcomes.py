"""Outcome measures first vs last for a discharge letter: the change and both clinically
important thresholds from `change_evaluate` (docs/clinical-rules.md, measures), and one plain
sentence per measure that says only what the numbers say."""

from __future__ import annotations

from decimal import Decimal

from myomap.clinical.kb import get_kb
from myomap.clinical.measures import change_evaluate
from myomap.clinical.numbers import number_text, whole_percent
from myomap.handouts.dates import date_iso, date_text

# measure id → (words for the sentence, unit written after a value, KB instrument id)
MEASURES: dict[str, tuple[str, str, str]] = {
    "nprs": ("Pain (NPRS)", "/10", "nprs"),
    "odi": ("Disability (ODI)", " %", "odi"),
    "rmdq": ("Disability (RMDQ)", "/24", "rmdq"),
    "psfs": ("Function (PSFS)", "/10", "psfs"),
}


def points_text(value: float) -> str:
    size = abs(value)
    return f"{number_text(size)} point{'' if size == 1 else 's'}"


def measure_row_build(item: dict, index: int) -> dict:
    """One table row. Raises ValueError naming the field for an unknown measure or a value
    outside the measure's range."""
    measure = item.get("measure")
    if measure not in MEASURES:
        raise ValueError(
            f"measures.{index}.measure: {measure!r} is not one of {', '.join(MEASURES)}"
        )
    subject, unit, instrument_id = MEASURES[measure]
    instrument = get_kb().instruments.get(instrument_id)
    first = _reading(item.get("first"), unit, f"measures.{index}.first")
    last = _reading(item.get("last"), unit, f"measures.{index}.last") if item.get("last") else None
    row = {
        "measure": measure,
        "subject": subject,
        "name": instrument.name if instrument else subject,
        "better": "higher" if instrument and instrument.higher_is == "better" else "lower",
        "first": first,
        "last": last,
        "re_measured": last is not None,
        "change": None,
    }
    if last is None:
        row["sentence"] = (
            f"{subject} was not re-measured after the first score "
            f"({first['value_text']}, {first['on_text']})."
        )
        return row
    try:
        change = change_evaluate(measure, first["value"], last["value"])
    except ValueError as exc:
        raise ValueError(f"measures.{index}: {exc}") from None
    row["change"] = _change(change)
    row["sentence"] = outcome_sentence(subject, row["change"])
    return row


def _reading(raw: object, unit: str, field: str) -> dict:
    value = raw.get("value") if isinstance(raw, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"{field}: expected {{'value': number, 'on': date, 'label': text}}")
    assert isinstance(raw, dict)
    value = float(value) if isinstance(value, Decimal) else value
    return {
        "value": value,
        "value_text": f"{number_text(value)}{unit}",
        "on": date_iso(raw.get("on")),
        "on_text": date_text(raw.get("on")),
        "label": raw.get("label") or "",
    }


def _change(result: dict) -> dict:
    percent = result["improvement_percent"]
    return {
        "improvement": result["improvement"],
        "improvement_text": points_text(result["improvement"]),
        "improvement_percent": percent,
        "percent_text": None if percent is None else f"{whole_percent(abs(percent))} %",
        "important_absolute": result["important_absolute"],
        "important_relative": result["important_relative"],
        "important": result["important_absolute"] or result["important_relative"],
        "mcid_absolute": result["mcid_absolute"],
        "mcid_absolute_text": points_text(result["mcid_absolute"]),
        "mcid_relative_percent": result["mcid_relative_percent"],
        "mcid_relative_text": f"{number_text(result['mcid_relative_percent'])} %",
        "sources": list(dict.fromkeys(r["source"] for r in result["reasons"])),
    }


def outcome_sentence(subject: str, change: dict) -> str:
    """'Pain (NPRS) improved by 4 points (57 %), a clinically important change.'"""
    improvement = change["improvement"]
    if improvement == 0:
        return f"{subject} did not change."
    verb = "improved" if improvement > 0 else "worsened"
    percent = (
        f" ({change['percent_text']})"
        if change["percent_text"]
        else " (a relative change does not apply to a baseline of 0)"
    )
    head = f"{subject} {verb} by {change['improvement_text']}{percent}"
    if improvement < 0:
        return f"{head}."
    return f"{head}, {_importance(change)}."


def _importance(change: dict) -> str:
    absolute, relative = change["mcid_absolute_text"], change["mcid_relative_text"]
    if change["important_absolute"] and change["important_relative"]:
        return "a clinically important change"
    if change["important_absolute"]:
        return (
            f"a clinically important change by the absolute threshold ({absolute}), "
            f"though not by the relative one ({relative})"
        )
    if change["important_relative"]:
        return (
            f"a clinically important change by the relative threshold ({relative}), "
            f"though not by the absolute one ({absolute})"
        )
    return f"less than a clinically important change ({absolute} or {relative})"
