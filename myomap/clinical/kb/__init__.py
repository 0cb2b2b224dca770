"""Myomap's clinical knowledge base: clinical facts as reviewed, versioned YAML (in `data/`),
validated by pydantic models at load.

Public API (other engines code against exactly this):

- `get_kb() -> KnowledgeBase` — the shipped KB, validated once per process (cached).
- `load_kb(path: Path | None = None) -> KnowledgeBase` — uncached; `path` is a folder holding
  the YAML files (tests point it at broken copies).
- `KbError(problem, file=, entry=, field=)` — raised for any problem; its message names the
  file, the entry id and the field.
- `KnowledgeBase` fields: `version` ("2026.11.1+<8 hex of content hash>"), `regions`
  (id -> Region, 90), `region_groups` (id -> RegionGroup), `muscles` (id -> Muscle),
  `exercises` (id -> Exercise), `techniques` (id -> Technique), `instruments`
  (id -> Instrument), `red_flags` (RedFlags: `findings` id -> Finding, `rules`
  list[RedFlagRule], `safety_netting` list[str], `principles`), `stages` (list[Stage] in
  order), `sources` (key -> Source), `leg_length` (LegLength), `pelvic_tests`
  (PelvicAssessment). Helpers: `muscle_zones(muscle_id, side) -> (essential region ids,
  spillover region ids)`, `muscles_referring_to(region_id) -> [(Muscle, "essential" |
  "spillover")]`, `exercises_for(muscle_id, action="strengthens" | "lengthens")`,
  `region_id(base, side)`, `stage(id)`, `stage_ids`, `find(any_id) -> (kind, entry) | None`,
  `counts()`.
- Region: `id, base, side ('left'|'right'|'midline'), label, view ('front'|'back'), also_on,
  group, landmarks`.
- Muscle: `id, name, group, laterality ('ipsilateral'|'bilateral'), refers_bilaterally,
  essential_zones, spillover_zones` (region BASE ids; resolve with `kb.muscle_zones`),
  `referral_note, trigger_points` (TriggerPoint: `id, label, location, essential_zones,
  spillover_zones, confidence_note`), `clues, palpation` (`position, method`
  flat|pincer|flat_and_pincer|internal, `how, cautions`), `symptoms, perpetuating_factors,
  look_alikes, confidence` (`referral, overall, note`), `sources`.
- Exercise: `id, name, kind, stages, strengthens, lengthens, primary, also_loads, load_level,
  requires, not_for, transfers_to, older_adult_option, planner_selects, dose` (ExerciseDose:
  `use, label, sets, repetitions, hold, duration, scheme, effort, frequency, progression,
  note, confidence, sources`, resolved from a `doses:` template), `progression, regression,
  instructions, stop_if, cautions, clinician_notes, contraindications, confidence, sources`.
  `KnowledgeBase.dose_templates` holds the templates by id.
- Technique: `id, name, also_called, description, stages, dose` (list of TechniqueDose:
  `parameter, applies_to` (all|standard|gentle), `range` (Range `min, max, unit`), `text,
  confidence, sources`),
  `practice_claims, sequence, contraindications` (Contraindication `id, text`), `cautions,
  evidence` (`grade, summary, sources`), `confidence, sources`.
- Instrument: `id, name, version, recall_period, items` (`id, label`: neutral short labels),
  `answer_scale, last_item_scale, scoring_rule, score_range, higher_is, min_answered,
  subscales, bands` (`id, label, upper`, lowest first), `mcid, codes, licence, notes, sources`.
- RedFlagRule: `id, condition, urgency, when` (condition tree), `action, safety_netting,
  note, sources`. Finding: `id, label, group`.
- Stage: `id, number, name, goals, entry_criteria, exit_criteria` (Criterion `id, text`),
  `note, sources`.
- `evaluate_rule(rule, facts) -> list[str] | None` and `TriageFacts` from `kb.evaluators`:
  the findings that made a red-flag rule match, via named evaluators (never `eval`).
- `URGENCY_ORDER` — urgency levels from lowest to highest; `BLOCKING_URGENCIES` — the levels at
  which no plan is made; `urgency_words(urgency)` — the words a page shows for one
  ("emergency, same day"), never the id.
"""

from myomap.clinical.kb.errors import KbError
from myomap.clinical.kb.evaluators import EVALUATORS, TriageFacts, evaluate_rule
from myomap.clinical.kb.knowledge import KnowledgeBase
from myomap.clinical.kb.loader import get_kb, load_kb
from myomap.clinical.kb.schema import (
    BLOCKING_URGENCIES,
    URGENCY_ORDER,
    URGENCY_WORDS,
    Exercise,
    Finding,
    Instrument,
    Muscle,
    RedFlagRule,
    RedFlags,
    Region,
    RegionGroup,
    Source,
    Stage,
    Technique,
    urgency_words,
)

__all__ = [
    "BLOCKING_URGENCIES",
    "EVALUATORS",
    "URGENCY_ORDER",
    "URGENCY_WORDS",
    "Exercise",
    "Finding",
    "Instrument",
    "KbError",
    "KnowledgeBase",
    "Muscle",
    "RedFlagRule",
    "RedFlags",
    "Region",
    "RegionGroup",
    "Source",
    "Stage",
    "Technique",
    "TriageFacts",
    "evaluate_rule",
    "get_kb",
    "load_kb",
    "urgency_words",
]
