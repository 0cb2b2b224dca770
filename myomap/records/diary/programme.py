"""The home programme a client sees between visits, from the same episode state as the printed
handout (exercises given and not stopped, else the plan stage the next note is in): which
exercises, with the rows the handout builder turns into cards at the edge. Loaded for one
episode already bound to a verified client, so it needs no clinician actor; every query is
filtered by the episode's clinic as well.

Nothing is shown while the record says to stop: a referral plan, a red flag waiting for its
referral, a new red flag at the latest visit, or a worse neurological re-check."""

from __future__ import annotations

from dataclasses import dataclass

from myomap.clinical.kb import get_kb
from myomap.records.episodes.state import (
    BLOCKED_NEURO,
    BLOCKED_NEW_FLAG,
    BLOCKED_RED_FLAG,
    RECORDING_STATUSES,
    episode_state_build,
)
from myomap.records.models import (
    Assessment,
    Episode,
    ExerciseStop,
    Plan,
    ProgressDecision,
    SessionSafetyCheck,
    TreatmentSession,
)

STOPPED = (BLOCKED_RED_FLAG, BLOCKED_NEW_FLAG, BLOCKED_NEURO)
NO_PROGRAMME = "Your therapist has not set a home programme for you yet."
PAUSED = (
    "Your home programme is paused: please wait for your therapist to contact you before "
    "doing your exercises again."
)


@dataclass(frozen=True)
class ClientProgramme:
    episode: Episode
    exercises: list[dict]  # [{"id", "name"}] in the handout's order; [] with `why_none`
    why_none: str = ""
    plan_output: dict | None = None
    stage_id: str | None = None
    prescribed: list[dict] | None = None  # the handout's rows when exercises were given
    therapist: object = None  # who wrote the latest note

    @property
    def has_programme(self) -> bool:
        return self.plan_output is not None


def _sides(plan: Plan) -> dict[str, list[str]]:
    sides: dict[str, list[str]] = {}
    for stage in plan.output.get("stages") or []:
        for planned in stage.get("exercises", []):
            found = sides.setdefault(planned["exercise"], [])
            if (planned.get("side") or "") not in found:
                found.append(planned.get("side") or "")
    return sides


def _stage_exercise_ids(plan: Plan, stage_id: str) -> list[str]:
    stage: dict = next((s for s in plan.output.get("stages") or [] if s.get("id") == stage_id), {})
    return list(dict.fromkeys(p["exercise"] for p in stage.get("exercises", [])))


def _load(episode: Episode) -> dict:
    """What the episode's state is built from (`episode_state_build`'s arguments)."""
    clinic = episode.clinic_id
    plan = (
        Plan.objects.filter(clinic_id=clinic, episode=episode)
        .order_by("-assessment__number", "-version")
        .first()
    )
    sessions = list(
        TreatmentSession.objects.filter(clinic_id=clinic, episode=episode)
        .select_related("created_by")
        .order_by("number")
    )
    decisions = list(ProgressDecision.objects.filter(clinic_id=clinic, episode=episode))
    stops = list(ExerciseStop.objects.filter(clinic_id=clinic, episode=episode))
    assessment = (
        Assessment.objects.filter(clinic_id=clinic, episode=episode)
        .prefetch_related("red_flag_actions")
        .order_by("-number")
        .first()
    )
    neuro = (
        SessionSafetyCheck.objects.filter(
            clinic_id=clinic, session__episode=episode, escalation__isnull=False
        )
        .select_related("session")
        .order_by("-session__number")
        .first()
    )
    return {
        "plan": plan,
        "sessions": sessions,
        "decisions": decisions,
        "stops": stops,
        "latest_assessment": assessment,
        "neuro_check": neuro,
    }


def client_programme_build(episode: Episode) -> ClientProgramme:
    """The episode's current home programme as the client reads it. Not audited here: the
    portal selector that calls it is."""
    if episode.status not in RECORDING_STATUSES:
        return ClientProgramme(episode, [], NO_PROGRAMME)
    loaded = _load(episode)
    plan, sessions = loaded["plan"], loaded["sessions"]
    state = episode_state_build(episode=episode, **loaded)
    if state.blocked_by in STOPPED or state.has_red_flag:
        return ClientProgramme(episode, [], PAUSED)
    if plan is None or plan.status != "ok" or state.stage is None and not state.programme:
        return ClientProgramme(episode, [], NO_PROGRAMME)
    names = get_kb().exercises
    prescribed = None
    if state.programme:
        sides = _sides(plan)
        prescribed = [
            {"exercise": i.exercise, "dose": i.dose, "sides": sides.get(i.exercise, [])}
            for i in state.programme
        ]
        ids = [i.exercise for i in state.programme]
    else:
        ids = _stage_exercise_ids(plan, state.stage or "")
    exercises = [{"id": i, "name": names[i].name if i in names else i} for i in ids]
    latest = sessions[-1] if sessions else None
    return ClientProgramme(
        episode,
        exercises,
        plan_output=plan.output,
        stage_id=state.stage,
        prescribed=prescribed,
        therapist=latest.created_by if latest else None,
    )
