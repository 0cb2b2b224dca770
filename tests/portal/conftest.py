from __future__ import annotations

import pytest

from tests.factories import make_portal_link


@pytest.fixture
def issue_link(people, actor_of, client_record):
    """Create a portal link as the owner; returns (link, token)."""

    def issue(purpose="pre_visit", client=None, **kwargs):
        return make_portal_link(actor_of(people.owner), client or client_record, purpose, **kwargs)

    return issue


@pytest.fixture
def portal_in(client):
    """Open a link and confirm the date of birth in the test client; returns the client."""

    def enter(token, dob=(12, 3, 1984)):
        opened = client.get("/p/open", {"t": token})
        assert opened.status_code == 302, opened.content[:300]
        day, month, year = dob
        confirmed = client.post(
            "/p/confirm", {"dob_day": day, "dob_month": month, "dob_year": year}
        )
        assert confirmed.status_code == 302, confirmed.content[:500]
        return client

    return enter
