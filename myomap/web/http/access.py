"""The web edge: turn a request into an Actor (or refuse), in one place for every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from myomap.accounts.actor import Actor, actor_for_user
from myomap.accounts.client_address import client_address


def request_actor(request: HttpRequest) -> Actor:
    """The acting member, looked up once per request (views and the page header share it)."""
    cached = getattr(request, "_myomap_actor", None)
    if cached is None:
        cached = actor_for_user(request.user, remote_addr=client_address(request))
        request._myomap_actor = cached  # type: ignore[attr-defined]
    return cached


def member_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in and a member of a clinic; the view receives the Actor as its second argument."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return view(request, request_actor(request), *args, **kwargs)

    return wrapper


def clinical_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """As member_view, and the role must see clinical records (not front desk)."""

    @member_view
    @wraps(view)
    def wrapper(request: HttpRequest, actor: Actor, *args, **kwargs) -> HttpResponse:
        actor.require_clinical()
        return view(request, actor, *args, **kwargs)

    return wrapper


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
