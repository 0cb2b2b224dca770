"""How the project rounds and writes a number for people: half-up, never banker's rounding, and
no trailing zeros. The engine's displayed values, the letters, the pages and the chart tables
all use these; the exact values stay exact wherever a rule is judged."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction


def half_up(value: float | Fraction, places: int = 1) -> Decimal:
    """`value` rounded half-up to `places` decimals (35.55 → 35.6, 2.5 → 3 at 0 places)."""
    # Enough digits for any ratio of two finite floats (a baseline of 1e-300 gives a percent of
    # ~1e302), so quantize never runs out of precision.
    with localcontext() as context:
        context.prec = 700
        if isinstance(value, Fraction):
            exact = Decimal(value.numerator) / Decimal(value.denominator)
        else:
            exact = Decimal(str(value))
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number_text(value: float, places: int = 1) -> str:
    """At most `places` decimals, half-up, no trailing zeros: 37.7778 → '37.8', 4.0 → '4'."""
    text = f"{half_up(value, places).normalize():f}"
    return "0" if text == "-0" else text


def whole_percent(value: float) -> str:
    """57.1 → '57', half-up."""
    return number_text(value, 0)
