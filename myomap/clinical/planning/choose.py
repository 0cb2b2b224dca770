"""Place the best-scoring exercise for one purpose in a stage (scores: `selection`)."""

from __future__ import annotations

from collections.abc import Callable

from myomap.clinical.kb import lookups
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import Blocked, ExerciseItem, PlanDraft, Stage
from myomap.clinical.planning.make import (
    add_exercise,
    block_for_spasm,
    missing_prerequisite,
    place_prerequisites,
    stage_index,
)
from myomap.clinical.planning.selection import Candidate, rank


def _selection(chosen: Candidate, others: list[Candidate]) -> dict:
    return {
        "score": chosen.score,
        "parts": dict(chosen.parts),
        "passed_over": [c.as_dict() for c in others if c is not chosen][:3],
        "how": "docs/exercise-selection.md",
    }


def _block_unusable(ctx: PlanContext, draft: PlanDraft, best: Candidate, missing: str | None):
    if best.loads_spasm:
        block_for_spasm(ctx, draft, best.exercise, best.loads_spasm)
    elif missing:
        draft.block(
            Blocked(
                best.exercise,
                f"Not prescribed: it needs {missing.replace('_', ' ')} in an earlier stage, "
                "which this client cannot do yet.",
                "plan.prerequisite_first",
                lookups.source_key("hinge"),
            )
        )


def choose_and_place(
    ctx: PlanContext,
    draft: PlanDraft,
    stage: Stage,
    *,
    options: list[str] | tuple[str, ...],
    muscle: str | None,
    side: str | None,
    role: str,
    rule: str,
    reason: Callable[[str], str],
    exclude: set[str] | None = None,
    progression_of: str | None = None,
    use: str | None = None,
    min_load: int = 1,
) -> ExerciseItem | None:
    """The best usable candidate goes in the stage (its prerequisites in earlier stages). When
    the best-scoring one was unusable (loads a muscle in spasm, or a prerequisite cannot come
    first) it is listed in `blocked` with why."""
    ranked = rank(
        ctx,
        options,
        muscle=muscle,
        role=role,
        stage_id=stage.id,
        exclude=exclude or set(),
        progression_of=progression_of,
        min_load=min_load,
    )
    if not ranked:
        return None
    index = stage_index(stage.id)
    best = ranked[0]
    for candidate in ranked:
        missing = (
            None
            if candidate.loads_spasm
            else missing_prerequisite(ctx, draft, candidate.exercise, index)
        )
        if candidate.loads_spasm or missing:
            if candidate is best:
                _block_unusable(ctx, draft, best, missing)
            continue
        place_prerequisites(ctx, draft, candidate.exercise, index)
        return add_exercise(
            stage,
            candidate.exercise,
            rule=rule,
            reason=reason(candidate.exercise),
            muscle=muscle,
            side=side,
            use=use,
            selection=_selection(candidate, ranked),
        )
    return None
