"""The client's questions stand for the knowledge base's own findings: every id exists, none is
asked twice, and the wording is plain (no finding label copied as the question)."""

from __future__ import annotations

from myomap.clinical.kb import get_kb
from myomap.portal.previsit.questions import (
    ANTICOAGULANT,
    HEALTH_QUESTIONS,
    PREGNANCY,
    RED_FLAG_QUESTIONS,
)


def test_red_flag_questions_are_kb_findings():
    findings = get_kb().red_flags.findings
    ids = [q.finding for q in RED_FLAG_QUESTIONS]
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(findings)
    # The cauda equina findings, the emergency ones, are all asked.
    cauda = {f for f, item in findings.items() if item.group == "cauda_equina"}
    assert cauda <= set(ids)


def test_health_questions_are_kb_precautions():
    precautions = get_kb().precautions.precautions
    ids = [q.finding for q in HEALTH_QUESTIONS] + [PREGNANCY, ANTICOAGULANT]
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(precautions)


def test_questions_are_asked_in_own_words():
    findings = get_kb().red_flags.findings
    for question in RED_FLAG_QUESTIONS:
        assert question.text.endswith("?")
        assert question.text != findings[question.finding].label
