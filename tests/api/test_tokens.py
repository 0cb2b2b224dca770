"""Personal API tokens: issued by the owner to a member of their clinic, shown once, stored
hashed, acting with the member's clinic and role, expiring, revocable, rate-limited; and the
browser session with CSRF as the other way in."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from myomap.accounts.models import AuditEvent, Membership
from myomap.api.models import ApiToken
from myomap.api.tokens import token_issue, token_revoke
from myomap.errors import Forbidden, NotFound, ValidationFailed


def _get(client, secret: str, path: str = "/api/v1/clients"):
    return client.get(path, headers={"Authorization": f"Bearer {secret}"})


def test_only_the_hash_of_a_token_is_stored_and_it_is_shown_once(people, actor_of):
    issued = token_issue(actor=actor_of(people.owner), user_id=people.colleague.pk, name="sync")
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith("mym_") and len(issued.secret) > 40
    assert issued.secret not in (stored.token_hash, stored.prefix)
    assert issued.secret.startswith(stored.prefix)
    assert AuditEvent.objects.filter(object_type="api_token", action="create").count() == 1


def test_only_an_owner_issues_tokens_and_only_to_their_own_clinics_staff(people, actor_of):
    with pytest.raises(Forbidden):
        token_issue(actor=actor_of(people.colleague), user_id=people.colleague.pk, name="x")
    with pytest.raises(NotFound):
        token_issue(actor=actor_of(people.owner), user_id=people.outsider.pk, name="x")
    with pytest.raises(ValidationFailed, match="days"):
        token_issue(actor=actor_of(people.owner), user_id=people.owner.pk, name="x", days=400)


def test_a_token_acts_with_its_members_role(people, client, token_for, episode):
    front_desk = token_for(people.front_desk)
    assert _get(client, front_desk).status_code == 200
    response = _get(client, front_desk, f"/api/v1/episodes/{episode.pk}")
    assert response.status_code == 403
    assert "front-desk" in response.json()["error"]["message"]


def test_a_deactivated_users_token_gets_nothing(people, client, token_for):
    secret = token_for(people.colleague)
    assert _get(client, secret).status_code == 200
    people.colleague.is_active = False
    people.colleague.save()
    response = _get(client, secret)
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith("Send a valid API token")


def test_a_token_of_another_clinic_gets_nothing_of_this_one(people, client, token_for, episode):
    secret = token_for(people.outsider)
    assert _get(client, secret).json()["items"] == []
    for path in (f"/clients/{episode.client_id}", f"/episodes/{episode.pk}"):
        assert _get(client, secret, f"/api/v1{path}").status_code == 404


def test_a_member_moved_to_another_clinic_loses_the_old_clinics_token(people, client, token_for):
    secret = token_for(people.colleague)
    Membership.objects.filter(user=people.colleague).update(clinic=people.other_clinic)
    assert _get(client, secret).status_code == 401


def test_revoked_expired_and_unknown_tokens_get_nothing(people, client, actor_of, token_for):
    secret = token_for(people.colleague)
    token = ApiToken.objects.get(user=people.colleague)
    token_revoke(actor=actor_of(people.owner), token_id=token.pk)
    assert _get(client, secret).status_code == 401
    other = token_for(people.front_desk)
    ApiToken.objects.filter(user=people.front_desk).update(expires_at=timezone.now())
    assert _get(client, other).status_code == 401
    assert _get(client, "mym_" + "x" * 43).status_code == 401
    assert client.get("/api/v1/clients").status_code == 401


def test_the_last_use_is_recorded(people, client, token_for):
    secret = token_for(people.colleague)
    assert ApiToken.objects.get(user=people.colleague).last_used_at is None
    _get(client, secret)
    assert ApiToken.objects.get(user=people.colleague).last_used_at is not None


def test_a_token_over_its_rate_limit_is_refused_with_429(people, client, token_for, settings):
    settings.MYOMAP_API_RATE_PER_MINUTE = 3
    secret = token_for(people.colleague)
    statuses = [_get(client, secret).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Rate limit of 3" in _get(client, secret).json()["error"]["message"]
    # Another member's token has its own budget.
    assert _get(client, token_for(people.owner)).status_code == 200


def test_the_session_works_for_reads_and_needs_the_csrf_token_for_writes(people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.owner)
    assert browser.get("/api/v1/clients").status_code == 200
    body = {"given_name": "Ana", "family_name": "Lind", "date_of_birth": "1990-05-01",
            "sex": "female", "occupation": "desk"}  # fmt: skip
    refused = browser.post("/api/v1/clients", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]["message"]
    browser.get("/clients/")  # any page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/clients", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201


def test_the_owner_page_issues_shows_once_and_revokes(people, client):
    client.force_login(people.owner)
    page = client.post(
        "/settings/api-tokens/", {"user": people.colleague.pk, "name": "reports", "days": "30"}
    )
    assert page.status_code == 200
    token = ApiToken.objects.get(user=people.colleague)
    secret = page.content.decode().split('class="token-secret">')[1].split("<")[0]
    assert secret.startswith(token.prefix)
    listing = client.get("/settings/api-tokens/").content.decode()
    assert "reports" in listing and secret not in listing and "never" in listing
    client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_the_token_page_refuses_bad_input_and_other_roles(people, client):
    client.force_login(people.owner)
    refused = client.post("/settings/api-tokens/", {"user": people.colleague.pk, "name": ""})
    assert refused.status_code == 400 and b"Name the token" in refused.content
    assert not ApiToken.objects.exists()
    client.force_login(people.colleague)
    assert client.get("/settings/api-tokens/").status_code == 403


def test_the_cli_issues_a_token_in_the_owners_name(people, capsys):
    from typer.testing import CliRunner

    from myomap.cli import app

    result = CliRunner().invoke(
        app, ["token", "create", "--user", people.colleague.username, "--name", "etl"]
    )
    assert result.exit_code == 0, result.output
    token = ApiToken.objects.get(user=people.colleague)
    assert token.created_by == people.owner
    assert token.expires_at - timezone.now() > timedelta(days=89)
    refused = CliRunner().invoke(
        app, ["token", "create", "--user", people.colleague.username, "--name", "x", "--days", "0"]
    )
    assert refused.exit_code == 2


def test_the_docs_page_is_served_from_vendored_assets_without_inline_script(people, client):
    client.force_login(people.owner)
    page = client.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "<script>" not in html.replace('<script type="application/json"', "")
    assert "script-src 'self'" in page["Content-Security-Policy"]
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert all(s.get("description") for s in schema["components"]["schemas"].values())


def test_every_operation_documents_the_error_shape(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), (method, path)


def test_the_openapi_document_has_no_duplicate_keys(client):
    duplicates = []

    def hook(pairs):
        keys = [key for key, _ in pairs]
        duplicates.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=hook)
    assert duplicates == []


def test_the_token_page_is_linked_from_the_owners_clinic_pages(people, client):
    client.force_login(people.owner)
    for page in ("/clinic/", "/clinic/staff/", "/settings/api-tokens/"):
        assert 'href="/settings/api-tokens/"' in client.get(page).content.decode(), page
    tokens = client.get("/settings/api-tokens/").content.decode()
    assert 'href="/clinic/" aria-current="page"' in tokens  # the header's Clinic section
    client.force_login(people.colleague)
    assert 'href="/settings/api-tokens/"' not in client.get("/account/").content.decode()
