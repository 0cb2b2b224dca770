"""Session notes (create, edit a draft, sign, addenda), progress with the clinician's decisions,
and the handout PDFs: the same services as the note, progress and handout pages."""

from __future__ import annotations

import uuid
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from myomap.api.edge import ERRORS, actor_of, page_after
from myomap.api.routes.records import PageQuery, _limit
from myomap.api.schemas import (
    AddendumIn,
    AddendumOut,
    DecisionIn,
    DecisionOut,
    ProgressOut,
    SessionNoteIn,
    SessionOut,
    SessionPage,
)
from myomap.handouts.selectors import HANDOUTS, handout_pdf_of
from myomap.records.episodes import episode_get_for_user
from myomap.records.models import Addendum, ProgressDecision, TreatmentSession
from myomap.records.provenance import (
    imported_decision_originals,
    imported_maker_words,
    imported_originals,
)
from myomap.records.sessions.progress import episode_progress_for_user, progress_decide
from myomap.records.sessions.selectors import session_get_for_user, session_list_for_episode
from myomap.records.sessions.services import (
    addendum_add,
    session_create,
    session_sign,
    session_update,
)

router = Router(tags=["sessions and progress"])


class SessionFilter(PageQuery):
    """Paging of an episode's notes, optionally only signed (true) or only drafts (false)."""

    signed: bool | None = None


def _name(user) -> str:
    return user.get_username() if user is not None else ""


def _number(value) -> float | None:
    return None if value is None else float(value)


def _addendum(addendum: Addendum, kept: dict | None = None) -> dict:
    # An imported addendum's row holds the importer's account; its author is in the provenance.
    return {
        "id": addendum.pk,
        "text": addendum.text,
        "author": imported_maker_words(kept, "author") if kept else _name(addendum.author),
        "created_at": addendum.created_at,
    }


def _imported_of(sessions: list[TreatmentSession]) -> dict[str, dict]:
    """Who wrote and signed the notes (and wrote the addenda) among `sessions` that came in by
    import, as the note page names them: one query for the lot."""
    if not sessions:
        return {}
    ids = [s.pk for s in sessions] + [a.pk for s in sessions for a in s.addenda.all()]
    return imported_originals(clinic=sessions[0].clinic_id, object_ids=ids)


def _session(session: TreatmentSession, imported: dict[str, dict] | None = None) -> dict:
    """The note as the API returns it. `imported`: `_imported_of` for a page of notes; for one
    note it is looked up here. An imported note was written and signed at the clinic it came
    from: its `created_by` and `signed_by` name those people, "(imported by …)" as the page
    says, where the row itself has no author and no signer."""
    if imported is None:
        imported = _imported_of([session])
    kept = imported.get(str(session.pk))
    if kept is not None:
        created_by = imported_maker_words(kept, "author")
        signed_by = imported_maker_words(kept, "signed_by") if session.signed_at else None
    else:
        created_by = _name(session.created_by)
        signed_by = _name(session.signed_by) if session.signed_by_id else None
    fields = {
        name: getattr(session, name)
        for name in (
            "number", "seen_on", "stage", "nprs_before", "nprs_after", "discomfort",
            "red_flag_rescreen", "red_flag_note", "subjective", "objective", "assessment",
            "plan_next", "muscles_in_spasm", "trigger_points", "muscles_shortened",
            "muscles_weak", "pelvis_level", "criteria_met", "exercises", "aftercare",
            "created_at", "signed_at",
        )
    }  # fmt: skip
    return {
        **fields,
        "id": session.pk,
        "episode_id": session.episode_id,
        "plan_id": session.plan_id,
        "techniques": [
            {
                "technique": t.technique,
                "muscle": t.muscle,
                "side": t.side,
                "pressure_lb": _number(t.pressure_lb),
                "hold_seconds": _number(t.hold_seconds),
                "repetitions": t.repetitions,
                "minutes": _number(t.minutes),
                "outside_protocol_reason": t.outside_protocol_reason,
            }
            for t in session.techniques.all()
        ],
        "addenda": [_addendum(a, imported.get(str(a.pk))) for a in session.addenda.all()],
        "created_by": created_by,
        "signed_by": signed_by,
    }


def _reloaded(request: HttpRequest, session: TreatmentSession) -> dict:
    fresh = session_get_for_user(actor=actor_of(request), session_id=session.pk, audit=False)
    return _session(fresh)


@router.get(
    "/episodes/{episode_id}/sessions",
    response={200: SessionPage, **ERRORS},
    summary="An episode's session notes",
)
def sessions_list(request: HttpRequest, episode_id: uuid.UUID, paging: Query[SessionFilter]):
    actor = actor_of(request)
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    sessions = session_list_for_episode(actor=actor, episode=episode)
    if paging.signed is not None:
        sessions = [s for s in sessions if s.is_signed == paging.signed]
    items, next_cursor = page_after(
        sessions, paging.cursor, _limit(paging.limit), lambda s: [str(s.pk)]
    )
    rows = TreatmentSession.objects.filter(pk__in=[s.pk for s in items]).prefetch_related(
        "techniques", "addenda__author"
    )
    by_pk = {s.pk: s for s in rows.select_related("created_by", "signed_by")}
    imported = _imported_of(list(by_pk.values()))
    return {"items": [_session(by_pk[s.pk], imported) for s in items], "next_cursor": next_cursor}


@router.post(
    "/episodes/{episode_id}/sessions",
    response={201: SessionOut, **ERRORS},
    summary="Write a draft session note",
)
def sessions_create(request: HttpRequest, episode_id: uuid.UUID, payload: SessionNoteIn):
    session = session_create(
        actor=actor_of(request), episode_id=episode_id, note=payload.model_dump()
    )
    return Status(201, _reloaded(request, session))


@router.get(
    "/sessions/{session_id}", response={200: SessionOut, **ERRORS}, summary="A session note"
)
def sessions_get(request: HttpRequest, session_id: uuid.UUID):
    return _session(session_get_for_user(actor=actor_of(request), session_id=session_id))


@router.put(
    "/sessions/{session_id}",
    response={200: SessionOut, **ERRORS},
    summary="Edit a draft note (its author only)",
)
def sessions_update(request: HttpRequest, session_id: uuid.UUID, payload: SessionNoteIn):
    session = session_update(
        actor=actor_of(request), session_id=session_id, note=payload.model_dump()
    )
    return _reloaded(request, session)


@router.post(
    "/sessions/{session_id}/sign",
    response={200: SessionOut, **ERRORS},
    summary="Sign and lock a note (its author only)",
)
def sessions_sign(request: HttpRequest, session_id: uuid.UUID):
    return _reloaded(request, session_sign(actor=actor_of(request), session_id=session_id))


@router.post(
    "/sessions/{session_id}/addenda",
    response={201: AddendumOut, **ERRORS},
    summary="Add an addendum to a signed note",
)
def sessions_addendum(request: HttpRequest, session_id: uuid.UUID, payload: AddendumIn):
    addendum = addendum_add(actor=actor_of(request), session_id=session_id, text=payload.text)
    return Status(201, _addendum(addendum))


def _decision(decision: ProgressDecision, imported: dict[str, dict] | None = None) -> dict:
    # An imported decision's row holds the importer's account; who decided is in its
    # provenance (the same words as the progress page).
    kept = (imported or {}).get(str(decision.pk))
    return {
        "id": decision.pk,
        "kind": decision.kind,
        "at_session": decision.at_session,
        "proposal": decision.proposal,
        "decision": decision.decision,
        "reason": decision.reason,
        "decided_by": imported_maker_words(kept, "decided_by")
        if kept is not None
        else _name(decision.decided_by),
        "decided_at": decision.decided_at,
    }


@router.get(
    "/episodes/{episode_id}/progress",
    response={200: ProgressOut, **ERRORS},
    summary="Progress and open proposals",
)
def progress_get(request: HttpRequest, episode_id: uuid.UUID):
    actor = actor_of(request)
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    progress = episode_progress_for_user(actor=actor, episode=episode)
    imported = imported_decision_originals(clinic=episode.clinic_id, episode_id=episode.pk)
    return {
        "result": progress.result,
        "problem": progress.problem,
        "open_proposals": progress.open_proposals,
        "next_stage": progress.next_stage,
        "decisions": [_decision(d, imported) for d in progress.decisions],
    }


@router.post(
    "/episodes/{episode_id}/progress/decisions",
    response={201: DecisionOut, **ERRORS},
    summary="Accept or decline a proposal",
)
def progress_decision(request: HttpRequest, episode_id: uuid.UUID, payload: DecisionIn):
    made = progress_decide(actor=actor_of(request), episode_id=episode_id, **payload.model_dump())
    return Status(201, _decision(made))


PDF_RESPONSE = {
    "200": {
        "description": "The handout as a PDF.",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/episodes/{episode_id}/handouts/{kind}.pdf",
    response=ERRORS,  # the 200 (a file) is described in openapi_extra
    summary="A handout as PDF",
    openapi_extra={"responses": PDF_RESPONSE},
)
def handouts_pdf(
    request: HttpRequest,
    episode_id: uuid.UUID,
    kind: Literal["home-programme", "discharge-summary"],
):
    """The home programme or the letter to the GP, audited as an export (404 while there is
    nothing to print yet, with the reason)."""
    handout = HANDOUTS[kind](actor=actor_of(request), episode_id=episode_id, export=True)
    response = HttpResponse(handout_pdf_of(handout), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{handout.filename}"'
    return response
