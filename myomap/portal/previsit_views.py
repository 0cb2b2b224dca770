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
from myomap.web.forms.questionnaires import (
    questionnaire_error_input,
    questionnaire_form,
    questionnaire_parse,
    questionnaire_values,
)

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


def _offered() -> list[str]:
    """The licensed questionnaires a client can answer: only with the clinic's wording loaded
    (neutral labels such as "Statement 3" cannot be answered by a client)."""
    return [i for i in services.LICENSED if questionnaire_form(i, {})["answerable_by_client"]]


def _steps() -> list[tuple[str, str, str]]:
    kb = get_kb()
    return [
        *STEPS,
        *(
            (i, kb.instruments[i].name, "A short questionnaire, one answer each.")
            for i in _offered()
        ),
    ]


def _overview(answers) -> list[dict]:
    done = services.previsit_steps(answers)
    return [
        {"slug": slug, "title": title, "summary": summary, "done": done[slug]}
        for slug, title, summary in _steps()
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
        "questionnaires_offered": bool(_offered()),
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
    if step in services.LICENSED:
        return questionnaire_values(answers.measures)
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
    question_errors = []
    if step in services.LICENSED and errors:
        errors = {questionnaire_error_input(f): m for f, m in errors.items()}
        question_errors = [_question_error(name) for name in errors]
    if step in services.LICENSED and posted is not None:
        values = {
            k: posted.getlist(k) if k in ("rmdq", "start_back") else posted.get(k, "")
            for k in posted
        }
    else:
        values = _values(step, answers, posted)
    steps = _steps()
    index = [slug for slug, _, _ in steps].index(step)
    context = {
        "step": step,
        "title": steps[index][1],
        "number": index + 1,
        "total": len(steps),
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
        # The errors are listed once, in the portal's summary (`_step_head.html`), and beside
        # their rows; the chart adds no summary of its own.
        context["chart"] = drawing_input(
            pain_entries_marked(entries), errors, audience="client", summary=False
        )
    elif step in services.LICENSED:
        context["form"] = questionnaire_form(step, values, set(errors or {}))
        # Its own summary: the fieldsets' anchors are `q-<input>`, and the parser's messages
        # (only reachable by a tampered form) are put in the client's words.
        context["errors"], context["question_errors"] = {}, question_errors
    return context


def _question_error(name: str) -> dict:
    number = name.rpartition("_")[2]
    if number.isdigit():
        return {
            "anchor": f"q-{name}",
            "message": f"Question {int(number) + 1}: choose one of the answers shown.",
        }
    return {"anchor": "main", "message": "Please choose from the answers shown."}


def _save(step: str, access: PortalAccess, data):
    if step in services.LICENSED:
        return services.previsit_measure_save(access, step, questionnaire_parse(step, data))
    return SAVERS[step](access, data)


@portal_purpose_view(PRE_VISIT)
@portal_once_per_token
def portal_previsit_step(request: HttpRequest, access: PortalAccess, step: str) -> HttpResponse:
    step_ids = [slug for slug, _, _ in _steps()]
    if step not in step_ids:
        return render(request, "portal/error.html", {"message": "No such page."}, status=404)
    answers = services.previsit_get(access)
    if answers.status == PreVisitStatus.SUBMITTED:
        return redirect("portal_previsit")
    if request.method == "POST":
        try:
            saved = _save(step, access, request.POST)
        except ValidationFailed as exc:
            context = _step_context(step, access, answers, request.POST, exc.errors)
            return render(request, _template(step), context, status=400)
        index = step_ids.index(step)
        # An answer that needs a doctor soon: straight to the page that says so, and to Send.
        urgent = step == "red-flags" and services.previsit_urgent_advice(access, saved)
        if urgent or "save_and_leave" in request.POST or index + 1 == len(step_ids):
            return redirect("portal_previsit")
        return redirect("portal_previsit_step", step=step_ids[index + 1])
    return render(request, _template(step), _step_context(step, access, answers))


def _template(step: str) -> str:
    name = "questionnaire" if step in services.LICENSED else step
    return f"portal/previsit/{name}.html"


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
