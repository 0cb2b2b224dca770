"""Outcome measures (docs/clinical-rules.md, measures): exact scoring and clinically important
change.

Public functions (all return JSON-ready dicts carrying `reasons` and `kb_version`):

- `odi_score(answers)` — ODI v2.1a, ten sections 0–5 or None; scored when ≥ 8 are answered.
- `rmdq_score(answers=None, ticked=None)` — RMDQ-24 count of "yes" statements.
- `start_back_score(items, item9)` — Keele STarT Back overall, psychosocial and risk group.
- `nprs_score(value)`, `psfs_score(ratings)`, `fabq_score(answers)`.
- `score_instrument(document)` — the `myomap engine score` dispatcher.
- `change_evaluate(measure, baseline, follow_up)` — improvement with absolute and relative MCIDs.

Each function validates its input as raw JSON (a list, not any sequence; numbers in range) and
raises `EngineInputError` naming the field otherwise, so the parameters are typed `object`; the
shapes above are what is accepted.

Arithmetic is exact (fractions); only the displayed ODI percent is rounded, half-up to 1 dp, and
the band is always read from the unrounded value.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from typing import Literal, NamedTuple, get_args

from myomap.clinical.assessment import START_BACK_ITEM9
from myomap.clinical.explain import (
    EngineInputError,
    Reason,
    kb_version,
    reasons_as_dicts,
    require_bool,
    require_choice,
    require_int,
    require_list,
    require_number,
)
from myomap.clinical.kb import get_kb
from myomap.clinical.numbers import half_up

# The scoring structure of each instrument. Every number a clinician could argue with (ODI
# bands, the minimum answered sections, score ranges, MCIDs) is read from the KB's instruments
# with its source key, never written here (docs/clinical-rules.md, measures).
ODI_SECTIONS = (
    "pain_intensity", "personal_care", "lifting", "walking", "sitting",
    "standing", "sleeping", "sex_life", "social_life", "travelling",
)  # fmt: skip
START_BACK_ITEM9_POSITIVE = ("very_much", "extremely")
FABQ_PHYSICAL_ACTIVITY_ITEMS = (2, 3, 4, 5)
FABQ_WORK_ITEMS = (6, 7, 9, 10, 11, 12, 15)
# The engine's name for a change measure where it differs from the instrument id.
CHANGE_ALIASES = {"nprs": "nrs"}


class ChangeRule(NamedTuple):
    """How change on one measure is judged, from the KB instrument's range, direction and MCID."""

    low: float
    high: float
    mcid_absolute: float
    higher_is_better: bool
    source: str
    relative_percent: float | None


@lru_cache(maxsize=4)
def _instrument_rules(version: str) -> dict:
    """Bands, minimum answered sections and change rules from `kb.instruments`, once per KB."""
    instruments = get_kb().instruments
    odi = instruments["odi"]
    change: dict[str, ChangeRule] = {}
    measures: dict[str, str] = {}
    for instrument_id, entry in instruments.items():
        if entry.mcid is None or entry.mcid.absolute is None:
            continue
        measure = CHANGE_ALIASES.get(instrument_id, instrument_id)
        measures[instrument_id] = measure
        low, high = entry.score_range
        change[measure] = ChangeRule(
            low,
            high,
            entry.mcid.absolute,
            entry.higher_is == "better",
            entry.mcid.sources[0],
            entry.mcid.relative_percent,
        )
    return {
        "odi_bands": tuple((b.upper, b.id) for b in odi.bands),
        "odi_min_answered": odi.min_answered,
        "change": change,
        "measures": measures,
    }


def _rules() -> dict:
    return _instrument_rules(get_kb().version)


def odi_bands() -> tuple[tuple[float, str], ...]:
    """The ODI bands as (inclusive upper bound on the unrounded percent, band id), lowest first."""
    return _rules()["odi_bands"]


def change_measures() -> dict[str, str]:
    """Instrument id → the engine's measure name, for every instrument with an MCID in the KB."""
    return dict(_rules()["measures"])


def change_rule(measure: str) -> ChangeRule:
    """The change rule of a measure, by the engine's name or the instrument id ("nprs")."""
    return _rules()["change"][CHANGE_ALIASES.get(measure, measure)]


def _result(body: dict, reasons: list[Reason]) -> dict:
    return {**body, "reasons": reasons_as_dicts(reasons), "kb_version": kb_version()}


def _display(value: Fraction) -> float:
    """Round half-up to one decimal place (35.555… → 35.6), never banker's rounding."""
    return float(half_up(value, 1))


def odi_band(percent: float | Fraction) -> str:
    for upper, band in odi_bands():
        if percent <= upper:
            return band
    raise EngineInputError(f"ODI percent must be 0 to 100, got {percent}", "score")


def odi_score(answers: object) -> dict:
    answers = require_list(answers, "answers", min_len=10, max_len=10)
    values = [
        None if a is None else require_int(a, f"answers.{i}", 0, 5) for i, a in enumerate(answers)
    ]
    answered = [v for v in values if v is not None]
    sections = dict(zip(ODI_SECTIONS, values, strict=True))
    minimum = _rules()["odi_min_answered"]
    if len(answered) < minimum:
        why = Reason(
            "odi.insufficient_data",
            f"Only {len(answered)} of 10 sections answered; at least {minimum} are needed.",
            "MAPI-NEWS",
        )
        body = {"instrument": "odi", "scored": False, "score": None, "band": None}
        return _result({**body, "answered": len(answered), "sections": sections}, [why])
    exact = Fraction(100 * sum(answered), 5 * len(answered))
    band = odi_band(exact)
    reasons = [
        Reason(
            "odi.percent",
            f"{sum(answered)} points over {len(answered)} answered sections = "
            f"{float(exact):.3f} %, shown as {_display(exact)}.",
            "SRALAB-ODI",
        ),
        Reason("odi.band", f"The unrounded percent falls in the '{band}' band.", "MAPI-NEWS"),
    ]
    body = {"instrument": "odi", "scored": True, "score": _display(exact), "band": band}
    body |= {"score_exact": float(exact), "answered": len(answered), "sections": sections}
    return _result(body, reasons)


def rmdq_score(answers: object = None, ticked: object = None) -> dict:
    if (answers is None) == (ticked is None):
        raise EngineInputError(
            "give either answers (24 booleans) or ticked (item numbers 1-24)", "answers"
        )
    if answers is not None:
        answers = require_list(answers, "answers", min_len=24, max_len=24)
        yes = [i + 1 for i, a in enumerate(answers) if require_bool(a, f"answers.{i}")]
    else:
        ticked = require_list(ticked, "ticked", max_len=24)
        yes = sorted({require_int(t, f"ticked.{i}", 1, 24) for i, t in enumerate(ticked)})
        if len(yes) != len(ticked):
            raise EngineInputError("ticked must not repeat an item number", "ticked")
    why = Reason("rmdq.count", f"{len(yes)} of 24 statements apply today.", "ROLAND-MORRIS-1983")
    body = {"instrument": "rmdq", "scored": True, "score": len(yes), "answered": 24}
    return _result({**body, "ticked": yes}, [why])


def start_back_score(items: object, item9: object) -> dict:
    items = require_list(items, "items", min_len=8, max_len=8)
    values = [int(require_int(v, f"items.{i}", 0, 1)) for i, v in enumerate(items)]
    item9 = require_choice(item9, "item9", START_BACK_ITEM9)
    item9_point = 1 if item9 in START_BACK_ITEM9_POSITIVE else 0
    overall = sum(values) + item9_point
    psychosocial = sum(values[4:8]) + item9_point
    if psychosocial >= 4:
        risk, rule = "high", "psychosocial subscale 4 or 5"
    elif overall <= 3:
        risk, rule = "low", "overall score 0 to 3"
    else:
        risk, rule = "medium", "overall 4 or more with psychosocial 3 or less"
    reasons = [
        Reason("start_back.item9", f"Item 9 '{item9}' counts {item9_point}.", "KEELE-SCORE"),
        Reason("start_back.risk", f"Risk is {risk}: {rule}.", "KEELE-SCORE"),
    ]
    body = {"instrument": "start_back", "scored": True, "score": overall, "answered": 9}
    return _result(
        {**body, "overall": overall, "psychosocial": psychosocial, "risk": risk}, reasons
    )


def nprs_score(value: object) -> dict:
    value = require_int(value, "value", 0, 10)
    why = Reason("nprs.value", f"Pain rated {value} of 10.", "OSTELO-2008")
    return _result({"instrument": "nprs", "scored": True, "score": value, "answered": 1}, [why])


def psfs_score(ratings: object) -> dict:
    ratings = require_list(ratings, "ratings", min_len=3, max_len=5)
    values = [require_number(r, f"ratings.{i}", 0, 10) for i, r in enumerate(ratings)]
    mean = sum((Fraction(str(v)) for v in values), Fraction(0)) / len(values)
    why = Reason(
        "psfs.mean",
        f"Mean of {len(values)} activity ratings; higher is better.",
        "STRATFORD-1995",
    )
    body = {"instrument": "psfs", "scored": True, "score": _display(mean), "answered": len(values)}
    return _result({**body, "score_exact": float(mean)}, [why])


def fabq_score(answers: object) -> dict:
    answers = require_list(answers, "answers", min_len=16, max_len=16)
    values = [require_int(a, f"answers.{i}", 0, 6) for i, a in enumerate(answers)]
    physical = sum(values[i - 1] for i in FABQ_PHYSICAL_ACTIVITY_ITEMS)
    work = sum(values[i - 1] for i in FABQ_WORK_ITEMS)
    why = Reason(
        "fabq.subscales",
        f"Physical activity (items 2-5) = {physical}/24; work (items 6, 7, 9-12, 15) = {work}/42. "
        "FABQ is reported as subscales, so there is no single total score.",
        "WADDELL-1993",
    )
    body = {"instrument": "fabq", "scored": True, "score": None, "answered": 16}
    return _result({**body, "physical_activity": physical, "work": work}, [why])


# The one dispatcher from an instrument id to its scorer, for engine documents (`myomap engine
# score`) and for answers as the records store them.
Instrument = Literal["odi", "rmdq", "start_back", "nprs", "psfs", "fabq"]
_SCORERS: dict[str, Callable[[dict], dict]] = {
    "odi": lambda d: odi_score(d.get("answers")),
    "rmdq": lambda d: rmdq_score(answers=d.get("answers"), ticked=d.get("ticked")),
    "start_back": lambda d: start_back_score(d.get("items"), d.get("item9")),
    "nprs": lambda d: nprs_score(d.get("value")),
    "psfs": lambda d: psfs_score(d.get("ratings")),
    "fabq": lambda d: fabq_score(d.get("answers")),
}
INSTRUMENTS: tuple[str, ...] = get_args(Instrument)
assert set(INSTRUMENTS) == set(_SCORERS), "every instrument has one scorer"


def score_instrument(document: dict) -> dict:
    """Dispatch one `myomap engine score` document to its instrument."""
    instrument = require_choice(document.get("instrument"), "instrument", INSTRUMENTS)
    return _SCORERS[instrument](document)


def _psfs_ratings(activities: object, name_max: int | None) -> list:
    # PSFS answers keep the client's own activity names beside their ratings.
    if not isinstance(activities, list):
        raise EngineInputError("psfs must be a list of 3 to 5 activities", "activities")
    for i, activity in enumerate(activities):
        if not isinstance(activity, dict) or not str(activity.get("activity", "")).strip():
            raise EngineInputError(f"activity {i + 1} needs a name", f"activities.{i}")
        if name_max is not None and len(str(activity["activity"]).strip()) > name_max:
            raise EngineInputError(
                f"activity {i + 1} is longer than the limit of {name_max} characters",
                f"activities.{i}",
            )
    return [activity.get("rating") for activity in activities]


def answers_document(instrument: str, answers: object, *, name_max: int | None = None) -> dict:
    """The engine document for one instrument's answers in the shape the records store them:
    a list (ODI, FABQ, RMDQ's 24 booleans), a number (NPRS), {"items", "item9"} (STarT Back) or
    a list of {"activity", "rating"} (PSFS; `name_max` limits an activity name's length)."""
    instrument = require_choice(instrument, "instrument", INSTRUMENTS)
    if instrument == "start_back":
        return {**(answers if isinstance(answers, dict) else {}), "instrument": instrument}
    if instrument == "nprs":
        return {"instrument": instrument, "value": answers}
    if instrument == "psfs":
        return {"instrument": instrument, "ratings": _psfs_ratings(answers, name_max)}
    return {"instrument": instrument, "answers": answers}


def score_answers(instrument: str, answers: object, *, name_max: int | None = None) -> dict:
    """Score stored answers (shape and `name_max` as in `answers_document`)."""
    return score_instrument(answers_document(instrument, answers, name_max=name_max))


def change_evaluate(measure: object, baseline: object, follow_up: object) -> dict:
    """Improvement since baseline (docs/clinical-rules.md, measures). Both thresholds are inclusive
    and both are reported; the relative one does not apply when the baseline is 0."""
    measure = CHANGE_ALIASES.get(measure, measure) if isinstance(measure, str) else measure
    measure = require_choice(measure, "measure", tuple(_rules()["change"]))
    low, high, mcid, higher_is_better, source, relative = change_rule(measure)
    base = Fraction(str(require_number(baseline, "baseline", low, high)))
    follow = Fraction(str(require_number(follow_up, "follow_up", low, high)))
    improvement = follow - base if higher_is_better else base - follow
    percent = None if base == 0 else improvement * 100 / base
    important_absolute = improvement >= mcid
    important_relative = (
        percent is not None and relative is not None and percent >= Fraction(str(relative))
    )
    direction = "higher" if higher_is_better else "lower"
    reasons = [
        Reason(
            f"change.{measure}.absolute",
            f"Improvement {float(improvement):g} against an absolute threshold of {mcid:g} "
            f"({direction} is better): {'met' if important_absolute else 'not met'}.",
            source,
        ),
        Reason(
            f"change.{measure}.relative",
            "Relative change does not apply to a baseline of 0."
            if percent is None
            else "The KB gives no relative threshold for this measure."
            if relative is None
            else f"Improvement {float(percent):.1f} % of baseline against "
            f"{relative:g} %: {'met' if important_relative else 'not met'}.",
            "OSTELO-2008",
        ),
    ]
    body = {
        "measure": measure,
        "improvement": float(improvement),
        "improvement_percent": None if percent is None else _display(percent),
        "important_absolute": important_absolute,
        "important_relative": important_relative,
        "mcid_absolute": mcid,
        "mcid_relative_percent": relative,
    }
    return _result(body, reasons)
