"""Red-flag triage (docs/clinical-rules.md, triage): findings → the highest urgency, the suspected
conditions and safety-netting advice.

Public function: `triage_evaluate(document) -> dict` with `urgency` (emergency_same_day,
urgent, routine_review, none), `concerns` [{condition, rule, urgency, findings, action,
sources}], `safety_netting` (list of sentences), `suggestions`, `not_assessed`, `reasons`,
`kb_version`. Input: `{age, sex?, findings: [ids], onset_age?, duration_weeks?, measures?}`.

The rules are the knowledge base's data (`kb.red_flags.rules`) run by its named evaluators; this
module adds only what the table says about combining them: the highest level wins, a
no-referral rule (one weak flag, stable radiculopathy) never speaks over a referral, and
questionnaire scores are accepted but can never lower the urgency.
"""

from __future__ import annotations

from dataclasses import replace

from myomap.clinical.explain import (
    EngineInputError,
    Reason,
    kb_version,
    reasons_as_dicts,
    require_choice,
    require_list,
    require_mapping,
    require_number,
)
from myomap.clinical.kb import URGENCY_ORDER, RedFlagRule, TriageFacts, evaluate_rule, get_kb

SEXES = ("female", "male", "other", "unknown")
AXSPA_RULE = "axial_spondyloarthritis"
AXSPA_THREE_RULE = "axial_spondyloarthritis_three_features"
HLA_B27 = "hla_b27_positive"
TRIAGE_KEYS = ("age", "sex", "findings", "onset_age", "duration_weeks", "measures")


def _read_facts(document: dict) -> TriageFacts:
    document = require_mapping(document, "")
    for key in document:
        if key not in TRIAGE_KEYS:
            raise EngineInputError(f"unknown field {key!r}; allowed: {', '.join(TRIAGE_KEYS)}", key)
    if document.get("age") is None:
        raise EngineInputError("age is required (years, 0 to 120)", "age")
    known = get_kb().red_flags.findings
    findings = require_list(document.get("findings", []), "findings")
    for i, finding in enumerate(findings):
        if not isinstance(finding, str) or finding not in known:
            allowed = ", ".join(sorted(known))
            raise EngineInputError(
                f"unknown finding {finding!r}; allowed finding ids: {allowed}", f"findings.{i}"
            )
        if finding in findings[:i]:
            raise EngineInputError(f"finding {finding!r} is listed twice", f"findings.{i}")
    optional = {k: document.get(k) for k in ("onset_age", "duration_weeks")}
    limits = {"onset_age": 120, "duration_weeks": 5200}
    numbers = {
        k: None if v is None else require_number(v, k, 0, limits[k]) for k, v in optional.items()
    }
    sex = document.get("sex")
    if document.get("measures") is not None:
        require_mapping(document["measures"], "measures")
    return TriageFacts(
        findings=frozenset(findings),
        age=require_number(document["age"], "age", 0, 120),
        sex=None if sex is None else require_choice(sex, "sex", SEXES),
        **numbers,
    )


def _concern(rule, matched: list[str]) -> dict:
    return {
        "condition": rule.condition,
        "rule": rule.id,
        "urgency": rule.urgency,
        "findings": matched,
        "action": rule.action,
        "sources": list(rule.sources),
    }


def _matched_concerns(facts: TriageFacts) -> list[tuple[RedFlagRule, dict]]:
    matched: list[tuple[RedFlagRule, dict]] = []
    for rule in get_kb().red_flags.rules:
        found = evaluate_rule(rule, facts)
        if found is not None:
            matched.append((rule, _concern(rule, found)))
    # With HLA-B27 known positive the referral rule speaks; "request HLA-B27" would be stale.
    if any(rule.id == AXSPA_RULE for rule, _ in matched):
        matched = [(r, c) for r, c in matched if r.id != AXSPA_THREE_RULE]
    # Highest urgency first; the KB's rule order keeps ties stable.
    return sorted(matched, key=lambda pair: -URGENCY_ORDER.index(pair[1]["urgency"]))


def _hla_b27_suggestion(facts: TriageFacts) -> list[dict]:
    """NG65: with exactly three features the next step is an HLA-B27 test. Asked of the KB's own
    rule: would it refer if HLA-B27 were positive, while it does not refer now?"""
    rules = {rule.id: rule for rule in get_kb().red_flags.rules}
    rule = rules.get(AXSPA_RULE)
    if rule is None or HLA_B27 in facts.findings or evaluate_rule(rule, facts) is not None:
        return []
    with_test = replace(facts, findings=facts.findings | {HLA_B27})
    if evaluate_rule(rule, with_test) is None:
        return []
    text = "Three NG65 features of axial spondyloarthritis: request HLA-B27 and refer if positive."
    return [{"rule": f"{AXSPA_RULE}.hla_b27", "text": text, "sources": list(rule.sources)}]


def _not_assessed(facts: TriageFacts) -> list[str]:
    kb = get_kb()
    axspa = {f for f, entry in kb.red_flags.findings.items() if entry.group == AXSPA_RULE}
    missing = [k for k in ("onset_age", "duration_weeks") if getattr(facts, k) is None]
    if facts.findings & axspa and missing:
        return [f"Axial spondyloarthritis (NG65) needs {' and '.join(missing)}."]
    return []


def _without_superseded(matched: list[tuple[RedFlagRule, dict]]) -> tuple[list[dict], list[Reason]]:
    """A no-referral rule (e.g. one weak flag) is dropped when a referral rule also matched: its
    advice ('no referral on this alone') would contradict the referral."""
    top = matched[0][1]["urgency"] if matched else "none"
    kept, notes = [], []
    for rule, concern in matched:
        if concern["urgency"] == "none" and top != "none":
            text = f"'{rule.condition}' also matched but a referral rule takes precedence."
            notes.append(Reason(f"triage.{rule.id}.superseded", text, rule.sources[0]))
        else:
            kept.append(concern)
    return kept, notes


def _reasons(concerns: list[dict], facts: TriageFacts, measures_given: bool) -> list[Reason]:
    reasons = [
        Reason(
            f"triage.{c['rule']}",
            f"{c['condition']}: {', '.join(c['findings'])} → {c['urgency']}.",
            c["sources"][0],
        )
        for c in concerns
    ]
    if not concerns:
        text = "No red-flag rule matched: continue care, safety-net and re-screen at every visit."
        reasons.append(Reason("triage.no_red_flags", text, "IFOMPT-2020"))
    if measures_given:
        text = "Questionnaire scores were given; they never lower a red-flag urgency."
        reasons.append(Reason("triage.scores_never_clear", text, "IFOMPT-2020"))
    return reasons


def triage_evaluate(document: dict) -> dict:
    facts = _read_facts(document)
    red_flags = get_kb().red_flags
    matched = _matched_concerns(facts)
    concerns, superseded = _without_superseded(matched)
    urgency = concerns[0]["urgency"] if concerns else "none"
    rule_advice = [rule.safety_netting for rule, _ in matched if rule.safety_netting]
    safety_netting = list(dict.fromkeys([*rule_advice, *red_flags.safety_netting]))
    reasons = _reasons(concerns, facts, document.get("measures") is not None) + superseded
    body = {
        "urgency": urgency,
        "concerns": concerns,
        "safety_netting": safety_netting,
        "suggestions": _hla_b27_suggestion(facts),
        "not_assessed": _not_assessed(facts),
    }
    return {**body, "reasons": reasons_as_dicts(reasons), "kb_version": kb_version()}
