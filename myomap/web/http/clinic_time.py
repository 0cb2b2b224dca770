"""Pages show dates and times in the signed-in person's clinic's time zone (Clinic details),
or the installation's when the clinic has none."""

from __future__ import annotations

import zoneinfo

from django.utils import timezone

from myomap.errors import Forbidden


class ClinicTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from myomap.web.http.access import request_actor

        user = getattr(request, "user", None)
        zone_name = ""
        if user is not None and user.is_authenticated:
            try:
                zone_name = request_actor(request).clinic.time_zone
            except Forbidden:
                zone_name = ""
        if not zone_name:
            return self.get_response(request)
        timezone.activate(zoneinfo.ZoneInfo(zone_name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
