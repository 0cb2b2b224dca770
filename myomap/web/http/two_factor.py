"""Two-factor sign-in on django-otp: a TOTP authenticator (enrolled with a QR code) and backup
codes (django-otp's static device).

Enforcement, on every page: a session that has not passed the second factor reaches only the
two-factor pages, log-out and the password pages, when the user has an authenticator (they are
asked for a code) or their clinic requires two-factor (they are sent to enrol)."""

from __future__ import annotations

import segno
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from myomap.errors import Forbidden

ENROLLED = "myomap_otp_enrolled"
# Pages a password-only session may reach.
OPEN_PAGES = frozenset(
    {
        "login",
        "logout",
        "healthz",
        "two_factor",
        "two_factor_confirm",
        "two_factor_verify",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


@receiver(user_logged_in)
def _forget_enrolment(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(ENROLLED, None)


def session_enrolled(request) -> bool:
    """Whether the user has a confirmed device, remembered in the session (two queries once
    per login instead of on every page)."""
    if ENROLLED not in request.session:
        request.session[ENROLLED] = user_has_device(request.user, confirmed=True)
    return bool(request.session[ENROLLED])


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            target = self._redirect_for(request)
            if target is not None:
                return target
        return self.get_response(request)

    def _redirect_for(self, request):
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if name in OPEN_PAGES:
            return None
        query = urlencode({"next": request.get_full_path()})
        if session_enrolled(request):
            return redirect(f"{reverse('two_factor_verify')}?{query}")
        from myomap.web.http.access import request_actor

        try:
            required = request_actor(request).clinic.require_two_factor
        except Forbidden:
            return None
        if required:
            return redirect(f"{reverse('two_factor')}?{query}")
        return None


def qr_data_uri(text: str) -> str:
    """The otpauth URL as an inline SVG QR code (the CSP allows data: images, not scripts)."""
    return segno.make(text, error="m").svg_data_uri(scale=5, dark="#111", light="#fff")
