"""The web edge: turn a request into an Actor (or refuse), in one place for every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from myomap.accounts.actor import Actor, actor_for_user
from myomap.accounts.client_address import client_address
from myomap.web.http.form_tokens import once_per_token

# A view may answer with any response (a CSV download streams).
View = Callable[..., HttpResponseBase]


def request_actor(request: HttpRequest) -> Actor:
    """The acting member, looked up once per request (views and the page header share it)."""
    cached = getattr(request, "_myomap_actor", None)
    if cached is None:
        cached = actor_for_user(request.user, remote_addr=client_address(request))
        request._myomap_actor = cached  # type: ignore[attr-defined]
    return cached


def member_view(view: View) -> View:
    """Logged in and a member of a clinic; the view receives the Actor as its second argument."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        return view(request, request_actor(request), *args, **kwargs)

    return wrapper


def _member_view_that(requirement: Callable[[Actor], None]) -> Callable[[View], View]:
    """As member_view, and the Actor must pass `requirement` (it raises Forbidden)."""

    def decorate(view: View) -> View:
        @member_view
        @wraps(view)
        def wrapper(request: HttpRequest, actor: Actor, *args, **kwargs) -> HttpResponseBase:
            requirement(actor)
            return view(request, actor, *args, **kwargs)

        return wrapper

    return decorate


# The role must see clinical records (not front desk).
clinical_view = _member_view_that(Actor.require_clinical)
# The member must own the clinic (its details, staff and audit log).
owner_view = _member_view_that(Actor.require_owner)


def post_only(back_to: str, key: str) -> Callable[[Callable[..., HttpResponse]], Callable]:
    """A view that only takes a form's POST: any other method goes back to the page that shows
    the form (`back_to`, with the view's own `key` argument), so a reload never writes."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST":
                return redirect(back_to, **{key: kwargs[key]})
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def clinical_form_post(back_to: str, key: str) -> Callable[[Callable[..., HttpResponse]], View]:
    """The guard of a clinical form's write: `clinical_view`, then `once_per_token` (a form sent
    twice writes once), then `post_only` (any other method goes back to `back_to`)."""

    def decorate(view: Callable[..., HttpResponse]) -> View:
        return clinical_view(once_per_token(post_only(back_to, key)(view)))

    return decorate
