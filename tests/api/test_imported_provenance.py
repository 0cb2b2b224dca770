"""The API names who made an imported decision, as the progress page does, not the importer
whose account the row holds."""

from __future__ import annotations

from tests.exchange.test_fhir import _decided_and_referred


def test_an_imported_decision_is_credited_to_its_maker_in_the_api(
    people, actor_of, planned_episode, api_as
):
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import ProgressDecision

    _decided_and_referred(people, planned_episode)
    bundle = client_bundle_for_user(
        actor=actor_of(people.owner), client_id=planned_episode.client_id
    )
    bundle_import(actor=actor_of(people.outsider), bundle=bundle)
    made = ProgressDecision.objects.get(clinic=people.other_clinic)

    response = api_as(people.outsider).get(f"/episodes/{made.episode_id}/progress")
    assert response.status_code == 200, response.content
    [decision] = response.json()["decisions"]
    assert decision["decided_by"] == "olivia (imported by Otto)"

    # A decision made here is still credited to its maker's account.
    mine = api_as(people.owner).get(f"/episodes/{planned_episode.pk}/progress")
    assert [d["decided_by"] for d in mine.json()["decisions"]] == ["olivia"]


def test_an_imported_note_names_who_wrote_signed_and_added_to_it_in_the_api(
    people, actor_of, planned_episode, api_as
):
    from myomap.exchange.fhir_export import client_bundle_for_user
    from myomap.exchange.fhir_import import bundle_import
    from myomap.records.models import TreatmentSession
    from myomap.records.sessions.services import addendum_add
    from tests.factories import make_session

    note = make_session(actor_of(people.owner), planned_episode)
    addendum_add(actor=actor_of(people.owner), session_id=note.pk, text="Pain eased that night.")
    bundle = client_bundle_for_user(
        actor=actor_of(people.owner), client_id=planned_episode.client_id
    )
    bundle_import(actor=actor_of(people.outsider), bundle=bundle)
    imported = TreatmentSession.objects.get(clinic=people.other_clinic)

    one = api_as(people.outsider).get(f"/sessions/{imported.pk}")
    listed = api_as(people.outsider).get(f"/episodes/{imported.episode_id}/sessions")
    assert one.status_code == 200, one.content
    assert listed.status_code == 200, listed.content
    for body in (one.json(), listed.json()["items"][0]):
        assert body["created_by"] == "olivia (imported by Otto)"
        assert body["signed_by"] == "olivia (imported by Otto)"
        assert [a["author"] for a in body["addenda"]] == ["olivia (imported by Otto)"]

    # A note written here is still credited to its writer's account.
    here = api_as(people.owner).get(f"/sessions/{note.pk}").json()
    assert (here["created_by"], here["signed_by"]) == ("olivia", "olivia")
    assert [a["author"] for a in here["addenda"]] == ["olivia"]
