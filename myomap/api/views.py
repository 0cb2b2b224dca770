"""The owner's API-token page (`/settings/api-tokens/`): issue a token to a staff member (the
token is shown once, on the response to the issuing POST, and never again), see each token's
expiry and last use, and revoke it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from myomap.accounts.actor import Actor
from myomap.accounts.models import Membership
from myomap.api.tokens import (
    DEFAULT_DAYS,
    MAX_DAYS,
    token_issue,
    token_list_for_owner,
    token_revoke,
)
from myomap.errors import ValidationFailed
from myomap.web.access import member_view


def _page(request: HttpRequest, actor: Actor, status: int = 200, **extra) -> HttpResponse:
    staff = (
        Membership.objects.filter(clinic=actor.clinic, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    context = {
        "tokens": token_list_for_owner(actor=actor),
        "staff": staff,
        "max_days": MAX_DAYS,
        "default_days": DEFAULT_DAYS,
        **extra,
    }
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@member_view
def api_tokens(request: HttpRequest, actor: Actor) -> HttpResponse:
    actor.require_owner()
    if request.method != "POST":
        return _page(request, actor)
    try:
        days = int(request.POST.get("days", "").strip() or DEFAULT_DAYS)
    except ValueError:
        days = -1
    try:
        issued = token_issue(
            actor=actor,
            user_id=request.POST.get("user", ""),
            name=request.POST.get("name", ""),
            days=days,
        )
    except ValidationFailed as exc:
        return _page(request, actor, error=exc.message, form=request.POST, status=400)
    return _page(request, actor, issued=issued)


@never_cache
@require_POST
@member_view
def api_token_revoke(request: HttpRequest, actor: Actor, token_id: uuid.UUID) -> HttpResponse:
    token = token_revoke(actor=actor, token_id=token_id)
    messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
    return redirect("api_tokens")
