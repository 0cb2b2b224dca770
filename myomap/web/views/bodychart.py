"""Body-chart endpoints: a page of its own for an assessment's chart, and the save that the
chart's form posts to (htmx: answers with the candidate muscles; without JavaScript: redirects
back, or shows the form again with the refused field named). Clinical only. What the templates
show is computed by `myomap.web.bodychart.presenter`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.painmap import (
    assessment_pain_map_save,
    pain_entries_from_form,
    pain_entries_marked,
    pain_map_candidates,
    pain_map_get_for_user,
)
from myomap.web.bodychart.presenter import assessment_chart, candidates_for_display
from myomap.web.http.access import clinical_view


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@clinical_view
def pain_map_page(request: HttpRequest, actor: Actor, assessment_id) -> HttpResponse:
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id)
    context = {"assessment": assessment, "body_chart": assessment_chart(actor, assessment)}
    return render(request, "bodychart/page.html", context)


@clinical_view
def pain_map_save(request: HttpRequest, actor: Actor, assessment_id) -> HttpResponse:
    if request.method != "POST":
        return redirect("pain_map_page", assessment_id=assessment_id)
    entries = pain_entries_from_form(request.POST)
    try:
        assessment = assessment_pain_map_save(
            actor=actor, assessment_id=assessment_id, entries=entries
        )
    except ValidationFailed as exc:
        return _refused(request, actor, assessment_id, entries, exc)
    if request.headers.get("HX-Request"):
        marked = pain_map_get_for_user(actor=actor, assessment=assessment)
        candidates = candidates_for_display(pain_map_candidates(marked))
        context = {"assessment": assessment, "candidates": candidates}
        return render(request, "bodychart/_candidates.html", context)
    back = _next_url(request, reverse("pain_map_page", args=[assessment.pk]))
    return redirect(back.split("#")[0] + "#body-chart")


def _refused(request, actor, assessment_id, entries, exc: ValidationFailed) -> HttpResponse:
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    if request.headers.get("HX-Request"):
        # The chart keeps what the clinician drew; say what was refused, in place.
        context = {"assessment": assessment, "save_error": exc.message.split(": ", 1)[-1]}
        return render(request, "bodychart/_candidates.html", context)
    chart = assessment_chart(
        actor, assessment, marked=pain_entries_marked(entries), errors=exc.errors
    )
    context = {"assessment": assessment, "body_chart": chart, "next_url": _next_url(request, "")}
    return render(request, "bodychart/page.html", context, status=400)
