"""One-time form tokens: a form sent twice (a double click, a resent request after a slow
answer, two tabs of the same page) writes once, and the second post answers like the first.

Every form that creates something carries `{% form_token %}` (a hidden `form_token` with a
fresh random UUID; the tag is a template builtin) and its view is wrapped in `@once_per_token`.
The wrapper claims the token by inserting a `FormSubmission` row in the same transaction as the
view's own writes, so the claim and the record commit together or not at all:

- first post: the view runs; on success the row keeps where it led (the redirect's address,
  or for a page that shows a secret once, the `replay_url` it names);
- same token again: the insert hits the primary key. On PostgreSQL a concurrent second insert
  waits for the first transaction, on SQLite the second write transaction waits for the first,
  so the second post always sees the finished first one and answers with the same redirect
  (htmx: a page refresh showing what was saved), writing nothing;
- a refused post (any `ValidationFailed` on the way, or a 4xx answer) releases its token, so the
  corrected form can be sent again. A refusal never rolls back anything: it only decides whether
  the token is kept.

A post without a token behaves as before (API clients and scripts have their own idempotency).
The rules are in `docs/input-validation.md`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django import template
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html

from myomap.errors import refusals_seen
from myomap.web.models import FormSubmission

FIELD = "form_token"
KEPT_FOR = timedelta(days=2)  # long enough for any resend; older claims are pruned

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """The hidden one-time token of a create form (a new one each time the form is drawn)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4())


def _refused(response: HttpResponse, seen: list) -> bool:
    return bool(seen) or response.status_code >= 400


def _replay(request: HttpRequest, first: FormSubmission) -> HttpResponse:
    messages.info(request, "This form was already sent; nothing was saved twice.")
    if getattr(request, "htmx", False):
        # The first answer was a swapped section: reload the page to show what it saved.
        return HttpResponse(status=200, headers={"HX-Refresh": "true"})
    return redirect(first.response_url or request.path)


def _reused(request: HttpRequest) -> HttpResponse:
    message = (
        "form_token: this form's one-time token belongs to another form or user. "
        "Reload the page and send the form again."
    )
    return render(request, "error.html", {"status": 400, "message": message}, status=400)


def once_per_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a POST view so a form token is answered once (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        raw = request.POST.get(FIELD) if request.method == "POST" else None
        if raw is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            token = uuid.UUID(raw)
        except ValueError:
            return _not_a_token(request, raw)
        try:
            return _first_post(request, token, view, args, kwargs)
        except IntegrityError:
            first = FormSubmission.objects.filter(token=token).first()
            if first is None:
                raise  # not the token's row: an error of the view itself
            if first.user_id != request.user.pk or first.path != request.path:
                return _reused(request)
            return _replay(request, first)

    return wrapper


def _not_a_token(request: HttpRequest, raw: str) -> HttpResponse:
    message = f"form_token: {raw[:60]!r} is not a form token. Reload the page."
    return render(request, "error.html", {"status": 400, "message": message}, status=400)


def once_for_account(
    request: HttpRequest, account, send: Callable[[], HttpResponse], *, replay_url: str
) -> HttpResponse:
    """The same one-time claim for a form whose sender is not signed in but which acts for an
    account (the forgotten-password form): the claim is held by that account. Without a token
    the form is simply sent; the same token again answers with `replay_url` and sends nothing."""
    raw = request.POST.get(FIELD)
    if raw is None:
        return send()
    try:
        token = uuid.UUID(raw)
    except ValueError:
        return _not_a_token(request, raw)
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=account, path=request.path[:300])
            return send()
    except IntegrityError:
        return redirect(replay_url)


def _where_it_led(response: HttpResponse) -> str:
    """A redirect's address; a page drawn once (a secret shown only this time: new backup
    codes, an API token, a set-password link) names with `replay_url` where a resend goes."""
    return str(response.get("Location") or getattr(response, "replay_url", ""))


def _first_post(request, token: uuid.UUID, view, args, kwargs) -> HttpResponse:
    seen: list = []
    with transaction.atomic():
        FormSubmission.objects.create(token=token, user=request.user, path=request.path[:300])
        marker = refusals_seen.set(seen)
        try:
            response = view(request, *args, **kwargs)
        finally:
            refusals_seen.reset(marker)
        claim = FormSubmission.objects.filter(token=token)
        if _refused(response, seen):
            claim.delete()  # the corrected form may be sent with the same token
        else:
            claim.update(response_url=_where_it_led(response)[:500])
            FormSubmission.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return response
