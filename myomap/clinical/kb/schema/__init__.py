"""Pydantic models of every kind of knowledge-base entry (one module per kind)."""

from myomap.clinical.kb.schema.body import (
    Muscle,
    MuscleConfidence,
    Palpation,
    Region,
    RegionArea,
    RegionGroup,
    TriggerPoint,
)
from myomap.clinical.kb.schema.care import (
    Contraindication,
    Criterion,
    DoseTemplate,
    Evidence,
    Exercise,
    ExerciseDose,
    PracticeClaim,
    Stage,
    Technique,
    TechniqueDose,
)
from myomap.clinical.kb.schema.common import KbModel, Range
from myomap.clinical.kb.schema.instruments import (
    AnswerScale,
    Band,
    Code,
    Instrument,
    Item,
    Licence,
    Mcid,
    Subscale,
)
from myomap.clinical.kb.schema.posture import LegLength, PelvicAssessment, PostureTest
from myomap.clinical.kb.schema.precautions import (
    PalpationCaution,
    Pathway,
    Precaution,
    PrecautionBook,
    PrecautionRule,
)
from myomap.clinical.kb.schema.red_flags import (
    BLOCKING_URGENCIES,
    URGENCY_ORDER,
    Finding,
    RedFlagRule,
    RedFlags,
)
from myomap.clinical.kb.schema.sources import Source

__all__ = [
    "BLOCKING_URGENCIES",
    "URGENCY_ORDER",
    "AnswerScale",
    "Band",
    "Code",
    "Contraindication",
    "Criterion",
    "Evidence",
    "Exercise",
    "DoseTemplate",
    "ExerciseDose",
    "Finding",
    "Instrument",
    "Item",
    "KbModel",
    "LegLength",
    "Licence",
    "Mcid",
    "Muscle",
    "MuscleConfidence",
    "Palpation",
    "PalpationCaution",
    "Pathway",
    "PelvicAssessment",
    "Precaution",
    "PrecautionBook",
    "PrecautionRule",
    "PostureTest",
    "PracticeClaim",
    "Range",
    "RedFlagRule",
    "RedFlags",
    "Region",
    "RegionArea",
    "RegionGroup",
    "Source",
    "Stage",
    "Subscale",
    "Technique",
    "TechniqueDose",
    "TriggerPoint",
]
