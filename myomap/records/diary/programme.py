"""The home programme a client sees between visits: the same cards as the printed handout
(`myomap.handouts`), from the same episode state (exercises given and not stopped, else the
plan stage the next note is in). Loaded for one episode already bound to a verified client, so
it needs no clinician actor; every query is filtered by the episode's clinic as well.

Nothing is shown while the record says to stop: a referral plan, a red flag waiting for its
referral, a new red flag at the latest visit, or a worse neurological re-check."""

from __future__ import annotations

from dataclasses import dataclass

from myomap.handouts.programme import home_programme_build
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
from myomap.records.sessions.handouts import HandoutUnavailable, _programme_source, person_name
from myomap.today import clinic_today

STOPPED = (BLOCKED_RED_FLAG, BLOCKED_NEW_FLAG, BLOCKED_NEURO)
NO_PROGRAMME = "Your therapist has not set a home programme for you yet."
PAUSED = (
    "Your home programme is paused: please wait for your therapist to contact you before "
    "doing your exercises again."
)


@dataclass(frozen=True)
class ClientProgramme:
    episode: Episode
    programme: dict | None  # the handout view model, or None with `why_none`
    why_none: str = ""

    @property
    def exercises(self) -> list[dict]:
        """The cards, in order ([] when there is no programme)."""
        return list((self.programme or {}).get("exercises", {}).get("items", []))


def _load(episode: Episode):
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
    return plan, sessions, decisions, stops, assessment, neuro


def client_programme_build(episode: Episode) -> ClientProgramme:
    """The episode's current home programme as the client reads it. Not audited here: the
    portal selector that calls it is."""
    if episode.status not in RECORDING_STATUSES:
        return ClientProgramme(episode, None, NO_PROGRAMME)
    plan, sessions, decisions, stops, assessment, neuro = _load(episode)
    state = episode_state_build(
        episode=episode,
        plan=plan,
        sessions=sessions,
        decisions=decisions,
        latest_assessment=assessment,
        stops=stops,
        neuro_check=neuro,
    )
    if state.blocked_by in STOPPED or state.has_red_flag:
        return ClientProgramme(episode, None, PAUSED)
    if plan is None or plan.status != "ok":
        return ClientProgramme(episode, None, NO_PROGRAMME)
    try:
        stage_id, prescribed, _ = _programme_source(state, plan, episode)
    except HandoutUnavailable:
        return ClientProgramme(episode, None, NO_PROGRAMME)
    latest = sessions[-1] if sessions else None
    programme = home_programme_build(
        plan_output=plan.output,
        stage_id=stage_id,
        prescribed=prescribed,
        clinic_name=episode.clinic.name,
        client_name=episode.client.full_name,
        therapist_name=person_name(latest.created_by if latest else None),
        issued_on=clinic_today(),
    )
    return ClientProgramme(episode, programme)
