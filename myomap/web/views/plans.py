"""Plan pages: generate from an assessment, view a version as a staged timeline, edit with a
required reason (a new version), compare two versions. Clinical only; services do the work."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.records.plans.compare import plan_compare
from myomap.records.plans.services import (
    plan_edit,
    plan_edit_choices,
    plan_generate,
    plan_get_for_user,
    plan_list_for_episode,
)
from myomap.web.http.access import clinical_form_post, clinical_view

EDIT_FIELDS = ("action", "item", "stage", "muscle", "side")


@clinical_form_post("assessment_detail", "assessment_id")
def plan_generate_view(request: HttpRequest, actor: Actor, assessment_id) -> HttpResponse:
    try:
        plan = plan_generate(actor=actor, assessment_id=assessment_id)
    except ValidationFailed as exc:
        messages.error(request, f"No plan generated: {next(iter(exc.errors.values()))[0]}")
        return redirect("assessment_step", assessment_id=assessment_id, step="plan")
    messages.success(request, f"Plan version {plan.version} generated.")
    return redirect("plan_detail", plan_id=plan.pk)


def _page(request, actor: Actor, plan, *, errors=None, values=None, status=200) -> HttpResponse:
    context = {
        "plan": plan,
        "out": plan.output,
        "client": plan.episode.client,
        "versions": [
            p
            for p in plan_list_for_episode(actor=actor, episode=plan.episode)
            if p.assessment_id == plan.assessment_id
        ],  # fmt: skip
        "choices": plan_edit_choices(),
        "errors": errors or {},
        "values": values or {},
    }
    return render(request, "plans/detail.html", context, status=status)


@clinical_view
def plan_detail(request: HttpRequest, actor: Actor, plan_id) -> HttpResponse:
    return _page(request, actor, plan_get_for_user(actor=actor, plan_id=plan_id))


@clinical_form_post("plan_detail", "plan_id")
def plan_edit_view(request: HttpRequest, actor: Actor, plan_id) -> HttpResponse:
    override = {field: request.POST.get(field, "") for field in EDIT_FIELDS}
    try:
        plan = plan_edit(
            actor=actor, plan_id=plan_id, override=override, reason=request.POST.get("reason", "")
        )
    except ValidationFailed as exc:
        plan = plan_get_for_user(actor=actor, plan_id=plan_id, audit=False)
        values = {**override, "reason": request.POST.get("reason", "")}
        return _page(request, actor, plan, errors=exc.errors, values=values, status=400)
    messages.success(request, f"Plan version {plan.version} saved with your reason.")
    return redirect("plan_detail", plan_id=plan.pk)


@clinical_view
def plan_compare_view(request: HttpRequest, actor: Actor, plan_id) -> HttpResponse:
    plan = plan_get_for_user(actor=actor, plan_id=plan_id)
    other_id = request.GET.get("with") or str(plan_id)
    try:
        uuid.UUID(other_id)
    except ValueError:
        raise ValidationFailed(
            {"with": [f"{other_id[:60]!r} is not a plan id; pick a version from the list."]}
        ) from None
    other = plan_get_for_user(actor=actor, plan_id=other_id)
    older, newer = sorted((plan, other), key=lambda p: (p.assessment.number, p.version))
    context = {"diff": plan_compare(older, newer), "client": plan.episode.client, "plan": plan}
    return render(request, "plans/compare.html", context)
