"""The portal edge: a request becomes a PortalAccess (one verified client, one link) or is
sent back to the date-of-birth check, in one place for every portal view.

The portal's session is its own cookie, limited to the portal's path; a staff login in the same
browser is neither needed nor used (`request.user` is never read here)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from myomap.accounts.client_address import client_address
from myomap.errors import refusals_seen
from myomap.portal.access import (
    LinkRefused,
    PortalAccess,
    portal_access_for,
    portal_session_find,
)
from myomap.portal.models import PortalFormSubmission, PortalSession

COOKIE = "myomap_portal"
COOKIE_PATH = "/p/"
FORM_TOKEN_KEPT_FOR = timedelta(days=2)


def set_portal_cookie(response: HttpResponse, key: str) -> None:
    response.set_cookie(
        COOKIE,
        key,
        max_age=settings.MYOMAP_PORTAL_SESSION_SECONDS,
        path=COOKIE_PATH,
        secure=settings.HTTPS,
        httponly=True,
        samesite="Lax",
    )


def clear_portal_cookie(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Lax")


def link_ended(request: HttpRequest) -> HttpResponse:
    """The one answer for every refused link: it reveals nothing about why or whose."""
    response = render(request, "portal/ended.html", status=404)
    clear_portal_cookie(response)
    add_never_cache_headers(response)
    return response


def portal_session_of(request: HttpRequest) -> PortalSession:
    """The request's live portal session (verified or not); LinkRefused otherwise."""
    return portal_session_find(key=request.COOKIES.get(COOKIE), remote_addr=client_address(request))


def portal_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A portal page: the view receives the verified PortalAccess as its second argument.
    No live session: the 'link ended' page. Not yet verified: the date-of-birth check."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            session = portal_session_of(request)
        except LinkRefused:
            return link_ended(request)
        if session.verified_at is None:
            return redirect("portal_confirm")
        access = portal_access_for(session, client_address(request))
        request.portal = access  # type: ignore[attr-defined]  # for the base template
        response = view(request, access, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def portal_purpose_view(purpose: str):
    """As portal_view, and the link must be for this purpose (else the portal's home)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @portal_view
        @wraps(view)
        def wrapper(request: HttpRequest, access: PortalAccess, *args, **kwargs) -> HttpResponse:
            if access.purpose != purpose:
                return redirect("portal_home")
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


def portal_once_per_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`{% form_token %}` for portal forms: a form sent twice writes once, the second post
    leads where the first did. Wrap inside `portal_view` (the view gets the access)."""

    @wraps(view)
    def wrapper(request: HttpRequest, access: PortalAccess, *args, **kwargs) -> HttpResponse:
        raw = request.POST.get("form_token") if request.method == "POST" else None
        if raw is None:
            return view(request, access, *args, **kwargs)
        try:
            token = uuid.UUID(raw)
        except ValueError:
            message = "form_token: not a form token. Go back, reload the page and send it again."
            return render(request, "portal/error.html", {"message": message}, status=400)
        try:
            return _first_post(request, access, token, view, args, kwargs)
        except IntegrityError:
            first = PortalFormSubmission.objects.filter(token=token).first()
            if first is None:
                raise
            if first.link_id != access.link.pk or first.path != request.path:
                message = "form_token: this form's token belongs to another form. Reload the page."
                return render(request, "portal/error.html", {"message": message}, status=400)
            return redirect(first.response_url or request.path)

    return wrapper


def _first_post(request, access, token, view, args, kwargs) -> HttpResponse:
    seen: list = []
    with transaction.atomic():
        PortalFormSubmission.objects.create(token=token, link=access.link, path=request.path[:300])
        marker = refusals_seen.set(seen)
        try:
            response = view(request, access, *args, **kwargs)
        finally:
            refusals_seen.reset(marker)
        claim = PortalFormSubmission.objects.filter(token=token)
        if seen or response.status_code >= 400:
            claim.delete()
        else:
            claim.update(response_url=response.get("Location", "")[:500])
            PortalFormSubmission.objects.filter(
                created_at__lt=timezone.now() - FORM_TOKEN_KEPT_FOR
            ).delete()
    return response
