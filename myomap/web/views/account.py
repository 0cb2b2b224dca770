"""The signed-in person's own account: profile (profession, registration, scope of practice),
password, two-factor enrolment and sign-in, backup codes. Reachable without a clinic
membership where that makes sense (log-out, two-factor), so nobody is stranded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction
from myomap.accounts.staff import membership_profile_save
from myomap.accounts.two_factor import (
    backup_codes_renew,
    totp_device_confirm,
    totp_device_pending,
    totp_device_pending_or_new,
)
from myomap.errors import Forbidden
from myomap.web.forms.account import ProfileForm, TokenForm, note_refusal, refused
from myomap.web.forms.errors import refusal_shown_on
from myomap.web.http.access import member_view, request_actor
from myomap.web.http.form_tokens import once_for_account, once_per_token
from myomap.web.http.two_factor import ENROLLED, qr_data_uri


def _actor_or_none(request) -> Actor | None:
    try:
        return request_actor(request)
    except Forbidden:
        return None


def _audit_two_factor(request, what: str) -> None:
    audit_record(
        actor=_actor_or_none(request),
        action=AuditAction.UPDATE,
        object_type="two_factor",
        object_id=str(request.user.pk),
        detail={"event": what},
        username=request.user.get_username(),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@member_view
def account(request: HttpRequest, actor: Actor) -> HttpResponse:
    membership = actor.membership
    initial = {
        "profession": membership.profession,
        "registration_number": membership.registration_number,
        "scope_of_practice": membership.scope_of_practice,
    }
    form = ProfileForm(data=request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusal_shown_on(form):
                membership_profile_save(actor=actor, data=form.cleaned_data)
                messages.success(request, "Profile saved.")
                return redirect("account")
        status = refused(form)
    context = {"form": form, "two_factor_on": user_has_device(request.user, confirmed=True)}
    return render(request, "account/account.html", context, status=status)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, type the code it shows."""
    user = request.user
    if user_has_device(user, confirmed=True):
        verified = user.is_verified()  # type: ignore[union-attr]
        return render(request, "account/two_factor_on.html", {"verified": verified})
    device = totp_device_pending_or_new(user)
    context = {
        "qr": qr_data_uri(device.config_url),
        "secret": _base32(device.bin_key),
        "form": TokenForm(),
        "next": _next_url(request),
    }
    return render(request, "account/two_factor_enrol.html", context)


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@require_POST
@once_per_token
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = totp_device_pending(user)
    form = TokenForm(data=request.POST)
    if device is None:
        return redirect("two_factor")
    if not form.is_valid() or not device.verify_token(form.cleaned_data["token"].replace(" ", "")):
        # Noted as a refusal, so the form's one-time token stays usable for the next code.
        note_refusal({"token": ["That code did not match."]})
        messages.error(request, "That code did not match. Check the phone's clock and try again.")
        return redirect("two_factor")
    totp_device_confirm(device)
    otp_login(request, device)
    request.session[ENROLLED] = True
    codes = backup_codes_renew(user)
    _audit_two_factor(request, "enrolled")
    return _codes_page(request, codes, _next_url(request))


def _codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """The new backup codes, shown once. A resend of the same form does not make a third set:
    it goes to the two-factor page, where new codes can be asked for deliberately."""
    response = render(request, "account/backup_codes.html", {"codes": codes, "next": next_url})
    response.replay_url = reverse("two_factor")  # type: ignore[attr-defined]
    return response


@login_required
@require_POST
@once_per_token
def backup_codes_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("two_factor_verify")
    codes = backup_codes_renew(request.user)
    _audit_two_factor(request, "backup codes renewed")
    return _codes_page(request, codes, "/")


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator or a backup code."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        request.session[ENROLLED] = False  # e.g. the owner reset this person's devices
        return redirect("two_factor")
    form = TokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            _audit_two_factor(request, "verified")
            return redirect(_next_url(request))
        _audit_two_factor(request, "code refused")
        form.add_error("token", "That code did not match.")
    return render(
        request, "account/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


class PasswordResetOnce(auth_views.PasswordResetView):
    """The forgotten-password form, sent once per form token: a double click or a resent
    request sends one email. The claim is the same one-time row as `once_per_token`'s, held by
    the account the email goes to (the person asking is not signed in); an address with no
    account sends nothing, so it claims nothing. Both answers are the same page, so a resend
    never tells whether the address exists."""

    def form_valid(self, form):
        users = list(form.get_users(form.cleaned_data["email"]))
        send = super().form_valid
        if not users:
            return send(form)
        return once_for_account(
            self.request, users[0], lambda: send(form), replay_url=self.get_success_url()
        )
