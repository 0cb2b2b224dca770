"""Cross-file checks of precautions.yaml: every technique, exercise, position, muscle, region,
finding and precaution id a rule names must exist (a dangling id is an error, not ignored)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from myomap.clinical.kb.errors import KbError

if TYPE_CHECKING:
    from myomap.clinical.kb.knowledge import KnowledgeBase
    from myomap.clinical.kb.schema import PrecautionRule

FILE = "precautions.yaml"


def _need(ids: list[str], known: Any, what: str, entry: str, field: str) -> None:
    for index, item in enumerate(ids):
        if item not in known:
            raise KbError(
                f"unknown {what} '{item}'", file=FILE, entry=entry, field=f"{field}.{index}"
            )


def _check_rules(kb: KnowledgeBase, rules: list[PrecautionRule], entry: str) -> None:
    tables: dict[str, set[str]] = {
        "technique": set(kb.techniques),
        "exercise": set(kb.exercises),
        "position": set(kb.precautions.positions),
    }
    for n, rule in enumerate(rules):
        known = tables[rule.kind] | {"*"}
        _need(rule.items, known, rule.kind, entry, f"rules.{n}.items")
        _need(rule.muscles, kb.muscles, "muscle", entry, f"rules.{n}.muscles")
        if rule.instead is not None and rule.instead not in kb.techniques:
            raise KbError(
                f"unknown technique '{rule.instead}'",
                file=FILE,
                entry=entry,
                field=f"rules.{n}.instead",
            )
        if rule.no_figure_for:
            if rule.kind != "technique" or rule.action != "modify":
                raise KbError(
                    "no_figure_for belongs on a technique modify rule",
                    file=FILE,
                    entry=entry,
                    field=f"rules.{n}.no_figure_for",
                )
            parameters = {
                line.parameter
                for item in rule.items
                if item in kb.techniques
                for line in kb.techniques[item].dose
            }
            _need(
                rule.no_figure_for, parameters, "dose parameter", entry, f"rules.{n}.no_figure_for"
            )
        if rule.action == "avoid" and rule.instead == "*":
            raise KbError(
                "instead must name one technique", file=FILE, entry=entry, field=f"rules.{n}"
            )


def check_precautions(kb: KnowledgeBase) -> None:
    book = kb.precautions
    findings = kb.red_flags.findings
    for pid, precaution in book.precautions.items():
        _check_rules(kb, precaution.rules, pid)
        _need(precaution.implied_by, findings, "red-flag finding", pid, "implied_by")
        _need(precaution.includes, book.precautions, "precaution", pid, "includes")
        if precaution.same_as is not None and precaution.same_as not in book.precautions:
            raise KbError(
                f"unknown precaution '{precaution.same_as}'", file=FILE, entry=pid, field="same_as"
            )
    rule_ids = {rule.id for rule in kb.red_flags.rules}
    bases = {region.base for region in kb.regions.values()}
    for pid, pathway in book.pathways.items():
        _check_rules(kb, pathway.rules, pid)
        _need(
            pathway.triggered_by_findings,
            findings,
            "red-flag finding",
            pid,
            "triggered_by_findings",
        )
        _need(
            pathway.triggered_by_concerns, rule_ids, "red-flag rule", pid, "triggered_by_concerns"
        )
        _need(pathway.below_knee_regions, bases, "region", pid, "below_knee_regions")
        _need(pathway.escalate_with, rule_ids, "red-flag rule", pid, "escalate_with")
        _need(pathway.safety_netting_from, rule_ids, "red-flag rule", pid, "safety_netting_from")
    for n, caution in enumerate(book.palpation_cautions):
        entry = f"palpation_cautions[{n}]"
        _need([caution.muscle], kb.muscles, "muscle", entry, "muscle")
        _need(caution.when, book.precautions, "precaution", entry, "when")
    for name, group in book.groups.items():
        _need(group, set(kb.techniques) | set(kb.muscles), "technique or muscle", "groups", name)
    for position, exercises in book.exercise_positions.items():
        _need(exercises, kb.exercises, "exercise", "exercise_positions", position)
    _need(book.prone_palpation_muscles, kb.muscles, "muscle", "prone_palpation_muscles", "-")
