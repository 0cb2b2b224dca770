"""Client pages: list with search, register, view, edit. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from myomap.accounts.actor import Actor
from myomap.accounts.models import Role
from myomap.records.client_data import client_erasure_status
from myomap.records.episodes import episode_list_for_client
from myomap.records.forms import ClientForm
from myomap.records.selectors import client_get_for_user, client_page_for_user
from myomap.records.services import client_create, client_update
from myomap.web.forms.errors import refusal_shown_on
from myomap.web.http.access import member_view
from myomap.web.http.form_tokens import once_per_token
from myomap.web.presenters.client_list import client_rows_markup


@member_view
def client_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    page = client_page_for_user(actor=actor, search=search, after=request.GET.get("after", ""))
    context = {
        "clients": page.clients,
        "rows_markup": client_rows_markup(page.clients),
        "search": search,
        "page": page,
    }
    # htmx live search swaps only the results table.
    template = "clients/_results.html" if request.htmx else "clients/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@member_view
@once_per_token
def client_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = ClientForm(data=request.POST or None)
    if request.method == "POST":
        with refusal_shown_on(form):
            client = client_create(actor=actor, data=request.POST.dict())
            messages.success(request, f"{client.full_name} registered.")
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/form.html", {"form": form, "client": None})


@member_view
def client_detail(request: HttpRequest, actor: Actor, client_id) -> HttpResponse:
    client = client_get_for_user(actor=actor, client_id=client_id)
    # Front desk sees demographics only; the clinical block is not even queried for them.
    episodes = episode_list_for_client(actor=actor, client=client) if actor.sees_clinical else None
    context: dict[str, object] = {"client": client, "episodes": episodes}
    if actor.sees_clinical:
        context["client_data"] = client_erasure_status(actor=actor, client=client)
        context["is_owner"] = actor.role == Role.OWNER
    return render(request, "clients/detail.html", context)


@member_view
def client_edit(request: HttpRequest, actor: Actor, client_id) -> HttpResponse:
    client = client_get_for_user(actor=actor, client_id=client_id)
    form = ClientForm(data=request.POST or None, instance=client)
    if request.method == "POST":
        with refusal_shown_on(form):
            client = client_update(actor=actor, client_id=client_id, data=request.POST.dict())
            messages.success(request, "Changes saved.")
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/form.html", {"form": form, "client": client})
