"""Staff pages of the portal: a client's links (create, send, show as QR code, revoke)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.portal.links import (
    MAX_DAYS,
    link_state,
    portal_link_create,
    portal_link_list_for_client,
    portal_link_revoke,
)
from myomap.portal.models import PortalPurpose
from myomap.portal.previsit.review import previsit_accept
from myomap.records.selectors import client_get_for_user
from myomap.web.http.access import clinical_view, member_view
from myomap.web.http.form_tokens import once_per_token


@member_view
@once_per_token
@require_http_methods(["GET", "POST"])
def portal_links(request: HttpRequest, actor: Actor, client_id) -> HttpResponse:
    client = client_get_for_user(actor=actor, client_id=client_id)
    errors: dict = {}
    values: dict[str, str] = {"purpose": PortalPurpose.PRE_VISIT, "days": ""}
    send_email = bool(client.email)
    status = 200
    if request.method == "POST":
        values = {
            "purpose": request.POST.get("purpose", ""),
            "days": request.POST.get("days", "")[:6],
        }
        send_email = request.POST.get("send_email") == "on"
        try:
            issued = portal_link_create(
                actor=actor,
                client_id=client.pk,
                purpose=values["purpose"],
                days=values["days"],
                send_email=send_email,
            )
        except ValidationFailed as exc:
            errors, status = exc.errors, 400
        else:
            # Shown once, in this answer only: the address is not stored anywhere.
            return render(request, "portal/staff/issued.html", {"client": client, "issued": issued})
    links = [
        {"link": link, "state": link_state(link)}
        for link in portal_link_list_for_client(actor=actor, client=client)
    ]
    context = {
        "client": client,
        "links": links,
        "purposes": PortalPurpose.choices,
        "values": values,
        "send_email": send_email,
        "errors": errors,
        "max_days": MAX_DAYS,
    }
    return render(request, "portal/staff/links.html", context, status=status)


@member_view
@require_POST
def portal_link_revoke_view(request: HttpRequest, actor: Actor, link_id) -> HttpResponse:
    link = portal_link_revoke(actor=actor, link_id=link_id)
    messages.success(request, "The link is withdrawn; it no longer opens.")
    return redirect("portal_links", client_id=link.client_id)


@clinical_view
@once_per_token
@require_POST
def previsit_accept_view(request: HttpRequest, actor: Actor, assessment_id, answers_id):
    try:
        previsit_accept(
            actor=actor,
            assessment_id=assessment_id,
            answers_id=answers_id,
            parts=request.POST.getlist("parts"),
        )
    except ValidationFailed as exc:
        field, problems = next(iter(exc.errors.items()))
        messages.error(request, f"Nothing was accepted. {field}: {problems[0]}")
    else:
        messages.success(request, "Accepted into this assessment; edit it in its sections.")
    url = redirect("assessment_detail", assessment_id=assessment_id).url
    return redirect(f"{url}#client-reported")
