"""The owner's API-token page (`/settings/api-tokens/`): issue a token to a staff member (the
token is shown once, on the response to the issuing POST, and never again), see each token's
expiry and last use, and revoke it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
from myomap.errors import NotFound, ValidationFailed
from myomap.inputs import strict_int
from myomap.web.http.access import member_view
from myomap.web.http.form_tokens import once_per_token


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
@once_per_token
def api_tokens(request: HttpRequest, actor: Actor) -> HttpResponse:
    actor.require_owner()
    if request.method != "POST":
        return _page(request, actor)
    raw_days = request.POST.get("days", "").strip()
    try:
        days = strict_int(raw_days) if raw_days else DEFAULT_DAYS
    except ValueError:
        days = -1  # refused by the service, naming the field and the range
    try:
        issued = token_issue(
            actor=actor,
            user_id=request.POST.get("user", ""),
            name=request.POST.get("name", ""),
            days=days,
        )
    except ValidationFailed as exc:
        return _page(request, actor, error=exc.message, form=request.POST, status=400)
    except NotFound:
        # From this page an unknown member is a wrong choice in the form, not a missing page.
        refusal = ValidationFailed({"user": ["choose an active staff member of this clinic."]})
        return _page(request, actor, error=refusal.message, form=request.POST, status=400)
    response = _page(request, actor, issued=issued)
    # A resend of the same form issues nothing more and goes back to the page (the token was
    # shown once, on the first answer).
    response.replay_url = reverse("api_tokens")  # type: ignore[attr-defined]
    return response


@never_cache
@require_POST
@member_view
def api_token_revoke(request: HttpRequest, actor: Actor, token_id: uuid.UUID) -> HttpResponse:
    token = token_revoke(actor=actor, token_id=token_id)
    messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
    return redirect("api_tokens")
