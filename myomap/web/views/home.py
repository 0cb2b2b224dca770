"""The home page: the clinic dashboard for clinicians; the front desk goes to the client list
(it sees no clinical records)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from myomap.accounts.actor import Actor
from myomap.records.dashboard import dashboard_for_user
from myomap.web.edge import member_view


@member_view
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not actor.sees_clinical:
        return redirect("client_list")
    context = {"dashboard": dashboard_for_user(actor=actor), "today": date.today()}
    return render(request, "home/dashboard.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
