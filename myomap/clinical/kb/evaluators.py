"""Named evaluators for red-flag rules: rules are data, never `eval`.

A condition is either a finding id (true when the client has that finding) or a one-key
mapping `{evaluator_name: arguments}`:

- `any_of: [conditions]`            true when at least one is true
- `all_of: [conditions]`            true when every one is true
- `count_at_least: {n: 2, of: [conditions]}`   true when at least n are true
- `count_exactly: {n: 3, of: [conditions]}`    true when exactly n are true
- `age_over: 50`                    the client's age is strictly above the number
- `fact_above: {fact: duration_weeks, value: 12}`  a numeric fact strictly above the value
- `fact_below: {fact: onset_age, value: 45}`       a numeric fact strictly below the value

`evaluate_rule(rule, facts)` returns the findings (and numeric terms such as `age>50`) that
made the rule match, or None. A numeric fact that is missing never matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from myomap.clinical.kb.schema.red_flags import Condition, RedFlagRule

NUMERIC_FACTS = ("age", "onset_age", "duration_weeks")


@dataclass(frozen=True)
class TriageFacts:
    """What the evaluators look at: finding ids plus the numbers beside them
    (docs/clinical-rules.md, triage)."""

    findings: frozenset[str] = field(default_factory=frozenset)
    age: float | None = None
    sex: str | None = None
    onset_age: float | None = None
    duration_weeks: float | None = None

    @classmethod
    def coerce(cls, facts: TriageFacts | Mapping[str, Any]) -> TriageFacts:
        if isinstance(facts, TriageFacts):
            return facts
        known = {"findings", "age", "sex", "onset_age", "duration_weeks"}
        values = {key: value for key, value in facts.items() if key in known}
        values["findings"] = frozenset(values.get("findings") or ())
        return cls(**values)


Matched = list[str] | None
Evaluator = Callable[[Any, TriageFacts], Matched]


def _evaluate(condition: Condition, facts: TriageFacts) -> Matched:
    if isinstance(condition, str):
        return [condition] if condition in facts.findings else None
    ((name, args),) = condition.items()
    return EVALUATORS[name](args, facts)


def _any_of(args: list[Condition], facts: TriageFacts) -> Matched:
    matched = [m for c in args if (m := _evaluate(c, facts)) is not None]
    return _flatten(matched) if matched else None


def _all_of(args: list[Condition], facts: TriageFacts) -> Matched:
    matched: list[list[str]] = []
    for condition in args:
        found = _evaluate(condition, facts)
        if found is None:
            return None
        matched.append(found)
    return _flatten(matched)


def _count(args: dict[str, Any], facts: TriageFacts) -> list[list[str]]:
    return [m for c in args["of"] if (m := _evaluate(c, facts)) is not None]


def _count_at_least(args: dict[str, Any], facts: TriageFacts) -> Matched:
    matched = _count(args, facts)
    return _flatten(matched) if len(matched) >= args["n"] else None


def _count_exactly(args: dict[str, Any], facts: TriageFacts) -> Matched:
    matched = _count(args, facts)
    return _flatten(matched) if len(matched) == args["n"] else None


def _number_test(fact: str, value: float, above: bool, facts: TriageFacts) -> Matched:
    actual = getattr(facts, fact)
    if actual is None:
        return None
    hit = actual > value if above else actual < value
    return [f"{fact}{'>' if above else '<'}{value:g}"] if hit else None


EVALUATORS: dict[str, Evaluator] = {
    "any_of": _any_of,
    "all_of": _all_of,
    "count_at_least": _count_at_least,
    "count_exactly": _count_exactly,
    "age_over": lambda value, facts: _number_test("age", value, True, facts),
    "fact_above": lambda a, facts: _number_test(a["fact"], a["value"], True, facts),
    "fact_below": lambda a, facts: _number_test(a["fact"], a["value"], False, facts),
}


def evaluate_rule(rule: RedFlagRule, facts: TriageFacts | Mapping[str, Any]) -> Matched:
    """The findings that make `rule` match these facts, in rule order, or None."""
    return _evaluate(rule.when, TriageFacts.coerce(facts))


def evaluate_condition(condition: Condition, facts: TriageFacts | Mapping[str, Any]) -> Matched:
    return _evaluate(condition, TriageFacts.coerce(facts))


def _flatten(groups: Iterable[list[str]]) -> list[str]:
    return list(dict.fromkeys(item for group in groups for item in group))


# --- load-time checking: a rule that names an unknown evaluator or finding is an error ---

Problem = tuple[str, str] | None


def check_condition(condition: Any, findings: set[str], path: str = "") -> Problem:
    """(path, message) for the first problem in a condition tree, or None."""
    if isinstance(condition, str):
        return None if condition in findings else (path, f"unknown finding '{condition}'")
    if not isinstance(condition, dict) or len(condition) != 1:
        return (path, "a condition is a finding id or a mapping with exactly one evaluator")
    ((name, args),) = condition.items()
    here = f"{path}.{name}" if path else name
    if name not in EVALUATORS:
        return (here, f"unknown evaluator '{name}' (known: {', '.join(EVALUATORS)})")
    return _check_args(name, args, findings, here)


def _check_args(name: str, args: Any, findings: set[str], here: str) -> Problem:
    if name in ("any_of", "all_of"):
        if not isinstance(args, list) or not args:
            return (here, f"{name} needs a non-empty list of conditions")
        return _first(check_condition(c, findings, f"{here}.{i}") for i, c in enumerate(args))
    if name in ("count_at_least", "count_exactly"):
        if not isinstance(args, dict) or set(args) != {"n", "of"} or not isinstance(args["n"], int):
            return (here, f"{name} needs 'n' (a whole number) and 'of' (a list of conditions)")
        return _first(
            check_condition(c, findings, f"{here}.of.{i}") for i, c in enumerate(args["of"])
        )
    if name == "age_over":
        return None if isinstance(args, int | float) else (here, "age_over needs a number")
    if not isinstance(args, dict) or set(args) != {"fact", "value"}:
        return (here, f"{name} needs 'fact' and 'value'")
    if args["fact"] not in NUMERIC_FACTS:
        return (f"{here}.fact", f"unknown numeric fact (known: {', '.join(NUMERIC_FACTS)})")
    return None if isinstance(args["value"], int | float) else (f"{here}.value", "not a number")


def _first(problems: Iterable[Problem]) -> Problem:
    return next((p for p in problems if p is not None), None)
