"""Assessment pages: start an assessment from an episode, then one page per step (red flags
first, one questionnaire per page), each section saving on its own (plain POST forms; with htmx
only the section is swapped, plus the red-flag banner and the step list out of band). Clinical
only; all work is done by the services."""

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
from myomap.records.assessments.measures import assessment_measure_save
from myomap.records.assessments.precautions import assessment_precautions_save
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.assessments.services import (
    assessment_create,
    assessment_posture_save,
    assessment_red_flags_save,
    assessment_severity_save,
)
from myomap.records.painmap import pain_map_candidates, pain_map_get_for_user, pain_map_marked
from myomap.records.plans.services import plan_count_for_assessment, plan_latest_for_assessment
from myomap.web.bodychart.presenter import assessment_chart, candidates_for_display
from myomap.web.forms.assessment import posted_values, section_parse
from myomap.web.forms.questionnaires import INSTRUMENT_ORDER
from myomap.web.http.access import clinical_view
from myomap.web.http.form_tokens import once_per_token
from myomap.web.presenters.assessment_page import page_context, section_anchor
from myomap.web.presenters.assessment_steps import (
    MEASURE_PARTIALS,
    SECTION_STEP,
    STEP_BY_SLUG,
    STEP_EXTRAS,
    measure_nav,
    neighbours,
    section_url,
    step_nav,
    step_states,
    step_url,
)

SECTION_SAVERS = {
    "health": assessment_precautions_save,
    "red_flags": assessment_red_flags_save,
    "severity": assessment_severity_save,
    "posture": assessment_posture_save,
}
PARTIALS = {
    **MEASURE_PARTIALS,
    "red_flags": "assessments/_red_flags.html",
    "health": "assessments/_health.html",
    "severity": "assessments/_severity.html",
    "posture": "assessments/_posture.html",
    "red_flag_action": "assessments/_red_flags.html",
    "findings": "assessments/_findings.html",
}


def _step_page(request, actor, assessment, slug, instrument=None, **page) -> dict:
    """Everything a step page shows: its sections' context, the step list with what each step
    holds, the questionnaire list on the questionnaire pages, and the previous and next page."""
    # The drawing is read once, and handed to all that show it: audited on the body-chart step,
    # which shows it; the other steps use only whether it is marked, its side and candidates.
    if slug == "body-chart":
        marked = pain_map_get_for_user(actor=actor, assessment=assessment)
    else:
        marked = pain_map_marked(assessment)
    context = page_context(assessment, query=request.GET, marked=marked, **page)
    states = step_states(
        assessment,
        blocker=context["blocker"],
        pain_marked=bool(marked),
        plan_count=plan_count_for_assessment(actor=actor, assessment=assessment),
    )
    step = STEP_BY_SLUG[slug]
    partials = (MEASURE_PARTIALS[instrument],) if instrument else step.partials
    if slug == "candidates":
        context["candidates"] = candidates_for_display(pain_map_candidates(marked))
    if slug == "body-chart":
        context["body_chart"] = assessment_chart(actor, assessment, marked=marked)
    if slug == "plan":
        context["latest_plan"] = plan_latest_for_assessment(actor=actor, assessment=assessment)
    for extra in STEP_EXTRAS.get(slug, []):
        context.update(extra(request, actor, assessment))
    before, after = neighbours(slug, instrument)
    context.update(
        {
            "step": step,
            "page_title": context["instruments"][instrument].name if instrument else step.title,
            "step_partials": partials,
            "steps": step_nav(assessment, slug, states),
            "instrument": instrument,
            "measure_nav": measure_nav(assessment, instrument, context["instruments"])
            if slug == "measures"
            else [],
            "previous_page": _linked(assessment, before, context["instruments"]),
            "next_page": _linked(assessment, after, context["instruments"]),
        }
    )
    return context


def _linked(assessment, page: dict | None, instruments) -> dict | None:
    if page is None:
        return None
    instrument = page["instrument"]
    title = instruments[instrument].name if instrument else page["title"]
    return {"title": title, "url": step_url(assessment.pk, page["slug"], instrument)}


# Client portal: the client's pre-visit answers, a draft to accept, open the first step.
STEP_EXTRAS.setdefault("red-flags", []).append(client_reported_step_extra)


def _respond(request, actor, assessment_id, section, error=None, posted=None) -> HttpResponse:
    """After a section POST: with htmx, that section (and the out-of-band banner and step
    list); without, the step page holding the section — or, on success, a redirect to it."""
    if error is None and not request.htmx:
        return redirect(f"{section_url(assessment_id, section)}#{section_anchor(section)}")
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    slug = SECTION_STEP[section]
    instrument = section if section in MEASURE_PARTIALS else None
    context = _step_page(
        request, actor, assessment, slug, instrument, section=section, error=error, posted=posted
    )
    if not request.htmx:
        return render(request, "assessments/step.html", context)
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
    """The assessment opens on its first step, the red-flag screen; a link from a candidate
    muscle (`?muscle=&side=`) opens the palpation step with the add form filled in."""
    assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    slug = "palpation" if request.GET.get("muscle") else "red-flags"
    url = step_url(assessment_id, slug)
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@clinical_view
def assessment_step(request: HttpRequest, actor: Actor, assessment_id, step) -> HttpResponse:
    if step not in STEP_BY_SLUG:
        raise Http404("No such step.")
    if step == "measures":
        return redirect(step_url(assessment_id, "measures", INSTRUMENT_ORDER[0]))
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id)
    return render(request, "assessments/step.html", _step_page(request, actor, assessment, step))


@clinical_view
def assessment_measure_step(
    request: HttpRequest, actor: Actor, assessment_id, instrument
) -> HttpResponse:
    if instrument not in MEASURE_PARTIALS:
        raise Http404("No such questionnaire.")
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id)
    context = _step_page(request, actor, assessment, "measures", instrument)
    return render(request, "assessments/step.html", context)


@clinical_view
def assessment_section(request: HttpRequest, actor: Actor, assessment_id, section) -> HttpResponse:
    if section not in PARTIALS or section in ("red_flag_action", "findings"):
        raise Http404("No such section.")
    if request.method != "POST":
        return redirect(section_url(assessment_id, section))
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
        return redirect(step_url(assessment_id, "red-flags"))
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
        return redirect(step_url(assessment_id, "palpation"))
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
