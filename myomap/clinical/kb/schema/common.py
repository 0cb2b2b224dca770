"""Building blocks shared by every kind of knowledge-base entry."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Confidence = Literal["high", "medium", "low"]


class KbModel(BaseModel):
    """Base of every KB model: unknown keys are errors and loaded entries cannot be mutated,
    so a typo in YAML is caught at load and one engine cannot change what another reads."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(KbModel):
    """An identified entry. Every entry that states clinical facts names its sources."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")


class Range(KbModel):
    """An inclusive numeric range with its unit, e.g. 30-90 seconds."""

    min: float
    max: float
    unit: str

    def contains(self, value: float) -> bool:
        return self.min <= value <= self.max

    def __str__(self) -> str:
        low, high = _tidy(self.min), _tidy(self.max)
        span = low if low == high else f"{low}-{high}"
        return f"{span} {self.unit}"


def _tidy(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
