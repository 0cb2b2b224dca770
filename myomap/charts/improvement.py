"""Where a chart draws "clinically important improvement": the follow-up value at which the
change from a baseline becomes important (docs/clinical-rules.md, measures).

The thresholds are the engine's, imported from `myomap.clinical.measures`; this module only
turns the engine's rule — improvement ≥ the absolute MCID, or ≥ 30 % of the baseline (both
inclusive; the relative rule does not apply to a baseline of 0) — into a level on the scale.
Either threshold suffices, so the line marks whichever of the two is easier to reach.
"""

from __future__ import annotations

from fractions import Fraction

from myomap.clinical.measures import CHANGE_ALIASES, CHANGE_MEASURES, RELATIVE_MCID_PERCENT


def important_improvement_level(measure: str, baseline: float) -> float | None:
    """The value a follow-up must reach (≤ it when lower is better, ≥ when higher is better) for
    an important improvement from `baseline`; None when no value on the scale reaches it (an
    NPRS baseline of 0 or 1 point below the top of PSFS). Exact arithmetic, so 3 × 0.7 is 2.1."""
    key = CHANGE_ALIASES.get(measure, measure)
    low, high, absolute, higher_is_better, _source = CHANGE_MEASURES[key]
    base = Fraction(str(baseline))
    step = Fraction(str(absolute))
    share = Fraction(RELATIVE_MCID_PERCENT, 100)
    if higher_is_better:
        level = min([base + step] + ([base * (1 + share)] if base else []))
        return float(level) if level <= high else None
    level = max([base - step] + ([base * (1 - share)] if base else []))
    return float(level) if level >= low else None


def measure_range(measure: str) -> tuple[float, float]:
    """The scale's lowest and highest value, as the engine knows them."""
    low, high, *_ = CHANGE_MEASURES[CHANGE_ALIASES.get(measure, measure)]
    return float(low), float(high)


def higher_is_better(measure: str) -> bool:
    return CHANGE_MEASURES[CHANGE_ALIASES.get(measure, measure)][3]
