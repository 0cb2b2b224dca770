"""Record models, one module per area; import them here so Django finds them.
Add a line per new module."""

from myomap.records.models.assessments import (
    Assessment,
    AssessmentKind,
    FindingSide,
    MuscleFinding,
    RedFlagAction,
    Sensation,
    TriggerPointState,
)
from myomap.records.models.clients import (
    EPISODE_OPEN_STATUSES,
    Client,
    Episode,
    EpisodeStatus,
    Occupation,
    Sex,
)
from myomap.records.models.diary import DiaryAlert, DiaryEntry, DiarySettings
from myomap.records.models.painmap import PainMapEntry, PainQuality
from myomap.records.models.plans import Plan, PlanOrigin
from myomap.records.models.requests import ErasureOutcome, ErasureRequest
from myomap.records.models.safety import NeuroResult, SessionSafetyCheck
from myomap.records.models.sessions import (
    Addendum,
    ExerciseStop,
    ProgressDecision,
    ProposalDecision,
    ProposalKind,
    RedFlagRescreen,
    TechniqueApplied,
    TreatmentSession,
)
from myomap.records.models.summary import EpisodeSummary

__all__ = [
    "Addendum",
    "Assessment",
    "AssessmentKind",
    "Client",
    "DiaryAlert",
    "DiaryEntry",
    "DiarySettings",
    "Episode",
    "ErasureOutcome",
    "ErasureRequest",
    "EPISODE_OPEN_STATUSES",
    "EpisodeStatus",
    "EpisodeSummary",
    "ExerciseStop",
    "FindingSide",
    "MuscleFinding",
    "Occupation",
    "PainMapEntry",
    "PainQuality",
    "NeuroResult",
    "Plan",
    "PlanOrigin",
    "ProgressDecision",
    "ProposalDecision",
    "ProposalKind",
    "RedFlagRescreen",
    "SessionSafetyCheck",
    "RedFlagAction",
    "Sensation",
    "Sex",
    "TechniqueApplied",
    "TreatmentSession",
    "TriggerPointState",
]
