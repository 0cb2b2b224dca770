"""Doses applied at a treatment session, checked against the knowledge base (docs/clinical-rules.md,
session notes).

A technique row records what was done: pressure (lb), hold (seconds), repetitions and minutes.
Each value falls in one of three bands:

- impossible — negative, or beyond what any protocol in the knowledge base comes near (a typo
  such as a 900 s hold); refused with the field and the allowed range;
- outside the protocol — within what is possible but outside the KB's range for this technique;
  kept only with the clinician's confirming reason;
- within the protocol, or no KB range exists for it (the form says so).

The plausibility limits below are not clinical thresholds: they sit well beyond the largest
value in the KB (myofascial release holds up to 7 min = 420 s; cross-fibre friction builds to
15 min) and exist only to catch slips of the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from myomap.clinical.kb import get_kb
from myomap.inputs import strict_decimal

# field → (lowest allowed, highest allowed, unit shown to the clinician)
PLAUSIBLE: dict[str, tuple[Decimal, Decimal, str]] = {
    "pressure_lb": (Decimal(0), Decimal(50), "lb"),
    "hold_seconds": (Decimal(0), Decimal(600), "seconds"),
    "repetitions": (Decimal(1), Decimal(100), "repetitions"),
    "minutes": (Decimal(0), Decimal(60), "minutes"),
}
DOSE_FIELDS = tuple(PLAUSIBLE)
INTEGER_FIELDS = ("repetitions",)

# KB dose parameter → the session field it constrains. `discomfort_0_10` is recorded once per
# session (the client's discomfort), and `pressure` has no KB range, so neither maps here.
PARAMETER_FIELDS = {
    "hold": "hold_seconds",
    "contraction": "hold_seconds",
    "repetitions": "repetitions",
    "duration": "minutes",
    "progression": "minutes",
}
UNIT_TO_FIELD_SCALE = {"seconds": Decimal(1), "minutes": Decimal(60), "repetitions": Decimal(1)}


@dataclass(frozen=True)
class ProtocolRange:
    field: str
    low: Decimal  # in the field's own unit (hold in seconds, minutes in minutes)
    high: Decimal
    text: str  # as the KB states it, e.g. "hold 1.5-7 minutes"
    sources: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "field": self.field,
            "low": float(self.low),
            "high": float(self.high),
            "text": self.text,
            "sources": list(self.sources),
        }


def _fmt(value: float) -> str:
    return f"{value:g}"


def protocol_ranges(technique_id: str) -> list[ProtocolRange]:
    """The KB's dose ranges for a technique, converted to the session fields' units."""
    technique = get_kb().techniques.get(technique_id)
    if technique is None:
        return []
    ranges = []
    for dose in technique.dose:
        field = PARAMETER_FIELDS.get(dose.parameter)
        if field is None or dose.range is None:
            continue
        scale = Decimal(1) if field == "minutes" else UNIT_TO_FIELD_SCALE[dose.range.unit]
        ranges.append(
            ProtocolRange(
                field=field,
                low=Decimal(str(dose.range.min)) * scale,
                high=Decimal(str(dose.range.max)) * scale,
                text=f"{dose.parameter} {_fmt(dose.range.min)}-{_fmt(dose.range.max)} "
                f"{dose.range.unit}",
                sources=tuple(dose.sources),
            )
        )
    return ranges


def dose_value_parse(field: str, raw: object) -> Decimal | None:
    """A form or JSON value as a Decimal (None when blank); ValueError names the problem."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:  # strictly written: `60s`, `1,5`, `ten`, `1_0`, `1e3` and `inf` are refused
        value = strict_decimal(raw)
    except ValueError as exc:
        raise ValueError(f"must be a number{str(exc).removeprefix('is not a number')}") from None
    if field in INTEGER_FIELDS and value != value.to_integral_value():
        raise ValueError("must be a whole number")
    return value


def dose_impossible(field: str, value: Decimal) -> str | None:
    """The refusal message when the value cannot be a real dose, else None."""
    low, high, unit = PLAUSIBLE[field]
    if value < low or value > high:
        return f"must be between {_fmt(float(low))} and {_fmt(float(high))} {unit}"
    return None


def dose_outside_protocol(technique_id: str, field: str, value: Decimal) -> list[ProtocolRange]:
    """The KB ranges this value falls outside of. Several ranges for one field (cross-fibre
    friction: 1-6 min at first, building to 10-15 min) are alternatives: inside any one is fine."""
    ranges = [r for r in protocol_ranges(technique_id) if r.field == field]
    if not ranges or any(r.low <= value <= r.high for r in ranges):
        return []
    return ranges
