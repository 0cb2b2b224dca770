"""Assessment pages: start an assessment from an episode, and one page whose sections save
independently (plain POST forms; with htmx only the section is swapped, plus the red-flag banner
and the reasoning summary out of band). Clinical only; all work is done by the services."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.portal.previsit.review import client_reported_step_extra
from myomap.records.assessments.actions import red_flag_action_record
from myomap.records.assessments.findings import (
    muscle_finding_add,
    muscle_finding_delete,
    muscle_finding_update,
)
from myomap.records.assessments.measures import INSTRUMENTS, assessment_measure_save
from myomap.records.assessments.precautions import assessment_precautions_save
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.assessments.services import (
    assessment_create,
    assessment_posture_save,
    assessment_red_flags_save,
    assessment_severity_save,
)
from myomap.records.plans.services import plan_latest_for_assessment
from myomap.web.access import clinical_view
from myomap.web.assessment_input import posted_values, section_parse
from myomap.web.assessment_page import page_context, section_anchor
from myomap.web.bodychart.presenter import assessment_chart
from myomap.web.form_tokens import once_per_token

SECTION_SAVERS = {
    "health": assessment_precautions_save,
    "red_flags": assessment_red_flags_save,
    "severity": assessment_severity_save,
    "posture": assessment_posture_save,
}
PARTIALS = {
    **{name: f"assessments/_measure_{name}.html" for name in INSTRUMENTS},
    "red_flags": "assessments/_red_flags.html",
    "health": "assessments/_health.html",
    "severity": "assessments/_severity.html",
    "posture": "assessments/_posture.html",
    "red_flag_action": "assessments/_red_flags.html",
    "findings": "assessments/_findings.html",
}


def _respond(request, actor, assessment_id, section, error=None, posted=None) -> HttpResponse:
    """After a section POST: with htmx, that section (and the out-of-band banner and reasoning);
    without, the whole page — or, on success, a redirect back to the section."""
    if error is None and not request.htmx:
        url = redirect("assessment_detail", assessment_id=assessment_id).url
        return redirect(f"{url}#{section_anchor(section)}")
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    context = page_context(
        assessment, section=section, error=error, posted=posted, query=request.GET
    )
    if not request.htmx:
        context.update(client_reported_step_extra(request, actor, assessment))
        context["latest_plan"] = plan_latest_for_assessment(actor=actor, assessment=assessment)
        context["body_chart"] = assessment_chart(actor, assessment)
        return render(request, "assessments/detail.html", context)
    context["oob"] = True
    return render(
        request, "assessments/_section_response.html", {**context, "partial": PARTIALS[section]}
    )


@clinical_view
@once_per_token
def assessment_new(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    if request.method != "POST":
        return redirect("episode_detail", episode_id=episode_id)
    assessment = assessment_create(actor=actor, episode_id=episode_id)
    return redirect("assessment_detail", assessment_id=assessment.pk)


@clinical_view
def assessment_detail(request: HttpRequest, actor: Actor, assessment_id) -> HttpResponse:
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id)
    context = page_context(assessment, query=request.GET)
    # Client portal: the client's pre-visit answers, as a draft to accept (its own partial).
    context.update(client_reported_step_extra(request, actor, assessment))
    context["latest_plan"] = plan_latest_for_assessment(actor=actor, assessment=assessment)
    context["body_chart"] = assessment_chart(actor, assessment)
    return render(request, "assessments/detail.html", context)


@clinical_view
def assessment_section(request: HttpRequest, actor: Actor, assessment_id, section) -> HttpResponse:
    if section not in PARTIALS or section in ("red_flag_action", "findings"):
        raise Http404("No such section.")
    if request.method != "POST":
        return redirect("assessment_detail", assessment_id=assessment_id)
    try:
        data = section_parse(section, request.POST)
        if section in SECTION_SAVERS:
            SECTION_SAVERS[section](actor=actor, assessment_id=assessment_id, data=data)
        else:
            assessment_measure_save(
                actor=actor, assessment_id=assessment_id, instrument=section, answers=data
            )
    except ValidationFailed as exc:
        return _respond(request, actor, assessment_id, section, exc, posted_values(request.POST))
    return _respond(request, actor, assessment_id, section)


@clinical_view
@once_per_token
def assessment_red_flag_action(request: HttpRequest, actor: Actor, assessment_id) -> HttpResponse:
    if request.method != "POST":
        return redirect("assessment_detail", assessment_id=assessment_id)
    try:
        red_flag_action_record(actor=actor, assessment_id=assessment_id, data=request.POST.dict())
    except ValidationFailed as exc:
        posted = posted_values(request.POST)
        return _respond(request, actor, assessment_id, "red_flag_action", exc, posted)
    return _respond(request, actor, assessment_id, "red_flag_action")


@clinical_view
@once_per_token
def muscle_finding(
    request: HttpRequest, actor: Actor, assessment_id, finding_id=None, delete=False
) -> HttpResponse:
    """Add (no finding_id), update, or delete (delete=True) one palpation finding."""
    if request.method != "POST":
        return redirect("assessment_detail", assessment_id=assessment_id)
    try:
        if finding_id is None:
            muscle_finding_add(actor=actor, assessment_id=assessment_id, data=request.POST.dict())
        elif delete:
            muscle_finding_delete(actor=actor, assessment_id=assessment_id, finding_id=finding_id)
        else:
            muscle_finding_update(
                actor=actor,
                assessment_id=assessment_id,
                finding_id=finding_id,
                data=request.POST.dict(),
            )
    except ValidationFailed as exc:
        posted = {**posted_values(request.POST), "finding_id": str(finding_id or "")}
        return _respond(request, actor, assessment_id, "findings", exc, posted)
    return _respond(request, actor, assessment_id, "findings")
