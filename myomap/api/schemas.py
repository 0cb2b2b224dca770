"""The API's request and response shapes. Each is a named schema in the OpenAPI document; the
class docstring is its description. Inputs forbid unknown keys, so a misspelt field is a 422
naming it, never silently ignored."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from myomap.clinical.assessment import PlanEditAction

Sex = Literal["female", "male", "other", "unknown"]
OccupationKind = Literal["desk", "manual", "athlete", "other"]
Side = Literal["left", "right", "bilateral"]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- clients and episodes


class ClientIn(StrictIn):
    """Demographics of a client, as on the registration page."""

    given_name: str = Field(..., max_length=100)
    family_name: str = Field(..., max_length=100)
    date_of_birth: date
    sex: Sex
    occupation: OccupationKind
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    notes: str = Field("", max_length=5000, description="Administrative notes only.")


class ClientOut(Schema):
    """A client of the caller's clinic (demographics; visible to every role)."""

    id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    occupation: str
    phone: str
    email: str
    notes: str
    created_at: datetime
    updated_at: datetime


class ClientPage(Schema):
    """One page of clients, alphabetical; pass `next_cursor` back as `cursor` for the next."""

    items: list[ClientOut]
    next_cursor: str | None


class EpisodeIn(StrictIn):
    """A new episode of back pain for a client."""

    onset_date: date
    complaint: str = Field(..., max_length=5000)
    recurrent: bool = False


class EpisodeStatusIn(StrictIn):
    """Move an episode to another status, with a note."""

    status: Literal["active", "referred", "discharged", "maintenance"]
    status_note: str = Field("", max_length=5000)


class EpisodeOut(Schema):
    """An episode of care (clinical: not for the front desk)."""

    id: uuid.UUID
    client_id: uuid.UUID
    onset_date: date
    complaint: str
    recurrent: bool
    status: str
    status_note: str
    created_at: datetime


class EpisodePage(Schema):
    """One page of a client's episodes, newest onset first."""

    items: list[EpisodeOut]
    next_cursor: str | None


# ---------------------------------------------------------------- assessments


class AssessmentIn(StrictIn):
    """A new assessment: the first of an episode is the initial one unless `kind` says so."""

    assessed_on: date | None = None
    kind: Literal["initial", "reassessment"] | None = None


class AssessmentOut(Schema):
    """An assessment with each section's input and the engine's stored result (each result
    carries its rule reasons and the knowledge-base version that produced it)."""

    id: uuid.UUID
    episode_id: uuid.UUID
    kind: str
    number: int
    assessed_on: date
    triage_input: dict[str, Any]
    measures_input: dict[str, Any]
    severity_input: dict[str, Any]
    posture_input: dict[str, Any]
    triage_result: dict[str, Any] | None
    scores: dict[str, Any]
    severity_result: dict[str, Any] | None
    leg_length_result: dict[str, Any] | None
    reasoning_result: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


class AssessmentPage(Schema):
    """One page of an episode's assessments, in order."""

    items: list[AssessmentOut]
    next_cursor: str | None


class RedFlagsIn(StrictIn):
    """The red-flag screen: ids of the findings present (see `myomap kb list red_flags`)."""

    findings: list[str] = Field(default_factory=list, max_length=200)
    onset_age: int | None = Field(None, ge=0, le=130)
    duration_weeks: float | None = Field(None, ge=0, le=5200)


class SectionIn(BaseModel):
    """A section document exactly as the engine's command takes it (severity: `myomap engine
    severity`; posture: `myomap engine leg-length`). The engine names any bad field."""

    model_config = ConfigDict(extra="allow")


class MeasureIn(StrictIn):
    """One questionnaire's answers, in the engine's shape for that instrument (see
    docs/engine.md)."""

    answers: Any = Field(..., description="ODI: 10 items 0-5 or null; NPRS: 0-10; …")


class PainEntry(StrictIn):
    """One marked body-chart region, with optional intensity (0-10) and quality."""

    region: str = Field(..., max_length=40)
    intensity: int | None = Field(None, ge=0, le=10)
    quality: Literal["", "ache", "sharp", "burning", "tingling", "numbness", "hot", "cold"] = ""


class PainMapIn(StrictIn):
    """The whole pain drawing; it replaces the stored one atomically."""

    entries: list[PainEntry] = Field(..., max_length=120)


class PainMapOut(Schema):
    """The stored drawing and the engine's ranked candidate muscles for it."""

    entries: list[PainEntry]
    candidates: dict[str, Any] | None


class FindingUpdateIn(StrictIn):
    """New values for a finding (muscle and side stay)."""

    trigger_point: Literal["none", "latent", "active"] = "none"
    taut_band: bool = False
    nodule: bool = False
    local_twitch: bool = False
    referral_reproduced: bool = False
    referral_sensation: Literal[
        "", "ache", "sharp", "burning", "tingling", "numbness", "hot", "cold"
    ] = ""
    spasm: bool = False
    shortened: bool = False
    weak: bool = False
    tenderness: int | None = Field(None, ge=0, le=3)
    note: str = Field("", max_length=5000)


class FindingIn(FindingUpdateIn):
    """A palpation finding for one muscle and side."""

    muscle: str = Field(..., max_length=60)
    side: Side


class FindingOut(Schema):
    """A stored palpation finding."""

    id: uuid.UUID
    muscle: str
    side: str
    trigger_point: str
    taut_band: bool
    nodule: bool
    local_twitch: bool
    referral_reproduced: bool
    referral_sensation: str
    spasm: bool
    shortened: bool
    weak: bool
    tenderness: int | None
    note: str


class FindingList(Schema):
    """All findings of an assessment, in the order recorded."""

    items: list[FindingOut]


# ---------------------------------------------------------------- plans


class PlanOut(Schema):
    """One numbered version of a plan: the engine's output with its knowledge-base version and
    the clinician overrides (each with its reason) that shaped it."""

    id: uuid.UUID
    episode_id: uuid.UUID
    assessment_id: uuid.UUID
    version: int
    origin: str
    status: str
    kb_version: str
    overrides: list[dict[str, Any]]
    output: dict[str, Any]
    created_at: datetime


class PlanPage(Schema):
    """An episode's plan versions, by assessment then version."""

    items: list[PlanOut]
    next_cursor: str | None


class OverrideIn(StrictIn):
    """One clinician change: skip or add an item, or start a stage early."""

    action: PlanEditAction
    item: str | None = Field(None, max_length=60)
    stage: str | None = Field(None, max_length=30)
    muscle: str | None = Field(None, max_length=60)
    side: Side | None = None


class PlanEditIn(StrictIn):
    """An override and its required reason; the result is a new plan version."""

    override: OverrideIn
    reason: str = Field(..., max_length=2000)


# ---------------------------------------------------------------- sessions


class TechniqueRow(Schema):
    """A technique applied, with its dose."""

    technique: str
    muscle: str
    side: str
    pressure_lb: float | None
    hold_seconds: float | None
    repetitions: int | None
    minutes: float | None
    outside_protocol_reason: str


class AddendumOut(Schema):
    """A correction or later note on a signed session."""

    id: uuid.UUID
    text: str
    author: str = Field(
        ...,
        description="The author's username; for an addendum imported from another clinic, "
        "who wrote it there and who imported it: 'olivia (imported by Otto)'.",
    )
    created_at: datetime


class SessionNoteIn(BaseModel):
    """A session note in the shape the note page sends (see docs/api.md): seen_on, stage,
    nprs_before/after, discomfort, red_flag_rescreen, S/O/A/P texts, techniques, the
    re-examination lists, criteria_met, exercises, aftercare. Every problem is reported with
    its field."""

    model_config = ConfigDict(extra="allow")


class SessionOut(Schema):
    """A session note; once `signed_at` is set it is locked and only addenda follow."""

    id: uuid.UUID
    episode_id: uuid.UUID
    plan_id: uuid.UUID
    number: int
    seen_on: date
    stage: str
    nprs_before: int
    nprs_after: int | None
    discomfort: int | None
    red_flag_rescreen: str
    red_flag_note: str
    subjective: str
    objective: str
    assessment: str
    plan_next: str
    muscles_in_spasm: list[dict[str, Any]] | None
    trigger_points: list[dict[str, Any]] | None
    muscles_shortened: list[dict[str, Any]] | None
    muscles_weak: list[dict[str, Any]] | None
    pelvis_level: bool | None
    criteria_met: list[str]
    exercises: list[dict[str, Any]]
    aftercare: list[str]
    techniques: list[TechniqueRow]
    addenda: list[AddendumOut]
    created_by: str = Field(
        ...,
        description="The writer's username; for a note imported from another clinic, who "
        "wrote it there and who imported it: 'olivia (imported by Otto)'.",
    )
    created_at: datetime
    signed_at: datetime | None
    signed_by: str | None = Field(
        ...,
        description="The signer's username, null for a draft; for an imported signed note, "
        "who signed it there and who imported it.",
    )


class SessionPage(Schema):
    """An episode's session notes, in order."""

    items: list[SessionOut]
    next_cursor: str | None


class AddendumIn(StrictIn):
    """The text of an addendum (at least 3 characters)."""

    text: str = Field(..., max_length=10000)


class DecisionIn(StrictIn):
    """Accept or decline one open engine proposal, with a reason."""

    kind: Literal["advance", "non_responder", "discharge"]
    at_session: int = Field(..., ge=1, le=10000)
    decision: Literal["accepted", "declined"]
    reason: str = Field(..., max_length=2000)


class DecisionOut(Schema):
    """A clinician's decision on an engine proposal."""

    id: uuid.UUID
    kind: str
    at_session: int
    proposal: dict[str, Any]
    decision: str
    reason: str
    decided_by: str = Field(
        ...,
        description="The decider's username; for a decision imported from another clinic, "
        "who made it there and who imported it: 'olivia (imported by Otto)'.",
    )
    decided_at: datetime


class ProgressOut(Schema):
    """The engine's progress judgement for the episode, the proposals waiting for a decision,
    and the decisions made."""

    result: dict[str, Any] | None
    problem: str
    open_proposals: list[dict[str, Any]]
    next_stage: str | None
    decisions: list[DecisionOut]


class EngineOut(BaseModel):  # a plain model: ninja's Schema would drop the extra keys
    """An engine command's output: its fields, `reasons` (rule, findings, source) and
    `kb_version` (see docs/engine.md)."""

    model_config = ConfigDict(extra="allow")

    reasons: list[Any]
    kb_version: str


class FhirBundle(BaseModel):
    """A FHIR R4 Bundle (type collection) of one client's record; see docs/fhir.md."""

    model_config = ConfigDict(extra="allow")

    resourceType: Literal["Bundle"]  # noqa: N815 (FHIR's own element name)
    type: str
    entry: list[dict[str, Any]] = []


class ImportOut(Schema):
    """The clients an import created in the caller's clinic."""

    clients: list[ClientOut]
