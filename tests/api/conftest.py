"""API fixtures: a personal token for any member (issued by their clinic's owner) and a Django
test client that sends it."""

from __future__ import annotations

import pytest


@pytest.fixture
def token_for(db, actor_of):
    from myomap.accounts.models import Membership, Role
    from myomap.api.tokens import token_issue

    def issue(user, days: int = 30) -> str:
        clinic = Membership.objects.get(user=user).clinic
        owner = Membership.objects.filter(clinic=clinic, role=Role.OWNER).first()
        if owner is None:  # a clinic without an owner in the fixtures: make one
            from tests.conftest import make_member

            owner_user = make_member(f"owner-{clinic.pk.hex[:6]}", clinic, Role.OWNER)
        else:
            owner_user = owner.user
        return token_issue(actor=actor_of(owner_user), user_id=user.pk, name="t", days=days).secret

    return issue


@pytest.fixture
def api_as(client, token_for):
    """`api_as(user)` → a caller whose .get/.post/.put/.delete send that user's token."""

    class Caller:
        def __init__(self, secret: str) -> None:
            self.headers = {"Authorization": f"Bearer {secret}"}

        def get(self, path: str, **query):
            return client.get(f"/api/v1{path}", query, headers=self.headers)

        def post(self, path: str, body=None):
            return client.post(
                f"/api/v1{path}", body or {}, content_type="application/json", headers=self.headers
            )

        def put(self, path: str, body=None):
            return client.put(
                f"/api/v1{path}", body or {}, content_type="application/json", headers=self.headers
            )

        def delete(self, path: str):
            return client.delete(f"/api/v1{path}", headers=self.headers)

    return lambda user: Caller(token_for(user))
