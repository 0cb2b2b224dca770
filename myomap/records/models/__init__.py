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
from myomap.records.models.clients import Client, Episode, EpisodeStatus, Occupation, Sex

__all__ = [
    "Assessment",
    "AssessmentKind",
    "Client",
    "Episode",
    "EpisodeStatus",
    "FindingSide",
    "MuscleFinding",
    "Occupation",
    "RedFlagAction",
    "Sensation",
    "Sex",
    "TriggerPointState",
]
