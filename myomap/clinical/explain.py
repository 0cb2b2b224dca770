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


# --- helpers shared by the engine modules -------------------------------------------------
# Validation is strict on purpose: nothing out of range is clamped or ignored, and the
# error always names the field and what would have been accepted.

UNKNOWN_KB_VERSION = "unknown"


def kb_version() -> str:
    """The version of the knowledge base that produced a result, or "unknown" when the knowledge
    base cannot be loaded (the engine still answers what it can decide from the rules in
    docs/clinical-rules.md)."""
    try:
        from myomap.clinical.kb import KbError, get_kb

        return str(get_kb().version)
    except (ImportError, KbError):
        return UNKNOWN_KB_VERSION


def reasons_as_dicts(reasons: list[Reason]) -> list[dict[str, str]]:
    return [reason.as_dict() for reason in reasons]


def require_mapping(value: object, field: str) -> dict:
    if not isinstance(value, dict):
        raise EngineInputError(f"{field or 'input'} must be a JSON object", field or "$")
    return value


def require_present(document: dict, key: str, field: str) -> object:
    if key not in document or document[key] is None:
        raise EngineInputError(f"{field} is required", field)
    return document[key]


def require_int(value: object, field: str, low: int, high: int) -> int:
    # bool is a subclass of int in Python; `true` is not a valid score.
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise EngineInputError(
                f"{field} must be a whole number from {low} to {high}, got {value!r}", field
            )
    if not low <= value <= high:
        raise EngineInputError(f"{field} must be from {low} to {high}, got {value}", field)
    return value


def require_number(value: object, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EngineInputError(
            f"{field} must be a number from {low} to {high}, got {value!r}", field
        )
    if value != value or not low <= value <= high:  # NaN fails the first test
        raise EngineInputError(f"{field} must be from {low} to {high}, got {value}", field)
    return value


def require_bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise EngineInputError(f"{field} must be true or false, got {value!r}", field)
    return value


def require_choice(value: object, field: str, allowed: tuple[str, ...] | list[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise EngineInputError(
            f"{field} must be one of: {', '.join(allowed)}; got {value!r}", field
        )
    return value


def require_list(
    value: object, field: str, *, min_len: int = 0, max_len: int | None = None
) -> list:
    if not isinstance(value, list):
        raise EngineInputError(f"{field} must be a list", field)
    if len(value) < min_len or (max_len is not None and len(value) > max_len):
        if max_len is None:
            size = f"at least {min_len}"
        else:
            size = str(min_len) if max_len == min_len else f"{min_len} to {max_len}"
        raise EngineInputError(f"{field} must have {size} items, got {len(value)}", field)
    return value
