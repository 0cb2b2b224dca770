"""Red-flag finding vocabulary (docs/clinical-rules.md, triage) and the referral rules as data.

A rule's `when` is a condition tree of NAMED evaluators (see `kb.evaluators`), for example
`{all_of: [history_of_cancer, {any_of: [thoracic_pain, night_pain_persistent]}]}`. A bare
string is a finding id."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from myomap.clinical.kb.schema.common import Entry, KbModel

Urgency = Literal["emergency_same_day", "urgent", "routine_review", "none"]
URGENCY_ORDER: tuple[Urgency, ...] = ("none", "routine_review", "urgent", "emergency_same_day")
# At these urgencies no treatment plan is made: the client is referred first.
BLOCKING_URGENCIES: tuple[Urgency, ...] = ("emergency_same_day", "urgent")
# The words a page or a message shows for an urgency, never the id.
URGENCY_WORDS: dict[str, str] = {
    "emergency_same_day": "emergency, same day",
    "urgent": "urgent referral",
    "routine_review": "routine medical review",
    "none": "no referral",
}


def urgency_words(urgency: object) -> str:
    text = str(urgency or "")
    return URGENCY_WORDS.get(text, text.replace("_", " "))


Condition = str | dict[str, Any]


class Finding(Entry):
    label: str
    group: str


class RedFlagRule(Entry):
    condition: str
    urgency: Urgency
    when: Condition
    action: str
    safety_netting: str | None = None
    note: str | None = None
    sources: list[str] = Field(min_length=1)


class RedFlags(KbModel):
    findings: dict[str, Finding]
    rules: list[RedFlagRule]
    safety_netting: list[str]
    principles: list[str] = []
