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
            from tests.factories import make_member

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


@pytest.fixture
def world(people, actor_of, planned_episode):
    """The owner's clinic with every kind of record: an episode with an assessment (pain map,
    finding), a plan, a signed note with an addendum, and a draft note — all by the owner."""
    from myomap.records.models import Assessment, Plan
    from myomap.records.painmap import assessment_pain_map_save
    from myomap.records.sessions.services import addendum_add, session_create, session_sign

    actor = actor_of(people.owner)
    assessment = Assessment.objects.get(episode=planned_episode)
    assessment_pain_map_save(
        actor=actor,
        assessment_id=assessment.pk,
        entries=[{"region": "thoracolumbar_paraspinal_l", "intensity": 6, "quality": "ache"}],
    )
    note = {"seen_on": planned_episode.onset_date.isoformat(), "stage": "relieve_spasm",
            "nprs_before": 6, "nprs_after": 4, "red_flag_rescreen": "none_new"}  # fmt: skip
    signed = session_create(actor=actor, episode_id=planned_episode.pk, note=note)
    session_sign(actor=actor, session_id=signed.pk)
    addendum_add(actor=actor, session_id=signed.pk, text="Phoned: easier the next day.")
    draft = session_create(actor=actor, episode_id=planned_episode.pk, note=note)
    return {
        "client_id": planned_episode.client_id,
        "episode_id": planned_episode.pk,
        "assessment_id": assessment.pk,
        "finding_id": assessment.muscle_findings.get().pk,
        "plan_id": Plan.objects.get(assessment=assessment).pk,
        "signed_id": signed.pk,
        "draft_id": draft.pk,
        "note": note,
    }
