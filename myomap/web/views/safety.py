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
from myomap.records.models import NeuroResult
from myomap.records.sessions.safety import safety_panel, session_safety_check_save
from myomap.web.http.access import clinical_view

REFUSED = "safety_check_refused:{}"  # session key of a refused post, per treatment session


def refused_post_pop(request: HttpRequest | None, session_id) -> dict | None:
    """The refused post of this session's safety check, once (then it is gone)."""
    if request is None or not hasattr(request, "session"):
        return None
    return request.session.pop(REFUSED.format(session_id), None)


def safety_panel_for_page(request: HttpRequest | None, session) -> dict:
    """The note's safety panel (records' `safety_panel`) with what the page shows in it: a
    refused post's values exactly as typed (kept for one drawing, like a flash message), its
    errors, and a signed note's re-check results in words."""
    panel = safety_panel(session)
    refused = refused_post_pop(request, session.pk)
    return {**panel, "typed": _typed(panel["check"], refused),
            "safety_errors": (refused or {}).get("errors", {}),
            "neuro_done": _neuro_done(panel["check"], panel["recheck"])}  # fmt: skip


def _neuro_done(check, recheck: dict | None) -> list[tuple[str, str]]:
    """A signed note's re-check results in words: each check's label and its result."""
    if check is None or not check.neuro:
        return []
    labels = {item["id"]: item["label"] for item in (recheck or {}).get("items", [])}
    results = dict(NeuroResult.choices)
    return [(labels.get(i, i.replace("_", " ")), results.get(r, r)) for i, r in check.neuro.items()]


def _typed(check, refused: dict | None) -> dict:
    """The values the form shows: a refused post exactly as typed, else the saved check."""
    if refused is not None:
        posted = refused.get("posted", {})

        def one(name: str) -> str:
            return (posted.get(name) or [""])[0]

        return {
            "health_changed": one("health_changed"),
            "health_note": one("health_note"),
            "precautions_added": posted.get("precautions_added", []),
            "precautions_removed": posted.get("precautions_removed", []),
            "gestation_weeks": one("gestation_weeks"),
            "neuro": {k[len("neuro_") :]: v[0] for k, v in posted.items() if k.startswith("neuro_")
                      and k != "neuro_note" and v},
            "neuro_note": one("neuro_note"),
        }  # fmt: skip
    if check is None:
        return {"health_changed": "", "neuro": {}, "precautions_added": [],
                "precautions_removed": []}  # fmt: skip
    return {
        "health_changed": "yes" if check.health_changed else "no",
        "health_note": check.health_note,
        "precautions_added": check.precautions_added,
        "precautions_removed": check.precautions_removed,
        "gestation_weeks": "" if check.gestation_weeks is None else str(check.gestation_weeks),
        "neuro": check.neuro or {},
        "neuro_note": check.neuro_note,
    }


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
