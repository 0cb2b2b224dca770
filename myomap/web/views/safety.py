"""The visit's safety check on a draft note: health and medication re-screen, neurological
re-check. A small form of its own beside the note; the service validates and audits.

A refused check goes back to the note page (as a saved one does) with what was typed: the post
is kept in the person's session for the next drawing of the panel, like a flash message, so
nothing typed is lost and the panel shows each refusal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from myomap.accounts.actor import Actor
from myomap.clinical.kb import urgency_words
from myomap.errors import ValidationFailed
from myomap.records.sessions.safety import session_safety_check_save
from myomap.web.access import clinical_view

REFUSED = "safety_check_refused:{}"  # session key of a refused post, per treatment session


def refused_post_pop(request: HttpRequest | None, session_id) -> dict | None:
    """The refused post of this session's safety check, once (then it is gone)."""
    if request is None or not hasattr(request, "session"):
        return None
    return request.session.pop(REFUSED.format(session_id), None)


@clinical_view
def session_safety_check(request: HttpRequest, actor: Actor, session_id) -> HttpResponse:
    if request.method == "POST":
        data: dict[str, object] = {key: request.POST.get(key) for key in request.POST}
        data["precautions_added"] = request.POST.getlist("precautions_added")
        data["precautions_removed"] = request.POST.getlist("precautions_removed")
        try:
            check = session_safety_check_save(actor=actor, session_id=session_id, data=data)
        except ValidationFailed as exc:
            posted = {
                key: request.POST.getlist(key)
                for key in request.POST
                if key != "csrfmiddlewaretoken"
            }
            request.session[REFUSED.format(session_id)] = {"posted": posted, "errors": exc.errors}
            for field, problems in exc.errors.items():
                for problem in problems:
                    messages.error(request, f"Safety check not saved — {field}: {problem}")
        else:
            if check.escalation:
                messages.error(
                    request,
                    f"Neurological re-check worse: {check.escalation['condition']} — "
                    f"{urgency_words(check.escalation['urgency'])}. {check.escalation['action']}",
                )
            else:
                messages.success(request, "Safety check saved.")
    return redirect(f"{redirect('session_detail', session_id=session_id).url}#safety-check")
