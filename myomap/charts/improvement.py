"""Where a chart draws "clinically important improvement": the follow-up value at which the
change from a baseline becomes important (docs/clinical-rules.md, measures).

The thresholds are the KB's, read through `myomap.clinical.measures.change_rule`; this module
only turns the engine's rule — improvement ≥ the absolute MCID, or ≥ the relative MCID share of
the baseline (both inclusive; the relative rule does not apply to a baseline of 0) — into a level
on the scale.
Either threshold suffices, so the line marks whichever of the two is easier to reach.
"""

from __future__ import annotations

from fractions import Fraction

from myomap.clinical.measures import change_rule


def important_improvement_level(measure: str, baseline: float) -> float | None:
    """The value a follow-up must reach (≤ it when lower is better, ≥ when higher is better) for
    an important improvement from `baseline`; None when no value on the scale reaches it (an
    NPRS baseline of 0 or 1 point below the top of PSFS). Exact arithmetic, so 3 × 0.7 is 2.1."""
    rule = change_rule(measure)
    base = Fraction(str(baseline))
    step = Fraction(str(rule.mcid_absolute))
    relative = [] if rule.relative_percent is None or not base else [rule.relative_percent]
    shares = [Fraction(str(percent)) / 100 for percent in relative]
    if rule.higher_is_better:
        level = min([base + step] + [base * (1 + share) for share in shares])
        return float(level) if level <= rule.high else None
    level = max([base - step] + [base * (1 - share) for share in shares])
    return float(level) if level >= rule.low else None


def measure_range(measure: str) -> tuple[float, float]:
    """The scale's lowest and highest value, as the KB gives them."""
    rule = change_rule(measure)
    return float(rule.low), float(rule.high)


def higher_is_better(measure: str) -> bool:
    return change_rule(measure).higher_is_better
