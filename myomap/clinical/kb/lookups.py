"""Read-only lookups in the knowledge base for the planner, the reasoning summary and the
handouts: doses written out with their source keys, exercises looked up by the muscle they load
or lengthen, stage definitions.

The planner never states a dose of its own; everything dosed comes through here from the KB.
"""

from __future__ import annotations

from functools import lru_cache

# kb_version is the engine-wide helper; the plan's `kb_version` field reads it from here.
from myomap.clinical.explain import kb_version
from myomap.clinical.kb import get_kb

# Where the plan needs a citation for a plan rule that comes from the method's pages or the
# guidelines, these are the KB source keys tried in order; the first one the KB knows is used.
RULE_SOURCES: dict[str, tuple[str, ...]] = {
    "order": ("SEED-004",),
    "causal_chain": ("SEED-001",),
    "five_elements": ("SEED-002",),
    "aftercare": ("SEED-002",),
    "expected_course": ("SEED-002",),
    "natural_history": ("MENEZES-COSTA-2012", "LANCET-2018"),
    "lld": ("KNUTSON2005B", "TS2"),
    "pelvic_reliability": ("RIDDLE2002", "COOPERSTEIN2016"),
    "start_back": ("KEELE-SCORE",),
    "mcid": ("OSTELO-2008",),
    "acute_friction": ("CFF_CLINIC", "CYRIAX_WEB"),
    "guideline_package": ("NG59",),
    "occupation": ("SEED-000",),
    "exercise_from_findings": ("SEED-004",),
    "active_care": ("NG59", "DAHM-2010"),
    "matched_care": ("HILL-2011", "NG59"),
    "return_to_work": ("NG146", "NG59"),
    "friction_indication": ("CYRIAX-SECONDARY", "LOEW-2014"),
    "hinge": ("McGILL-MARSHALL-2012", "HINGE-PROGRESSION"),
    "selection": ("EKSTROM-2007", "GARBER-2011"),
}


def source_key(topic: str) -> str:
    """The first KB source key for a topic; falls back to the first candidate so the citation
    is still traceable to `clinical/` if the KB spells it differently."""
    candidates = RULE_SOURCES[topic]
    known = _source_keys()
    return next((key for key in candidates if key in known), candidates[0])


@lru_cache(maxsize=4)
def _source_keys_for(version: str) -> frozenset[str]:
    sources = get_kb().sources
    if isinstance(sources, dict):
        return frozenset(sources)
    return frozenset(source.key for source in sources)


def _source_keys() -> frozenset[str]:
    return _source_keys_for(str(get_kb().version))


def referral_regions(muscle_id: str, side: str) -> set[str]:
    """Body-chart region ids a trigger point in the muscle on `side` refers to."""
    kb = get_kb()
    regions: set[str] = set()
    for one_side in ("left", "right") if side == "bilateral" else (side,):
        essential, spillover = kb.muscle_zones(muscle_id, one_side)
        regions.update(essential, spillover)
    return regions


def technique(technique_id: str):
    return get_kb().techniques.get(technique_id)


def exercise(exercise_id: str):
    return get_kb().exercises.get(exercise_id)


PARAMETER_LABELS = {"discomfort_0_10": "discomfort (0-10)"}


def technique_dose(technique_id: str, profile: str = "standard") -> tuple[str, str]:
    """(dose text, source keys) for a technique; the KB's dose lines for `profile` ("standard"
    or "gentle", plus the lines that apply to both) joined in order."""
    entry = technique(technique_id)
    if entry is None:
        return "set by the clinician; the knowledge base gives no dose", ""
    lines = [line for line in entry.dose if line.applies_to in ("all", profile)]
    if not lines:
        # No source fixes a number for this technique: say so, cited to where it is described.
        return "set by the clinician to tolerance (no source fixes a dose)", entry.sources[0]
    parts: list[str] = []
    sources: list[str] = []
    for line in lines:
        value = str(line.range) if line.range is not None else line.text
        label = PARAMETER_LABELS.get(line.parameter, line.parameter.replace("_", " "))
        parts.append(f"{label}: {value} ({line.confidence} confidence)")
        sources.extend(key for key in line.sources if key not in sources)
    return "; ".join(parts), ", ".join(sources)


def technique_has_profile(technique_id: str, profile: str) -> bool:
    entry = technique(technique_id)
    return entry is not None and any(line.applies_to == profile for line in entry.dose)


def dose_template(template_id: str):
    """A dose template of exercises.yaml (None if unknown)."""
    return get_kb().dose_templates.get(template_id)


def exercise_dose_entry(exercise_id: str, use: str | None = None):
    """The exercise's own dose, or (with `use`) the named template with the exercise's own
    notes kept, e.g. the endurance dose of a stage-4 exercise carried into stage 5."""
    entry = exercise(exercise_id)
    if use is None or use == entry.dose.use:
        return entry.dose
    template = dose_template(use)
    if template is None:
        return entry.dose
    return template.model_copy(update={"note": entry.dose.note or template.note, "use": use})


def dose_text(dose) -> str:
    """'1 set of 10-15 repetitions; light to moderate effort; 2-3 days a week (high
    confidence)': the numbers first, then how hard, how often and the confidence."""
    parts: list[str] = []
    amount = []
    if dose.sets is not None:
        amount.append(str(dose.sets))
    if dose.repetitions is not None:
        amount.append(str(dose.repetitions))
    if amount:
        parts.append(" of ".join(amount))
    if dose.hold is not None:
        parts.append(f"hold {dose.hold}")
    if dose.duration is not None:
        parts.append(str(dose.duration))
    for text in (dose.scheme, dose.effort, dose.frequency):
        if text:
            parts.append(text)
    if dose.note:
        parts.append(dose.note)
    text = "; ".join(parts) or "set by the clinician"
    if dose.confidence:
        text += f" ({dose.confidence} confidence)"
    return text


def exercise_dose(exercise_id: str, use: str | None = None) -> tuple[str, str]:
    entry = exercise(exercise_id)
    dose = exercise_dose_entry(exercise_id, use)
    sources = dose.sources or entry.sources
    return dose_text(dose), ", ".join(sources)


def technique_evidence(technique_id: str) -> str | None:
    entry = technique(technique_id)
    if entry is None:
        return None
    return f"{entry.evidence.grade.replace('_', ' ')}: {entry.evidence.summary}"


def technique_allowed_in(technique_id: str, stage_id: str) -> bool:
    entry = technique(technique_id)
    return entry is not None and stage_id in entry.stages


@lru_cache(maxsize=4)
def _exercises_by_role(version: str) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """(role, muscle, stage) → exercise ids in file order; `selection` scores them."""
    index: dict[tuple[str, str, str], list[str]] = {}
    for exercise_id, entry in get_kb().exercises.items():
        for role, muscles in (("strengthens", entry.strengthens), ("lengthens", entry.lengthens)):
            for muscle in muscles:
                for stage in entry.stages:
                    index.setdefault((role, muscle, stage), []).append(exercise_id)
    return {key: tuple(ids) for key, ids in index.items()}


def exercises_for(role: str, muscle: str, stage: str) -> tuple[str, ...]:
    return _exercises_by_role(kb_version()).get((role, muscle, stage), ())


def stage_definition(stage_id: str):
    stages = get_kb().stages
    if isinstance(stages, dict):
        return stages.get(stage_id)
    return next((stage for stage in stages if stage.id == stage_id), None)
