"""The client list is paged by name (keyset) and searchable by name and date of birth."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from myomap.records.models import Client
from myomap.records.selectors import CLIENT_PAGE_SIZE
from tests.audit_helpers import audited


def _clients(clinic, count: int, family: str = "Abbott") -> list[Client]:
    return Client.objects.bulk_create(
        Client(
            clinic=clinic,
            given_name=f"Given{n:03d}",
            family_name=family,
            date_of_birth=date(1950, 1, 1) + timedelta(days=n),
            sex="female",
            occupation="desk",
        )
        for n in range(count)
    )


def _names(html: str) -> list[str]:
    return re.findall(r"Abbott, (Given\d+)", html)


def _next(html: str) -> str | None:
    found = re.search(r'href="([^"]+)" rel="next"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.mark.django_db
def test_the_client_list_shows_one_page_and_a_link_to_the_next(people, browser_as):
    _clients(people.clinic, CLIENT_PAGE_SIZE + 7)
    browser = browser_as(people.colleague)
    first = browser.get(reverse("client_list")).content.decode()
    assert _names(first) == [f"Given{n:03d}" for n in range(CLIENT_PAGE_SIZE)]
    second = browser.get(_next(first)).content.decode()
    assert _names(second) == [
        f"Given{n:03d}" for n in range(CLIENT_PAGE_SIZE, CLIENT_PAGE_SIZE + 7)
    ]
    assert _next(second) is None and "First page" in second


@pytest.mark.django_db
def test_clients_with_the_same_name_are_neither_skipped_nor_repeated_across_pages(
    people, browser_as
):
    made = Client.objects.bulk_create(
        Client(clinic=people.clinic, given_name="Sam", family_name="Abbott", sex="male",
               occupation="desk", date_of_birth=date(1980, 1, 1))
        for _ in range(CLIENT_PAGE_SIZE + 3)
    )  # fmt: skip
    browser = browser_as(people.colleague)
    seen, url = [], reverse("client_list")
    while url:
        html = browser.get(url).content.decode()
        seen += re.findall(r'href="/clients/([0-9a-f-]{36})/"', html)
        url = _next(html)
    assert sorted(seen) == sorted(str(c.pk) for c in made)


@pytest.mark.django_db
def test_the_next_page_keeps_the_search(people, browser_as):
    _clients(people.clinic, CLIENT_PAGE_SIZE + 2)
    _clients(people.clinic, 5, family="Zeller")
    browser = browser_as(people.colleague)
    first = browser.get(reverse("client_list") + "?q=abbo").content.decode()
    second = browser.get(_next(first)).content.decode()
    assert len(_names(second)) == 2 and "Zeller" not in second


@pytest.mark.django_db
def test_a_client_is_found_by_date_of_birth_in_either_format(people, client_record, browser_as):
    browser = browser_as(people.front_desk)
    for query in ("1984-03-12", "12/03/1984", "okafor 12.03.1984"):
        html = browser.get(reverse("client_list"), {"q": query}).content.decode()
        assert "Okafor, Maria" in html, query
    html = browser.get(reverse("client_list"), {"q": "1984-03-13"}).content.decode()
    assert "Okafor, Maria" not in html


@pytest.mark.django_db
def test_a_page_cursor_from_another_clinic_starts_from_the_beginning(
    people, client_record, browser_as
):
    (elsewhere,) = _clients(people.other_clinic, 1, family="Zeller")
    browser = browser_as(people.colleague)
    for after in (str(elsewhere.pk), "not-a-uuid"):
        response = browser.get(reverse("client_list"), {"after": after})
        assert response.status_code == 200
        assert "Okafor, Maria" in response.content.decode()
        assert "Zeller" not in response.content.decode()


@pytest.mark.django_db
def test_a_page_of_the_client_list_is_audited_with_its_search_and_position(
    people, client_record, browser_as
):
    browser = browser_as(people.colleague)
    browser.get(reverse("client_list"), {"q": "oka", "after": ""})
    [entry] = audited(action="list", object_type="client")  # within the request's one event
    # The search by its length only: the text is often a name, and the log cannot be erased.
    assert entry["detail"] == {"search_length": 3, "after": "", "count": 1}
