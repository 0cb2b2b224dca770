"""Sessions end after MYOMAP_SESSION_IDLE_SECONDS without a request, and after the absolute
lifetime (SESSION_COOKIE_AGE) since login whatever the activity. The last-seen time is written
at most once a minute, so an ordinary page does not save the session."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver

LAST_SEEN = "myomap_last_seen"
STARTED = "myomap_started"
WRITE_EVERY = 60


@receiver(user_logged_in)
def _session_start(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[LAST_SEEN] = now


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            last = session.get(LAST_SEEN, now)
            started = session.get(STARTED, now)
            idle = now - last > settings.MYOMAP_SESSION_IDLE_SECONDS
            if idle or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, "Your session ended after a period without activity.")
                return redirect_to_login(request.get_full_path())
            if now - last >= WRITE_EVERY or LAST_SEEN not in session:
                session[LAST_SEEN] = now
                session.setdefault(STARTED, now)
        return self.get_response(request)
