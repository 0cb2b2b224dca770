"""The assessment document (docs/clinical-rules.md): the input of `engine plan`.

Everything except `client.age` (the red-flag screen needs it) may be absent; a missing value
means "not assessed", never "normal", so the planner and the reasoning summary can say what they
could not decide. Unknown keys, unknown region or muscle ids and out-of-range numbers are
rejected (nothing silently ignored) through `assessment_parse`, which turns pydantic's errors into
one `EngineInputError` naming the field.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from myomap.clinical.explain import EngineInputError
from myomap.clinical.kb import get_kb


class Occupation(StrEnum):
    desk = "desk"
    manual = "manual"
    athlete = "athlete"
    other = "other"


class PainQuality(StrEnum):
    ache = "ache"
    sharp = "sharp"
    burning = "burning"
    tingling = "tingling"
    numbness = "numbness"
    hot = "hot"
    cold = "cold"


class TriggerPoint(StrEnum):
    active = "active"
    latent = "latent"
    none = "none"


class Side(StrEnum):
    left = "left"
    right = "right"
    bilateral = "bilateral"


Nprs = Annotated[int, Field(ge=0, le=10)]
# Same plausibility limits as the posture engine: pelvis-to-ankle lengths of any adult or child,
# and a measured difference of at most 100 mm.
LimbLength = Annotated[float, Field(ge=200, le=1500)]
Difference = Annotated[float, Field(ge=0, le=100)]
LongSitResult = Literal["long_to_short", "short_to_long", "no_change"]
FlexionTest = Literal["left", "right", "negative"]
LandmarkResult = Literal["level", "asymmetric"]
StartBackItem9 = Literal["not_at_all", "slightly", "moderately", "very_much", "extremely"]
PainPattern = Literal["occasional", "persistent", "constant"]
Difficulty = Literal["lifting", "prolonged_standing", "repeated_bending", "prolonged_sitting"]
PosturalImbalance = Literal["none", "mild", "significant"]
DailyImpact = Literal["minimal", "some", "major"]
# What a clinician may do to a generated plan from the plan page or the API; `allow` (lifting
# one precaution for one item) is only given in an engine document.
PlanEditAction = Literal["skip", "add", "start_stage_early"]
OverrideAction = Literal[PlanEditAction, "allow"]

# The vocabularies as tuples, for edges that list or check the allowed values: one definition
# (the types above), read everywhere else.
LONG_SIT_RESULTS: tuple[str, ...] = get_args(LongSitResult)
FLEXION_RESULTS: tuple[str, ...] = get_args(FlexionTest)
LANDMARK_RESULTS: tuple[str, ...] = get_args(LandmarkResult)
START_BACK_ITEM9: tuple[str, ...] = get_args(StartBackItem9)
PAIN_PATTERNS: tuple[str, ...] = get_args(PainPattern)
DIFFICULTIES: tuple[str, ...] = get_args(Difficulty)
POSTURAL_IMBALANCE: tuple[str, ...] = get_args(PosturalImbalance)
DAILY_IMPACT: tuple[str, ...] = get_args(DailyImpact)
PLAN_EDIT_ACTIONS: tuple[str, ...] = get_args(PlanEditAction)
OVERRIDE_ACTIONS: tuple[str, ...] = get_args(OverrideAction)
# Palpation flags a muscle finding records. The engine document reads the ones that are fields
# of `MuscleFinding` below (`ENGINE_FINDING_FLAGS`); taut band and nodule are recorded and
# exported but decide nothing.
FINDING_FLAGS = (
    "taut_band",
    "nodule",
    "local_twitch",
    "referral_reproduced",
    "spasm",
    "shortened",
    "weak",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)


class Client(Strict):
    # Required: the red-flag screen cannot run without it, and no plan is built unscreened.
    age: Annotated[int, Field(ge=0, le=120)]
    sex: Literal["female", "male", "other", "unknown"] | None = None
    occupation: Occupation | None = None


class Episode(Strict):
    onset: date | None = None
    on: date | None = None
    recurrent: bool | None = None


class Triage(Strict):
    """Red-flag findings (docs/clinical-rules.md, triage); the triage module checks the ids
    themselves."""

    findings: list[str] = Field(default_factory=list)
    onset_age: Annotated[int, Field(ge=0, le=120)] | None = None
    duration_weeks: Annotated[float, Field(ge=0, le=5200)] | None = None


class StartBack(Strict):
    items: Annotated[list[Literal[0, 1]], Field(min_length=8, max_length=8)]
    item9: StartBackItem9


class Measures(Strict):
    nprs: Nprs | None = None
    odi: (
        Annotated[
            list[Annotated[int, Field(ge=0, le=5)] | None], Field(min_length=10, max_length=10)
        ]
        | None
    ) = None
    start_back: StartBack | None = None
    psfs: (
        Annotated[list[Annotated[float, Field(ge=0, le=10)]], Field(min_length=3, max_length=5)]
        | None
    ) = None


class Severity(Strict):
    pain_pattern: PainPattern | None = None
    pain_at_rest: bool | None = None
    eases_with_movement: bool | None = None
    difficulties: list[Difficulty] = Field(default_factory=list)
    weakness: bool | None = None
    postural_imbalance: PosturalImbalance | None = None
    daily_impact: DailyImpact | None = None


class PainRegion(Strict):
    region: str
    intensity: Nprs | None = None
    quality: PainQuality | None = None

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        return _check_id(value, kb_ids("regions"), "region")


class LeftRight(Strict):
    left: LimbLength
    right: LimbLength


class SidedMeasure(Strict):
    mm: Difference
    short_side: Literal["left", "right"] | None = None


class LongSit(Strict):
    left: LongSitResult | None = None
    right: LongSitResult | None = None


class PelvicTests(Strict):
    standing_flexion: FlexionTest | None = None
    seated_flexion: FlexionTest | None = None
    landmark_levels: LandmarkResult | None = None


class Posture(Strict):
    pelvic_torsion: bool | None = None
    # Laslett's six SIJ pain-provocation tests: how many were positive (3+ is the cluster).
    sij_provocation_positive: Annotated[int, Field(ge=0, le=6)] | None = None
    true_length_mm: LeftRight | None = None
    apparent_length_mm: LeftRight | None = None
    block_test: SidedMeasure | None = None
    imaging: SidedMeasure | None = None
    supine_to_long_sit: LongSit | None = None
    pelvic_tests: PelvicTests | None = None

    def leg_length_input(self) -> dict:
        """The document `posture.leg_length_interpret` takes (same keys, nulls left out)."""
        return self.model_dump(exclude_none=True, exclude={"sij_provocation_positive"})


class MuscleFinding(Strict):
    """One palpated muscle on one side. A boolean left out means "not examined"."""

    muscle: str
    side: Side
    trigger_point: TriggerPoint = TriggerPoint.none
    referral_reproduced: bool | None = None
    local_twitch: bool | None = None
    spasm: bool | None = None
    shortened: bool | None = None
    weak: bool | None = Field(default=None, description="weak or inhibited")

    @field_validator("muscle")
    @classmethod
    def _known_muscle(cls, value: str) -> str:
        return _check_id(value, kb_ids("muscles"), "muscle")

    @property
    def confirmed_trigger_point(self) -> bool:
        """docs/clinical-rules.md, referral ranking: a referral reproduced on palpation confirms the
        trigger point."""
        return self.trigger_point != TriggerPoint.none and self.referral_reproduced is True


ENGINE_FINDING_FLAGS = tuple(f for f in FINDING_FLAGS if f in MuscleFinding.model_fields)


class Override(Strict):
    """A clinician's edit to the generated plan; the reason is required and shown in output.
    `allow` lifts one overridable precaution rule for one item (`item` + `precaution`)."""

    action: OverrideAction
    reason: Annotated[str, Field(min_length=3, max_length=1000)]
    item: str | None = None
    stage: str | None = None
    muscle: str | None = None
    side: Side | None = None
    precaution: str | None = None


class Precautions(Strict):
    """Health conditions and medicines that change what may be done (docs/precautions.md).
    Red-flag findings that are also precautions (osteoporosis, steroids, cancer history,
    diabetes) count from `triage.findings` without being entered here again."""

    findings: list[str] = Field(default_factory=list)
    gestation_weeks: Annotated[int, Field(ge=0, le=45)] | None = None

    @field_validator("findings")
    @classmethod
    def _known_precautions(cls, values: list[str]) -> list[str]:
        known = frozenset(get_kb().precautions.precautions)
        for value in values:
            _check_id(value, known, "precaution")
        if len(set(values)) != len(values):
            raise ValueError("a precaution is listed twice")
        return values

    @field_validator("gestation_weeks")
    @classmethod
    def _weeks_need_pregnancy(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and "pregnancy" not in (info.data.get("findings") or []):
            raise ValueError("gestation_weeks is given but 'pregnancy' is not in findings")
        return value


class Clinician(Strict):
    """Scope of practice decides whether joint mobilisation and manipulation may be planned."""

    scope: Literal["massage_nmt", "physiotherapist", "chiropractor_osteopath"]


class Assessment(Strict):
    client: Client
    episode: Episode = Episode()
    triage: Triage = Triage()
    measures: Measures = Measures()
    severity: Severity = Severity()
    pain_map: list[PainRegion] = Field(default_factory=list)
    posture: Posture = Posture()
    muscles: list[MuscleFinding] = Field(default_factory=list)
    overrides: list[Override] = Field(default_factory=list)
    precautions: Precautions = Precautions()
    clinician: Clinician | None = None


def kb_ids(collection: str) -> frozenset[str]:
    """Ids of a KB collection, whether the KB keeps it as a mapping or a list of records."""
    items = getattr(get_kb(), collection)
    if isinstance(items, dict):
        return frozenset(items)
    return frozenset(getattr(item, "id", item) for item in items)


def _check_id(value: str, allowed: frozenset[str], what: str) -> str:
    if value not in allowed:
        ids = sorted(allowed)
        listed = ", ".join(ids) if len(ids) <= 30 else ", ".join(ids[:12]) + f", … ({len(ids)} ids)"
        raise ValueError(f"unknown {what} id {value!r}; allowed: {listed}")
    return value


def assessment_parse(data: Any) -> Assessment:
    """Validate a JSON-like document; the first problem becomes an `EngineInputError`."""
    if not isinstance(data, dict):
        raise EngineInputError("the assessment document must be a JSON object", "")
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise validation_error_to_engine(exc, Assessment) from None


# The sections of the document that are stored as entered, each checked by its own model.
SECTION_MODELS: dict[str, type[Strict]] = {"severity": Severity, "posture": Posture}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's type (`X | None`, `list[X]`, `Annotated[X, …]`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _allowed_keys(model: type[BaseModel] | None, loc: tuple) -> tuple[str, ...]:
    """The keys the model at `loc`'s parent takes (list positions skipped); () when unknown."""
    for part in loc[:-1]:
        if model is None:
            return ()
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        model = _model_in(field.annotation) if field is not None else None
    return tuple(model.model_fields) if model is not None else ()


def validation_error_to_engine(
    exc: ValidationError, model: type[BaseModel] | None = None
) -> EngineInputError:
    """The first of pydantic's errors as one `EngineInputError` naming the field; an unknown key
    also names the keys allowed in its place when `model` (the validated model) is given."""
    first = exc.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        allowed = _allowed_keys(model, tuple(first["loc"]))
        listed = f"; allowed fields: {', '.join(allowed)}" if allowed else ""
        message = f"unknown field {field!r} (extra keys are not allowed){listed}"
    return EngineInputError(f"{field}: {message}", field)
