"""Shared result types: every conclusion carries the rule that produced it, one plain sentence
and the citation key of its source, and every invalid input names the field at fault."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Reason:
    rule: str
    text: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


class EngineInputError(ValueError):
    """Invalid engine input. `field` is a dotted path to the offending value (e.g.
    `answers.3`) and the message names the allowed values."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"message": self.message, "field": self.field}}
