"""The bibliography: one entry per source key cited anywhere in the knowledge base."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from myomap.clinical.kb.schema.common import KbModel

SourceKind = Literal[
    "trial",
    "study",
    "review",
    "guideline",
    "textbook_recall",
    "reference",
    "practitioner_page",
    "seed_page",
]


class Source(KbModel):
    """`key` is the citation key used in the clinical notes (`TS2`, `HOU2002`, `NG59`).
    `kind` grades the kind of evidence; `detail` keeps the finer type from the notes."""

    key: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    title: str
    year: int | None = None
    where: str | None = None
    kind: SourceKind
    detail: str | None = None
    note: str | None = None

    @property
    def id(self) -> str:
        return self.key
