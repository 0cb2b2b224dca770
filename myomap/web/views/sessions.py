"""Session note pages: a new note prefilled from the plan stage in force, a draft edited and
signed by its author, a signed note read-only with its addenda, and the outstanding list.
Clinical only; the services validate, store and audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.records.episodes.state import EpisodeState, episode_state_get
from myomap.records.models import Episode, Plan, TreatmentSession
from myomap.records.provenance import imported_originals
from myomap.records.sessions.prefill import session_note_defaults
from myomap.records.sessions.selectors import session_get_for_user, sessions_unsigned_for_user
from myomap.records.sessions.services import (
    addendum_add,
    session_create,
    session_delete,
    session_sign,
    session_update,
)
from myomap.today import clinic_today
from myomap.web.forms.session_note import (
    note_form_build,
    note_from_post,
    note_from_session,
    note_post_check,
)
from myomap.web.http.access import clinical_view
from myomap.web.http.form_tokens import once_per_token
from myomap.web.views.safety import safety_panel_for_page


def _form_page(
    request: HttpRequest,
    *,
    episode: Episode,
    plan: Plan,
    note: dict,
    number: int,
    session: TreatmentSession | None = None,
    proposals: list[dict] | None = None,
    errors: dict | None = None,
    status: int = 200,
    state: EpisodeState | None = None,
) -> HttpResponse:
    context = {
        "state": state,
        "today": clinic_today(),
        "episode": episode,
        "client": episode.client,
        "plan": plan,
        "number": number,
        "session": session,
        "proposals": proposals or [],
        "form": note_form_build(
            note=note, plan_output=plan.output, document=plan.document, errors=errors
        ),
    }
    if session is not None:
        context["safety"] = safety_panel_for_page(request, session)
    return render(request, "sessions/note_form.html", context, status=status)


def _saved(request: HttpRequest, actor: Actor, session: TreatmentSession) -> HttpResponse:
    if request.POST.get("then") == "sign":
        session_sign(actor=actor, session_id=session.pk)
        messages.success(request, f"Session {session.number} saved and signed.")
    else:
        messages.success(request, f"Session {session.number} saved as a draft (not signed yet).")
    return redirect("session_detail", session_id=session.pk)


@clinical_view
@once_per_token
def session_new(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    if request.method != "POST":
        return _new_note_page(request, actor, episode_id)
    # The save path goes straight to the service, which fetches, checks and audits the episode;
    # progress is worked out only when the refused form must be shown again.
    note = note_from_post(request.POST)
    try:
        note_post_check(request.POST)
        session = session_create(actor=actor, episode_id=episode_id, note=note)
    except ValidationFailed as exc:
        return _new_note_page(request, actor, episode_id, note=note, errors=exc.errors)
    return _saved(request, actor, session)


def _new_note_page(
    request: HttpRequest,
    actor: Actor,
    episode_id,
    *,
    note: dict | None = None,
    errors: dict | None = None,
) -> HttpResponse:
    state = episode_state_get(actor=actor, episode_id=episode_id)
    if not state.may_record:
        messages.error(request, state.why_not)
        return redirect("episode_detail", episode_id=state.episode.pk)
    plan = state.plan
    assert plan is not None
    if note is None:
        note = session_note_defaults(
            plan=plan,
            stage_id=state.stage,
            previous=state.latest,
            today=state.today,
            programme=state.programme,
        )
    return _form_page(
        request,
        episode=state.episode,
        plan=plan,
        number=state.next_number,
        proposals=state.open_proposals,
        note=note,
        errors=errors,
        status=400 if errors else 200,
        state=state,
    )


@clinical_view
def session_detail(request: HttpRequest, actor: Actor, session_id) -> HttpResponse:
    session = session_get_for_user(actor=actor, session_id=session_id)
    editable = not session.is_signed and session.created_by_id == actor.user.pk
    page: dict[str, Any] = {
        "episode": session.episode,
        "plan": session.plan,
        "number": session.number,
        "session": session,
    }
    if request.method == "POST" and editable:
        note = note_from_post(request.POST)
        try:
            note_post_check(request.POST)
            session = session_update(actor=actor, session_id=session.pk, note=note)
        except ValidationFailed as exc:
            return _form_page(request, note=note, errors=exc.errors, status=400, **page)
        return _saved(request, actor, session)
    if editable:
        return _form_page(request, note=note_from_session(session), **page)
    if request.method == "POST":
        messages.error(request, "This note cannot be edited: it is signed, or not yours.")
    context = {
        "session": session,
        "episode": session.episode,
        "client": session.episode.client,
        "safety": safety_panel_for_page(request, session),
        **_imported_authors(session),
    }
    return render(request, "sessions/note_detail.html", context)


def _imported_authors(session) -> dict[str, Any]:
    """A note or addendum that came in by import names who wrote it at the clinic it came from,
    and says it was imported, rather than showing the importer (or nobody) as its author."""
    addenda = list(session.addenda.all())
    kept = imported_originals(
        clinic=session.clinic_id, object_ids=[session.pk] + [a.pk for a in addenda]
    )
    for original in kept.values():
        if "at" not in original:
            continue  # the note's own provenance
        try:
            original["at"] = datetime.fromisoformat(original.get("at") or "")
        except ValueError:
            original["at"] = None
    return {
        "imported_note": kept.get(str(session.pk)),
        "addenda": [{"addendum": a, "imported": kept.get(str(a.pk))} for a in addenda],
    }


@clinical_view
def session_sign_view(request: HttpRequest, actor: Actor, session_id) -> HttpResponse:
    if request.method == "POST":
        try:
            session_sign(actor=actor, session_id=session_id)
        except ValidationFailed as exc:
            messages.error(request, next(iter(exc.errors.values()))[0])
        else:
            messages.success(request, "Note signed. It is now locked; corrections are addenda.")
    return redirect("session_detail", session_id=session_id)


@clinical_view
def session_delete_view(request: HttpRequest, actor: Actor, session_id) -> HttpResponse:
    if request.method != "POST":
        return redirect("session_detail", session_id=session_id)
    session = session_get_for_user(actor=actor, session_id=session_id, audit=False)
    try:
        session_delete(actor=actor, session_id=session_id)
    except ValidationFailed as exc:
        messages.error(request, next(iter(exc.errors.values()))[0])
        return redirect("session_detail", session_id=session_id)
    messages.success(request, f"Draft note for session {session.number} deleted.")
    return redirect("episode_detail", episode_id=session.episode_id)


@clinical_view
@once_per_token
def addendum_add_view(request: HttpRequest, actor: Actor, session_id) -> HttpResponse:
    if request.method == "POST":
        try:
            addendum_add(actor=actor, session_id=session_id, text=request.POST.get("text", ""))
        except ValidationFailed as exc:
            messages.error(request, f"No addendum added: {next(iter(exc.errors.values()))[0]}")
        else:
            messages.success(request, "Addendum added.")
    return redirect("session_detail", session_id=session_id)


@clinical_view
def session_outstanding(request: HttpRequest, actor: Actor) -> HttpResponse:
    context = {"sessions": sessions_unsigned_for_user(actor=actor)}
    return render(request, "sessions/outstanding.html", context)
