"""Acceptance: the number of queries a page makes does not grow with the clinic. The same pages
are opened on the demo clinic and on a medium-size generated clinic (`bench.scale_data`) in
one database, and their query counts compared. Counts, never timings."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.scale_data import generate
from myomap.accounts.models import Membership, Role
from myomap.records.models import Episode

MEDIUM = {"clients": 240, "sessions": 4000}


def _pages(clinic, family: str) -> dict[str, str]:
    """The clinic's active, treated episode with the most signed notes, and its pages."""
    episode = (
        Episode.objects.filter(
            clinic=clinic, status="active", plans__output__status="ok", client__family_name=family
        )
        .annotate(notes=Count("sessions"))
        .order_by("-notes")
        .first()
    )
    plan = episode.plans.order_by("-version").first()
    return episode.notes, {
        # Today: the first request brings the window's summaries up to date (the generated
        # clinic is written past the services); the counted second one reads them.
        "Today": "/",
        "client list": "/clients/",
        "client search": f"/clients/?q={family[:4].lower()}",
        "client": f"/clients/{episode.client_id}/",
        "episode": f"/episodes/{episode.pk}/",
        "progress": f"/episodes/{episode.pk}/progress/",
        "note form": f"/episodes/{episode.pk}/sessions/new/",
        "plan": f"/plans/{plan.pk}/",
    }


def _counts(browser, clinic, family: str) -> tuple[int, dict[str, int]]:
    user = Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN).first().user
    browser.force_login(user)
    counts = {}
    notes, pages = _pages(clinic, family)
    for name, url in pages.items():
        browser.get(url)  # the first request of a login writes its session; count the second
        with CaptureQueriesContext(connection) as captured:
            response = browser.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(captured.captured_queries)
    return notes, counts


def test_every_main_page_makes_as_many_queries_on_a_large_clinic_as_on_the_demo(
    demo_clinic, client
):
    made = generate(MEDIUM["clients"], MEDIUM["sessions"], quiet=True)
    large_family = (
        Episode.objects.filter(clinic=made["clinic"], status="active")
        .annotate(notes=Count("sessions"))
        .order_by("-notes")
        .values_list("client__family_name", flat=True)
        .first()
    )
    demo_notes, on_demo = _counts(client, demo_clinic, "Okafor")
    large_notes, on_large = _counts(client, made["clinic"], large_family)
    assert large_notes > 5 * demo_notes  # the large episode really is larger
    assert on_large == on_demo
