"""The visit's safety check on a draft note: health and medication re-screen, neurological
re-check. A small form of its own beside the note; the service validates and audits."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.records.sessions.safety import session_safety_check_save
from myomap.web.access import clinical_view


@clinical_view
def session_safety_check(request: HttpRequest, actor: Actor, session_id) -> HttpResponse:
    if request.method == "POST":
        data: dict[str, object] = {key: request.POST.get(key) for key in request.POST}
        data["precautions_added"] = request.POST.getlist("precautions_added")
        data["precautions_removed"] = request.POST.getlist("precautions_removed")
        try:
            check = session_safety_check_save(actor=actor, session_id=session_id, data=data)
        except ValidationFailed as exc:
            for field, problems in exc.errors.items():
                for problem in problems:
                    messages.error(request, f"Safety check not saved — {field}: {problem}")
        else:
            if check.escalation:
                messages.error(
                    request,
                    f"Neurological re-check worse: {check.escalation['condition']} — "
                    f"{check.escalation['urgency']}. {check.escalation['action']}",
                )
            else:
                messages.success(request, "Safety check saved.")
    return redirect(f"{redirect('session_detail', session_id=session_id).url}#safety-check")
