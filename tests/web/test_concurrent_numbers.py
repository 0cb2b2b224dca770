"""Numbered rows under concurrency: several saves of a session note, or starts of an assessment,
on one episode at the same moment (a double click, two tabs, two clinicians) each get their
own number, and none of them is a server error.

Real threads with their own database connections post at once through the test client, after
a barrier. On PostgreSQL this is the race that used to fail on the unique constraint; the
episode row lock makes the second save wait for the first and read the new maximum. SQLite's
in-memory test database cannot hold two writers at once (shared-cache table locks fail at
once rather than wait), so there the same posts run one after another and the test checks the
numbering alone; the concurrency is PostgreSQL's to prove.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client as WebClient
from django.urls import reverse

from myomap.records.models import Assessment, TreatmentSession
from tests.web.test_session_pages import form_post

WORKERS = 6


def _race(user, url: str, data: dict) -> list[int]:
    """Post `data` to `url` from WORKERS threads at once; the response status codes."""
    concurrent = connection.vendor == "postgresql"
    barrier = threading.Barrier(WORKERS if concurrent else 1)
    statuses: list[int] = []
    problems: list[BaseException] = []

    def post() -> None:
        from django.db import connections

        try:
            web = WebClient()
            web.force_login(user)
            barrier.wait(timeout=30)
            statuses.append(web.post(url, data).status_code)
        except BaseException as exc:  # surfaced below: a thread must not fail silently
            problems.append(exc)
        finally:
            connections.close_all()

    if concurrent:
        threads = [threading.Thread(target=post) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    else:
        for _ in range(WORKERS):
            post()
    assert not problems, problems
    return statuses


@pytest.mark.django_db(transaction=True)
def test_simultaneous_session_notes_get_unique_numbers_and_no_server_error(people, planned_episode):
    statuses = _race(people.owner, reverse("session_new", args=[planned_episode.pk]), form_post())
    assert statuses == [302] * WORKERS
    numbers = sorted(TreatmentSession.objects.values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + 1))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_assessment_starts_get_unique_numbers_and_no_server_error(
    people, planned_episode
):
    statuses = _race(people.owner, reverse("assessment_new", args=[planned_episode.pk]), {})
    assert all(status < 500 for status in statuses) and len(statuses) == WORKERS
    numbers = sorted(Assessment.objects.values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + 2))  # the planned episode's assessment is 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_plan_generations_get_unique_versions_and_no_server_error(
    people, planned_episode
):
    assessment = Assessment.objects.get()
    statuses = _race(people.owner, reverse("plan_generate", args=[assessment.pk]), {})
    assert all(status < 500 for status in statuses) and len(statuses) == WORKERS
    versions = sorted(assessment.plans.values_list("version", flat=True))
    assert versions == list(range(1, WORKERS + 2))  # the fixture generated version 1
