"""Choosing one exercise for one purpose (strengthen or lengthen a muscle, in a stage), by a
deterministic score. The weights and their reasons are in docs/exercise-selection.md; change
them there and here together.

score = 3 × muscle fit + 4 × function fit + 2 × load fit + 1 × evidence + 3 × older-adult fit
        + 3 × progression fit

- muscle fit: 3 when the muscle is among the exercise's `primary` muscles (or, for a stretch,
  listed first), 2 when it is only among the muscles it strengthens or lengthens;
- function fit: 1 when the exercise rehearses a difficulty the client reported or a demand of
  their work or sport (`transfers_to` against `PlanContext.demands`);
- load fit: 2 when the exercise's `load_level` is the stage's target for this client, 1 when
  it is one level away, 0 otherwise (the target is lowered by one for an older adult, a
  severe presentation or high STarT Back risk, and in stage 3 for an acute episode);
- evidence: the entry's confidence, high 2, medium 1, low 0;
- older-adult fit: 1 for an `older_adult_option` when the client is an older adult;
- progression fit: 1 when the exercise is the harder variant (`progression`) of the one the
  previous stage used for the same muscle.

Ruled out before scoring: exercises the planner does not select by itself (`planner_selects`),
exercises not listed for the stage, exercises whose `not_for` matches the client, the
exercises stage 3 already uses (stage 4 never repeats the last stage's drill), and anything
lighter than the stage-3 exercise for the same muscle (a later stage never regresses). The
previous exercise's own progressions are always candidates, even where the KB does not list
the muscle for them (the KB's progression is the same target, harder). Exercises that load a
muscle in spasm, or whose prerequisites cannot be placed in an earlier stage, are scored but
not chosen; the caller lists the best of those in `blocked` when it outscored the choice.
Ties: higher score, then lower load level, then the exercise's position in exercises.yaml
(curated: the usual first choice first) — never the name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from myomap.clinical.kb import get_kb
from myomap.clinical.planning.context import PlanContext

WEIGHTS = {
    "muscle": 3,
    "function": 4,
    "load": 2,
    "evidence": 1,
    "older_adult": 3,
    "progression": 3,
}
EVIDENCE_POINTS = {"high": 2, "medium": 1, "low": 0}
# The load level each stage aims at (1 activation … 5 ballistic); see the module docstring.
STAGE_TARGET_LOAD = {
    "restore_flexibility": 1,
    "restore_biomechanics": 2,
    "build_strength": 3,
    "build_endurance": 3,
}


@dataclass
class Candidate:
    exercise: str
    score: int
    parts: dict[str, int]
    load_level: int
    position: int
    loads_spasm: set[str] = field(default_factory=set)
    missing_prerequisite: str | None = None

    @property
    def usable(self) -> bool:
        return not self.loads_spasm and self.missing_prerequisite is None

    def sort_key(self) -> tuple:
        return (-self.score, self.load_level, self.position)

    def as_dict(self) -> dict:
        return {"exercise": self.exercise, "score": self.score, "parts": dict(self.parts)}


def target_load(ctx: PlanContext, stage_id: str) -> int:
    """The stage's load level, one lower for an older adult, a severe presentation or high
    STarT Back risk; an acute episode lowers only stage 3 (it will usually have settled by the
    time stages 4 and 5 start, which need no muscle in spasm)."""
    target = STAGE_TARGET_LOAD.get(stage_id, 2)
    lasting = ctx.older_adult or ctx.severe or ctx.high_risk
    if lasting or (ctx.duration == "acute" and stage_id == "restore_biomechanics"):
        target -= 1
    return max(1, target)


def loaded_muscles(exercise_id: str) -> set[str]:
    """Every muscle the exercise loads: what it strengthens and what it works at a low level."""
    entry = get_kb().exercises[exercise_id]
    return set(entry.strengthens) | set(entry.also_loads)


def _position(exercise_id: str) -> int:
    return list(get_kb().exercises).index(exercise_id)


def _muscle_fit(entry, muscle: str, role: str) -> int:
    listed = entry.strengthens if role == "strengthens" else entry.lengthens
    if muscle not in listed:
        return 0
    if muscle in entry.primary or (role == "lengthens" and listed[0] == muscle):
        return 3
    return 2


def score(
    ctx: PlanContext,
    exercise_id: str,
    *,
    muscle: str | None,
    role: str,
    stage_id: str,
    progression_of: str | None = None,
) -> Candidate:
    entry = get_kb().exercises[exercise_id]
    load_gap = abs(entry.load_level - target_load(ctx, stage_id))
    parts = {
        "muscle": _muscle_fit(entry, muscle, role) if muscle else 0,
        "function": 1 if set(entry.transfers_to) & ctx.demands else 0,
        "load": 2 if load_gap == 0 else 1 if load_gap == 1 else 0,
        "evidence": EVIDENCE_POINTS[entry.confidence],
        "older_adult": 1 if ctx.older_adult and entry.older_adult_option else 0,
        "progression": 1
        if progression_of and exercise_id in get_kb().exercises[progression_of].progression
        else 0,
    }
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    return Candidate(
        exercise=exercise_id,
        score=total,
        parts={name: WEIGHTS[name] * value for name, value in parts.items() if value},
        load_level=entry.load_level,
        position=_position(exercise_id),
        loads_spasm=loaded_muscles(exercise_id) & ctx.spasm_muscles,
    )


def eligible(ctx: PlanContext, exercise_id: str, stage_id: str) -> bool:
    entry = get_kb().exercises[exercise_id]
    return (
        entry.planner_selects
        and stage_id in entry.stages
        and not set(entry.not_for) & ctx.client_states
    )


def rank(
    ctx: PlanContext,
    options: list[str] | tuple[str, ...],
    *,
    muscle: str | None,
    role: str,
    stage_id: str,
    exclude: set[str] = frozenset(),  # type: ignore[assignment]
    progression_of: str | None = None,
    min_load: int = 1,
) -> list[Candidate]:
    """Scored candidates, best first (usable or not; the caller decides). `min_load` keeps a
    later stage from regressing below the load of the previous stage's exercise."""
    kb = get_kb()
    found = [
        score(ctx, ex, muscle=muscle, role=role, stage_id=stage_id, progression_of=progression_of)
        for ex in dict.fromkeys(options)
        if ex not in exclude
        and eligible(ctx, ex, stage_id)
        and kb.exercises[ex].load_level >= min_load
    ]
    return sorted(found, key=Candidate.sort_key)
