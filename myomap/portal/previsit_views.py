"""Portal pages before the visit: an overview, one page per part, a check-and-send page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from myomap.clinical.kb import get_kb
from myomap.errors import ValidationFailed
from myomap.portal.access import PortalAccess
from myomap.portal.edge import portal_once_per_token, portal_purpose_view
from myomap.portal.models import PreVisitStatus
from myomap.portal.previsit import services
from myomap.portal.previsit.questions import (
    ANSWERS,
    ANTICOAGULANT_TEXT,
    HEALTH_QUESTIONS,
    PREGNANCY_TEXT,
    RED_FLAG_GROUPS,
)
from myomap.records.painmap import pain_entries_from_form, pain_entries_marked
from myomap.web.bodychart.presenter import drawing_input

PRE_VISIT = "pre_visit"
STEPS = (
    (
        "red-flags",
        "Warning signs",
        "A few questions about symptoms that need a doctor's attention.",
    ),
    ("pain-score", "Your pain now", "One number from 0 to 10."),
    ("activities", "Activities that are hard", "Three to five things your back makes difficult."),
    ("health", "Health and medicines", "What your therapist needs to know to treat you safely."),
    ("drawing", "Where it hurts", "Mark where you feel pain, how strong and what it feels like."),
)
SAVERS = {
    "red-flags": services.previsit_red_flags_save,
    "pain-score": services.previsit_nprs_save,
    "activities": services.previsit_psfs_save,
    "health": services.previsit_health_save,
    "drawing": services.previsit_pain_save,
}
STEP_IDS = [slug for slug, _, _ in STEPS]


def _overview(answers) -> list[dict]:
    done = services.previsit_steps(answers)
    return [
        {"slug": slug, "title": title, "summary": summary, "done": done[slug]}
        for slug, title, summary in STEPS
    ]


@portal_purpose_view(PRE_VISIT)
def portal_previsit(request: HttpRequest, access: PortalAccess) -> HttpResponse:
    answers = services.previsit_get(access)
    if answers.status == PreVisitStatus.SUBMITTED:
        return render(
            request, "portal/previsit/sent.html", {"answers": answers, "client": access.client}
        )
    context = {
        "client": access.client,
        "steps": _overview(answers),
        "answers": answers,
        "urgent_advice": services.previsit_urgent_advice(access, answers),
    }
    return render(request, "portal/previsit/overview.html", context)


def _values(step: str, answers, posted) -> dict:
    if posted is not None:
        return {k: posted.get(k, "") for k in posted}
    if step == "red-flags":
        return dict(answers.red_flags)
    if step == "pain-score":
        return {"nprs": "" if answers.nprs is None else str(answers.nprs)}
    if step == "activities":
        values = {}
        for i, row in enumerate(answers.psfs):
            values[f"psfs_activity_{i}"] = row["activity"]
            values[f"psfs_rating_{i}"] = str(row["rating"])
        return values
    if step == "health":
        health = answers.health or {}
        values = {
            k: "" if health.get(k) is None else str(health.get(k))
            for k in ("pregnant", "gestation_weeks", "anticoagulant", "conditions", "medications")
        }
        values.update(health.get("answers") or {})
        return values
    return {}


def _step_context(step: str, access: PortalAccess, answers, posted=None, errors=None) -> dict:
    values = _values(step, answers, posted)
    index = STEP_IDS.index(step)
    context = {
        "step": step,
        "title": STEPS[index][1],
        "number": index + 1,
        "total": len(STEPS),
        "values": values,
        "errors": errors or {},
        "answers": ANSWERS,
        "client": access.client,
        "urgent_advice": services.previsit_urgent_advice(access, answers),
    }
    if step == "red-flags":
        context["groups"] = [
            {
                "title": g.title,
                "questions": [
                    {
                        "name": q.finding,
                        "text": q.text,
                        "value": values.get(q.finding, ""),
                        "error": (errors or {}).get(q.finding),
                    }
                    for q in g.questions
                ],
            }
            for g in RED_FLAG_GROUPS
        ]
    elif step == "pain-score":
        context["scale"] = [str(n) for n in range(11)]
        context["scale_note"] = get_kb().instruments["nprs"].answer_scale.note
    elif step == "activities":
        context["rows"] = [
            {
                "i": i,
                "activity": values.get(f"psfs_activity_{i}", ""),
                "rating": values.get(f"psfs_rating_{i}", ""),
            }
            for i in range(services.PSFS_MAX)
        ]
        context["scale"] = [str(n) for n in range(11)]
        context["scale_note"] = get_kb().instruments["psfs"].answer_scale.note
    elif step == "health":
        context["asks_pregnancy"] = services.asks_pregnancy(access)
        context["pregnancy_text"] = PREGNANCY_TEXT
        context["anticoagulant_text"] = ANTICOAGULANT_TEXT
        context["questions"] = [
            {
                "name": q.finding,
                "text": q.text,
                "value": values.get(q.finding, ""),
                "error": (errors or {}).get(q.finding),
            }
            for q in HEALTH_QUESTIONS
        ]
    elif step == "drawing":
        entries = pain_entries_from_form(posted) if posted is not None else answers.pain
        context["chart"] = drawing_input(pain_entries_marked(entries), errors, audience="client")
    return context


@portal_purpose_view(PRE_VISIT)
@portal_once_per_token
def portal_previsit_step(request: HttpRequest, access: PortalAccess, step: str) -> HttpResponse:
    if step not in SAVERS:
        return render(request, "portal/error.html", {"message": "No such page."}, status=404)
    answers = services.previsit_get(access)
    if answers.status == PreVisitStatus.SUBMITTED:
        return redirect("portal_previsit")
    if request.method == "POST":
        try:
            saved = SAVERS[step](access, request.POST)
        except ValidationFailed as exc:
            context = _step_context(step, access, answers, request.POST, exc.errors)
            return render(request, f"portal/previsit/{step}.html", context, status=400)
        index = STEP_IDS.index(step)
        # An answer that needs a doctor soon: straight to the page that says so, and to Send.
        urgent = step == "red-flags" and services.previsit_urgent_advice(access, saved)
        if urgent or "save_and_leave" in request.POST or index + 1 == len(STEP_IDS):
            return redirect("portal_previsit")
        return redirect("portal_previsit_step", step=STEP_IDS[index + 1])
    return render(request, f"portal/previsit/{step}.html", _step_context(step, access, answers))


@portal_purpose_view(PRE_VISIT)
@portal_once_per_token
def portal_previsit_send(request: HttpRequest, access: PortalAccess) -> HttpResponse:
    answers = services.previsit_get(access)
    if answers.status == PreVisitStatus.SUBMITTED:
        return redirect("portal_previsit")
    errors: dict = {}
    status = 200
    if request.method == "POST":
        try:
            services.previsit_submit(access)
        except ValidationFailed as exc:
            errors, status = exc.errors, 400
        else:
            return redirect("portal_previsit")
    context = {
        "client": access.client,
        "steps": _overview(answers),
        "errors": errors,
        "answers": answers,
    }
    return render(request, "portal/previsit/send.html", context, status=status)
