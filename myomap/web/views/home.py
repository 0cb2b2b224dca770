"""The home page: Today, the clinician's worklist; the front desk goes to the client list (it
sees no clinical records)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.portal.previsit.review import client_reported_red_flags_today
from myomap.records.worklist import SCOPE_MINE, dashboard_for_user
from myomap.web.http.access import member_view
from myomap.web.presenters.worklist_rows import worklist_rows_markup


@member_view
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not actor.sees_clinical:
        return redirect("client_list")
    asked = {
        "scope": request.GET.get("scope", SCOPE_MINE),
        "query": request.GET.get("q", ""),
        "page": request.GET.get("page", "1"),
    }
    try:
        dashboard = dashboard_for_user(actor=actor, **asked)
    except ValidationFailed as exc:
        context = {"status": 400, "message": exc.message, "title": "Not a worklist"}
        return render(request, "error.html", context, status=400)
    context = {
        "dashboard": dashboard,
        "worklist_rows_markup": worklist_rows_markup(dashboard, csrf_token=get_token(request)),
        "today": dashboard.today,
    }
    # Client portal: warning signs a client reported before the visit (its own block).
    context["client_reported_flags"] = client_reported_red_flags_today(actor=actor)
    return render(request, "home/dashboard.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
