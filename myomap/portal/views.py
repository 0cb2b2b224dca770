"""Portal pages of access: open a link, confirm the date of birth, the home page, leave."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from myomap.accounts.client_address import client_address
from myomap.errors import ValidationFailed
from myomap.portal.access import (
    DobLocked,
    LinkRefused,
    PortalAccess,
    link_locked_until,
    portal_client_get,
    portal_dob_confirm,
    portal_link_open,
    portal_session_end,
)
from myomap.portal.edge import (
    clear_portal_cookie,
    link_ended,
    portal_session_of,
    portal_view,
    set_portal_cookie,
)

# Where each purpose's pages start; a purpose's own module adds its entry.
PURPOSE_HOME: dict[str, str] = {"pre_visit": "portal_previsit", "between_visits": "portal_diary"}


@require_http_methods(["GET"])
def portal_open(request: HttpRequest) -> HttpResponse:
    """The address in the email or QR code: trade the token for a portal session at once and
    move on to an address without it, so it stays out of the browser history beyond this hop."""
    try:
        key = portal_link_open(token=request.GET.get("t", ""), remote_addr=client_address(request))
    except LinkRefused:
        response = link_ended(request)
    else:
        response = redirect("portal_confirm")
        set_portal_cookie(response, key)
        add_never_cache_headers(response)
    # This address holds the token: no page reached from it may learn it as a referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
def portal_confirm(request: HttpRequest) -> HttpResponse:
    try:
        session = portal_session_of(request)
    except LinkRefused:
        return link_ended(request)
    if session.verified_at is not None:
        return redirect("portal_home")
    context: dict = {"values": {}, "errors": {}, "wrong": False}
    status = 200
    until = link_locked_until(session.link)
    if request.method == "POST":  # a try while paused is refused by the service, and audited
        context["values"] = {
            k: request.POST.get(k, "")[:10] for k in ("dob_day", "dob_month", "dob_year")
        }
        try:
            if portal_dob_confirm(
                session=session, data=request.POST, remote_addr=client_address(request)
            ):
                return redirect("portal_home")
            context["wrong"] = True
            status = 400
        except ValidationFailed as exc:
            context["errors"] = exc.errors
            status = 400
        except DobLocked as exc:
            until = exc.until
    if until is not None:
        context["locked_until"] = timezone.localtime(until)
        status = 429
    response = render(request, "portal/confirm.html", context, status=status)
    add_never_cache_headers(response)
    return response


def purpose_start(purpose: str) -> str | None:
    name = PURPOSE_HOME.get(purpose)
    if not name:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:  # that purpose's pages are not installed
        return None


@portal_view
def portal_home(request: HttpRequest, access: PortalAccess) -> HttpResponse:
    client = portal_client_get(access)
    start = purpose_start(access.purpose)
    if start:
        return redirect(start)
    return render(request, "portal/home.html", {"client": client, "access": access})


@require_http_methods(["POST"])
def portal_leave(request: HttpRequest) -> HttpResponse:
    try:
        session = portal_session_of(request)
    except LinkRefused:
        session = None
    if session is not None:
        portal_session_end(session=session, remote_addr=client_address(request))
    response = render(request, "portal/left.html")
    clear_portal_cookie(response)
    add_never_cache_headers(response)
    return response
