"""Outcome measures: structure, answer scales, scoring rule ids, bands, MCIDs, codes, licences.
Licensed wording (ODI, STarT Back) is never stored here: items carry neutral short labels."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from myomap.clinical.kb.schema.common import Confidence, Entry, KbModel


class Item(Entry):
    label: str


class AnswerScale(KbModel):
    kind: Literal["ordinal", "yes_no", "choice", "numeric"]
    min: float | None = None
    max: float | None = None
    choices: list[str] = []
    positive_choices: list[str] = []
    note: str | None = None


class Subscale(Entry):
    label: str
    items: list[str] = Field(min_length=1)
    range: tuple[float, float]


class Band(Entry):
    label: str
    upper: float


class Mcid(KbModel):
    absolute: float | None = None
    relative_percent: float | None = None
    single_item: float | None = None
    note: str | None = None
    confidence: Confidence
    sources: list[str] = Field(min_length=1)


class Code(KbModel):
    system: Literal["LOINC"]
    code: str
    display: str


class Licence(KbModel):
    status: Literal["licensed", "free", "free_reported", "check_before_shipping"]
    holder: str | None = None
    notice: str
    wording_shipped: bool
    wording_setting: str | None = None


class Instrument(Entry):
    name: str
    version: str
    recall_period: str | None = None
    items: list[Item] = Field(min_length=1)
    answer_scale: AnswerScale
    last_item_scale: AnswerScale | None = None
    scoring_rule: str
    score_range: tuple[float, float]
    higher_is: Literal["better", "worse"]
    min_answered: int | None = None
    subscales: list[Subscale] = []
    bands: list[Band] = []
    mcid: Mcid | None = None
    codes: list[Code] = []
    licence: Licence
    notes: list[str] = []
    sources: list[str] = Field(min_length=1)
