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

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

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

# The measures' constants live here, once, with the KB source key each one comes from
# (docs/clinical-rules.md, measures). Where the knowledge base's instruments give a value (bands,
# minimum answered sections, MCIDs) the KB value is used; these are the fallback and the
# reference the tests compare the KB against.
ODI_SECTIONS = (
    "pain_intensity", "personal_care", "lifting", "walking", "sitting",
    "standing", "sleeping", "sex_life", "social_life", "travelling",
)  # fmt: skip
ODI_MIN_ANSWERED = 8  # project convention, see docs/clinical-rules.md
ODI_BANDS = (  # upper bound (inclusive) on the unrounded percent → band key
    (20, "minimal"),
    (40, "moderate"),
    (60, "severe"),
    (80, "crippled"),
    (100, "bed_bound_or_exaggerating"),
)
START_BACK_ITEM9 = ("not_at_all", "slightly", "moderately", "very_much", "extremely")
START_BACK_ITEM9_POSITIVE = ("very_much", "extremely")
FABQ_PHYSICAL_ACTIVITY_ITEMS = (2, 3, 4, 5)
FABQ_WORK_ITEMS = (6, 7, 9, 10, 11, 12, 15)
# measure → (lowest, highest, absolute MCID, higher_is_better, source key)
CHANGE_MEASURES: dict[str, tuple[int, int, float, bool, str]] = {
    "nrs": (0, 10, 2, False, "OSTELO-2008"),
    "odi": (0, 100, 10, False, "OSTELO-2008"),
    "rmdq": (0, 24, 5, False, "OSTELO-2008"),
    "psfs": (0, 10, 2, True, "STRATFORD-1995"),
}
CHANGE_ALIASES = {"nprs": "nrs"}
RELATIVE_MCID_PERCENT = 30  # OSTELO-2008


@lru_cache(maxsize=4)
def _instrument_rules(version: str) -> dict:
    """Bands, minimum answered sections and MCIDs from `kb.instruments`, read once per KB."""
    instruments = get_kb().instruments
    odi = instruments.get("odi")
    bands = tuple((b.upper, b.id) for b in odi.bands) if odi and odi.bands else ODI_BANDS
    minimum = odi.min_answered if odi and odi.min_answered else ODI_MIN_ANSWERED
    change = {}
    for measure, (low, high, mcid, better, source) in CHANGE_MEASURES.items():
        entry = instruments.get("nprs" if measure == "nrs" else measure)
        if entry and entry.mcid and entry.mcid.absolute is not None:
            mcid, source = entry.mcid.absolute, entry.mcid.sources[0]
        relative: float = RELATIVE_MCID_PERCENT
        if entry and entry.mcid and entry.mcid.relative_percent is not None:
            relative = entry.mcid.relative_percent
        change[measure] = (low, high, mcid, better, source, relative)
    return {"odi_bands": bands, "odi_min_answered": minimum, "change": change}


def _rules() -> dict:
    return _instrument_rules(get_kb().version)


def _result(body: dict, reasons: list[Reason]) -> dict:
    return {**body, "reasons": reasons_as_dicts(reasons), "kb_version": kb_version()}


def _display(value: Fraction) -> float:
    """Round half-up to one decimal place (35.555… → 35.6), never banker's rounding."""
    # Enough digits for any ratio of two finite floats (a baseline of 1e-300 gives a percent of
    # ~1e302), so quantize never runs out of precision.
    with localcontext() as context:
        context.prec = 700
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def odi_band(percent: float | Fraction) -> str:
    for upper, band in _rules()["odi_bands"]:
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


INSTRUMENTS = ("odi", "rmdq", "start_back", "nprs", "psfs", "fabq")


def score_instrument(document: dict) -> dict:
    """Dispatch one `myomap engine score` document to its instrument."""
    instrument = require_choice(document.get("instrument"), "instrument", INSTRUMENTS)
    if instrument == "odi":
        return odi_score(document.get("answers"))
    if instrument == "rmdq":
        return rmdq_score(answers=document.get("answers"), ticked=document.get("ticked"))
    if instrument == "start_back":
        return start_back_score(document.get("items"), document.get("item9"))
    if instrument == "nprs":
        return nprs_score(document.get("value"))
    if instrument == "psfs":
        return psfs_score(document.get("ratings"))
    return fabq_score(document.get("answers"))


def change_evaluate(measure: object, baseline: object, follow_up: object) -> dict:
    """Improvement since baseline (docs/clinical-rules.md, measures). Both thresholds are inclusive
    and both are reported; the relative one does not apply when the baseline is 0."""
    measure = CHANGE_ALIASES.get(measure, measure) if isinstance(measure, str) else measure
    measure = require_choice(measure, "measure", tuple(CHANGE_MEASURES))
    low, high, mcid, higher_is_better, source, relative = _rules()["change"][measure]
    base = Fraction(str(require_number(baseline, "baseline", low, high)))
    follow = Fraction(str(require_number(follow_up, "follow_up", low, high)))
    improvement = follow - base if higher_is_better else base - follow
    percent = None if base == 0 else improvement * 100 / base
    important_absolute = improvement >= mcid
    important_relative = percent is not None and percent >= Fraction(str(relative))
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
