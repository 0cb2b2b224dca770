"""The clinic's "today": the calendar date in the clinic's time zone (`MYOMAP_TIME_ZONE`), not
the server's. Every date check and default in the records and pages uses this one helper, so a
visit entered late in the evening is never dated tomorrow (or yesterday) by a UTC server."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def clinic_today() -> date:
    return timezone.localdate()
