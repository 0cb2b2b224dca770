"""Handouts of an episode: the client's home programme and the letter to the GP.

These selectors gather the records through the scoped selectors, call the pure builders in
`myomap.handouts`, and audit the read once more as what it is: READ for a page, EXPORT for a
PDF (object types `home_programme` and `discharge_summary`, keyed by the episode). Each
`Handout` names its template, so every edge renders a PDF the same way (`handout_pdf_of`).

- Home programme: the exercises given in the notes and not stopped since, each with the last
  dose written (the episode state's programme), else the plan stage the next note is in.
  Drafts count: the sheet is printed during the visit, before the note is signed.
- Letter: signed notes only, because it leaves the clinic. Pain (NPRS) is the progress review's
  baseline against the latest signed session, as the engine judges it; ODI, RMDQ and PSFS are
  first against last assessment. Before discharge (episode active or referred) it is an
  interim progress report.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.utils.text import slugify

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction
from myomap.charts import nprs_chart
from myomap.clinical.kb import get_kb
from myomap.errors import NotFound
from myomap.handouts.discharge import discharge_summary_build
from myomap.handouts.programme import home_programme_build
from myomap.handouts.render import DISCHARGE_SUMMARY_TEMPLATE, HOME_PROGRAMME_TEMPLATE, handout_pdf
from myomap.records.assessments.selectors import assessment_list_for_episode
from myomap.records.episodes.state import EpisodeState, episode_state_get
from myomap.records.models import Assessment, Episode, EpisodeStatus, Plan, TreatmentSession
from myomap.records.sessions.outcomes import measure_first_last
from myomap.records.sessions.progress import EpisodeProgress, episode_progress_build
from myomap.today import clinic_today

FINISHED = (EpisodeStatus.DISCHARGED, EpisodeStatus.MAINTENANCE)


class HandoutUnavailable(NotFound):
    """The episode exists and may be read, but has nothing yet to print (no plan, a referral
    plan, no signed note). Carries the episode so the page can link back to it."""

    def __init__(self, message: str, *, episode: Episode) -> None:
        super().__init__(message)
        self.episode = episode


@dataclass(frozen=True)
class Handout:
    episode: Episode
    context: dict  # what the handout template renders
    filename: str  # for the PDF: kind, family name and date only
    template: str  # the print template, for the page and the PDF
    drafts_left_out: int = 0


def handout_pdf_of(handout: Handout) -> bytes:
    """The handout as PDF bytes: the one way every edge (page, API, data export) renders it."""
    return handout_pdf(handout.template, handout.context)


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def pdf_filename(kind: str, episode: Episode, on: date) -> str:
    """'home-programme-okafor-2026-11-21.pdf': nothing beyond the family name and the date."""
    family = slugify(episode.client.family_name) or "client"
    return f"{kind}-{family}-{on.isoformat()}.pdf"


def _audit(actor: Actor, object_type: str, episode: Episode, *, export: bool, detail: dict):
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT if export else AuditAction.READ,
        object_type=object_type,
        object_id=str(episode.pk),
        detail={"format": "pdf" if export else "html", **detail},
    )


def _usable_plan(progress: EpisodeProgress, episode: Episode, wanted: str) -> Plan:
    plan = progress.plan
    if plan is None:
        raise HandoutUnavailable(
            f"There is no {wanted} yet: this episode has no treatment plan. Complete the "
            "assessment and generate its plan first.",
            episode=episode,
        )
    if plan.status != "ok":
        raise HandoutUnavailable(
            f"There is no {wanted}: the plan in force is a referral for medical assessment, "
            "not a treatment plan.",
            episode=episode,
        )
    return plan


# ---------------------------------------------------------------- home programme


def _sides(plan: Plan) -> dict[str, list[str]]:
    """The sides the plan's stages give each exercise (a card per exercise names them)."""
    sides: dict[str, list[str]] = {}
    for stage in plan.output.get("stages") or []:
        for planned in stage.get("exercises", []):
            found = sides.setdefault(planned["exercise"], [])
            side = planned.get("side") or ""
            if side not in found:
                found.append(side)
    return sides


def _programme_rows(state: EpisodeState, plan: Plan) -> list[dict]:
    """The episode's home programme (given and not stopped, last dose) as handout rows."""
    sides = _sides(plan)
    return [
        {"exercise": item.exercise, "dose": item.dose, "sides": sides.get(item.exercise, [])}
        for item in state.programme
    ]


def _programme_source(
    state: EpisodeState, plan: Plan, episode: Episode
) -> tuple[str | None, list[dict] | None, dict]:
    """(stage id, prescribed rows or None, audit detail): the exercises given and not stopped;
    before any was given, the stage the next note is in."""
    if state.programme:
        rows = _programme_rows(state, plan)
        return state.stage, rows, {"from_sessions": True, "exercises": len(rows)}
    if state.stage is None:
        raise HandoutUnavailable(
            "There is no home programme yet: the plan has no treatment stage.", episode=episode
        )
    return state.stage, None, {"from_stage": state.stage}


def home_programme_for_user(
    *, actor: Actor, episode_id: uuid.UUID | str, export: bool = False, today: date | None = None
) -> Handout:
    """The home programme of an episode, audited as `home_programme` READ (page) or EXPORT."""
    state = episode_state_get(actor=actor, episode_id=episode_id)
    episode, progress = state.episode, state.progress
    plan = _usable_plan(progress, episode, "home programme")
    stage_id, prescribed, detail = _programme_source(state, plan, episode)
    issued_on = today or clinic_today()
    latest = progress.latest
    programme = home_programme_build(
        plan_output=plan.output,
        stage_id=stage_id,
        prescribed=prescribed,
        clinic_name=actor.clinic.name,
        client_name=episode.client.full_name,
        therapist_name=person_name(latest.created_by if latest else None)
        or person_name(actor.user),
        issued_on=issued_on,
    )
    _audit(actor, "home_programme", episode, export=export, detail=detail)
    return Handout(
        episode=episode,
        context={
            "programme": programme,
            "letterhead_lines": [x for x in actor.clinic.letterhead.splitlines() if x.strip()],
        },
        filename=pdf_filename("home-programme", episode, issued_on),
        template=HOME_PROGRAMME_TEMPLATE,
    )


# ---------------------------------------------------------------- letter to the GP


def _signed_review(progress: EpisodeProgress, episode: Episode) -> EpisodeProgress:
    """The progress review over signed notes only (the same review when nothing is a draft)."""
    signed = [s for s in progress.sessions if s.is_signed]
    if not signed:
        raise HandoutUnavailable(
            "There is no letter to write yet: this episode has no signed session note.",
            episode=episode,
        )
    if len(signed) == len(progress.sessions):
        return progress
    return episode_progress_build(
        plan=progress.plan, sessions=signed, decisions=progress.decisions, status=episode.status
    )


def _nprs_baseline_reading(
    plan: Plan, assessments: list[Assessment], first: TreatmentSession
) -> dict:
    """Where the review's baseline comes from: the plan's assessment, or session 1."""
    if (plan.output.get("baseline") or {}).get("nprs") is None:
        return {"on": first.seen_on, "label": f"session {first.number}"}
    source = next((a for a in assessments if a.pk == plan.assessment_id), None)
    if source is None:
        return {"on": None, "label": "assessment"}
    kind = source.label[0].lower() + source.label[1:]
    return {"on": source.assessed_on, "label": kind}


def _letter_measures(
    review: EpisodeProgress, plan: Plan, assessments: list[Assessment]
) -> list[dict]:
    rows = [
        {**row, "first": _unlabelled(row["first"]), "last": _unlabelled(row["last"])}
        for row in measure_first_last(assessments)
    ]
    nprs = (review.result or {}).get("nprs")
    if not nprs:
        return rows
    latest = review.sessions[-1]
    first = {
        "value": nprs["baseline"],
        **_nprs_baseline_reading(plan, assessments, review.sessions[0]),
    }
    last = {"value": nprs["latest"], "on": latest.seen_on, "label": f"session {latest.number}"}
    return [row for row in rows if row["measure"] != "nprs"] + [
        {"measure": "nprs", "first": first, "last": last}
    ]


def _unlabelled(reading: dict | None) -> dict | None:
    """Assessment labels repeat the date ('Initial · 21 Nov'); the letter prints the date."""
    return None if reading is None else {**reading, "label": ""}


def _complaint(text: str) -> str:
    """The complaint as the letter's sentence uses it ('… for right-sided ache (onset …)'): a
    capitalised first word lowered ('SI joint pain' stays), no closing full stop."""
    text = text.strip().rstrip(".;,").strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _discharge_facts(episode: Episode) -> dict | None:
    if episode.discharged_on is None and not episode.discharge_reason:
        return None
    to = "Discharged to maintenance" if episode.status == EpisodeStatus.MAINTENANCE else ""
    return {"on": episode.discharged_on, "reason": episode.discharge_reason, "to": to}


def discharge_summary_for_user(
    *, actor: Actor, episode_id: uuid.UUID | str, export: bool = False, today: date | None = None
) -> Handout:
    """The letter to the GP from signed notes, audited as `discharge_summary` READ or EXPORT."""
    state = episode_state_get(actor=actor, episode_id=episode_id)
    episode, progress = state.episode, state.progress
    plan = _usable_plan(progress, episode, "letter")
    review = _signed_review(progress, episode)
    assessments = assessment_list_for_episode(actor=actor, episode=episode)
    stage_labels = get_kb().stage_names
    written_on = today or clinic_today()
    client, interim = episode.client, episode.status not in FINISHED
    summary = discharge_summary_build(
        clinic_name=actor.clinic.name,
        therapist_name=person_name(actor.user),
        client={"name": client.full_name, "date_of_birth": client.date_of_birth, "age": client.age},
        episode={
            "onset_date": episode.onset_date,
            "complaint": _complaint(episode.complaint),
            "status": episode.get_status_display(),
        },
        measures=_letter_measures(review, plan, assessments),
        progress=review.result,
        stage_labels=stage_labels,
        sessions_count=len(review.sessions),
        first_session_on=review.sessions[0].seen_on,
        last_session_on=review.sessions[-1].seen_on,
        plan_output=plan.output,
        written_on=written_on,
        interim=interim,
        recipient={"name": client.gp_name, "practice": client.gp_practice},
        signatory={
            "profession": actor.membership.profession,
            "registration_number": actor.membership.registration_number,
        },
        letterhead=actor.clinic.letterhead,
        programme=_programme_rows(state, plan),
        discharge=_discharge_facts(episode),
    )
    drafts = len(progress.sessions) - len(review.sessions)
    _audit(
        actor,
        "discharge_summary",
        episode,
        export=export,
        detail={"sessions": len(review.sessions), "interim": interim},
    )
    chart = nprs_chart(
        review.sessions,
        baseline=(plan.output.get("baseline") or {}).get("nprs"),
        stage_labels=stage_labels,
        chart_id="letter-nprs-chart",
        signed_only=True,
    )
    return Handout(
        episode=episode,
        context={"summary": summary, "chart_svg": chart["svg"], "chart_caption": chart["caption"]},
        filename=pdf_filename(
            "progress-report" if interim else "discharge-summary", episode, written_on
        ),
        template=DISCHARGE_SUMMARY_TEMPLATE,
        drafts_left_out=drafts,
    )


# The handouts by the name the API and the data export use.
HANDOUTS = {
    "home-programme": home_programme_for_user,
    "discharge-summary": discharge_summary_for_user,
}


def handout_pdfs_for_user(*, actor: Actor, episode_ids: list[str]) -> dict[str, bytes]:
    """'letters/<file name>' → PDF, for every handout the episodes have (audited as EXPORT)."""
    pdfs = {}
    for episode_id in episode_ids:
        for select in HANDOUTS.values():
            try:
                handout = select(actor=actor, episode_id=episode_id, export=True)
            except HandoutUnavailable:
                continue
            pdfs[f"letters/{handout.filename}"] = handout_pdf_of(handout)
    return pdfs
