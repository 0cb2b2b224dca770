"""Every API endpoint for the four callers of every access test: the owner, a colleague
clinician of the same clinic, the front desk (demographics only) and a clinician of another
clinic (who must find nothing). Each allowed call writes the audit event the page's service
writes; each refused call changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from myomap.accounts.models import AuditEvent

CLIENT = {"given_name": "Ana", "family_name": "Lind", "date_of_birth": "1990-05-01",
          "sex": "female", "occupation": "desk"}  # fmt: skip


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: dict | None = None
    ok: int = 200
    # The audit event an allowed call writes: (action, object_type).
    audit: tuple[str, str] | None = None
    front_desk: int = 403  # most records are clinical
    colleague: int | None = None  # when it differs from the owner's (author-only actions)
    extra: dict = field(default_factory=dict)


CALLS = [
    Call("GET", "/clients", audit=("list", "client"), front_desk=200),
    Call("POST", "/clients", CLIENT, ok=201, audit=("create", "client"), front_desk=201),
    Call("GET", "/clients/{client_id}", audit=("read", "client"), front_desk=200),
    Call("PUT", "/clients/{client_id}", CLIENT, audit=("update", "client"), front_desk=200),
    Call("GET", "/clients/{client_id}/episodes", audit=("list", "episode")),
    Call("POST", "/clients/{client_id}/episodes",
         {"onset_date": "2026-01-02", "complaint": "Ache"}, ok=201, audit=("create", "episode")),
    Call("GET", "/episodes/{episode_id}", audit=("read", "episode")),
    Call("PUT", "/episodes/{episode_id}/status",
         {"status": "referred", "status_note": "Sent to the GP to review the night pain"},
         audit=("update", "episode")),
    Call("GET", "/episodes/{episode_id}/assessments", audit=("list", "assessment")),
    Call("POST", "/episodes/{episode_id}/assessments", {}, ok=201,
         audit=("create", "assessment")),
    Call("GET", "/assessments/{assessment_id}", audit=("read", "assessment")),
    Call("PUT", "/assessments/{assessment_id}/red-flags", {"findings": []},
         audit=("update", "assessment")),
    Call("PUT", "/assessments/{assessment_id}/severity", {"pain_at_rest": False},
         audit=("update", "assessment")),
    Call("PUT", "/assessments/{assessment_id}/posture", {}, audit=("update", "assessment")),
    Call("PUT", "/assessments/{assessment_id}/measures/nprs", {"answers": 5},
         audit=("update", "assessment")),
    Call("GET", "/assessments/{assessment_id}/pain-map", audit=("read", "assessment")),
    Call("PUT", "/assessments/{assessment_id}/pain-map",
         {"entries": [{"region": "thoracolumbar_paraspinal_r", "intensity": 5}]},
         audit=("update", "assessment")),
    Call("GET", "/assessments/{assessment_id}/findings", audit=("read", "assessment")),
    Call("POST", "/assessments/{assessment_id}/findings",
         {"muscle": "quadratus_lumborum", "side": "left"}, ok=201,
         audit=("create", "muscle_finding")),
    Call("PUT", "/assessments/{assessment_id}/findings/{finding_id}", {"spasm": True},
         audit=("update", "muscle_finding")),
    Call("DELETE", "/assessments/{assessment_id}/findings/{finding_id}", ok=204,
         audit=("delete", "muscle_finding")),
    Call("POST", "/assessments/{assessment_id}/plans", ok=201, audit=("create", "plan")),
    Call("GET", "/episodes/{episode_id}/plans", audit=("list", "plan")),
    Call("GET", "/plans/{plan_id}", audit=("read", "plan")),
    Call("POST", "/plans/{plan_id}/edits",
         {"override": {"action": "skip", "item": "ischemic_compression"},
          "reason": "Client dislikes pressure"}, ok=201, audit=("create", "plan")),
    Call("GET", "/episodes/{episode_id}/sessions", audit=("list", "session")),
    Call("POST", "/episodes/{episode_id}/sessions", "note", ok=201, audit=("create", "session")),
    Call("GET", "/sessions/{signed_id}", audit=("read", "session")),
    Call("PUT", "/sessions/{draft_id}", "note", audit=("update", "session"), colleague=403),
    Call("POST", "/sessions/{draft_id}/sign", audit=("update", "session"), colleague=403),
    Call("POST", "/sessions/{signed_id}/addenda", {"text": "Later: fine."}, ok=201,
         audit=("create", "addendum")),
    Call("GET", "/episodes/{episode_id}/progress", audit=("list", "session")),
    # No proposal is open after one session: reachable and validated, nothing decided.
    Call("POST", "/episodes/{episode_id}/progress/decisions",
         {"kind": "advance", "at_session": 1, "decision": "accepted", "reason": "Ready"},
         ok=400, audit=("read", "episode")),
    Call("GET", "/episodes/{episode_id}/handouts/home-programme.pdf",
         audit=("export", "home_programme")),
    Call("GET", "/episodes/{episode_id}/handouts/discharge-summary.pdf",
         audit=("export", "discharge_summary")),
    Call("GET", "/fhir/Patient/{client_id}/$everything", audit=("export", "client")),
    Call("GET", "/exports/outcomes.csv", audit=("export", "outcomes_csv")),
]  # fmt: skip
ENGINE = [
    ("score", {"instrument": "nprs", "value": 4}),
    ("change", {"measure": "odi", "baseline": 40, "follow_up": 20}),
    ("triage", {"age": 40, "sex": "female", "findings": []}),
    ("severity", {"pain_at_rest": False}),
    ("leg-length", {}),
    ("sources", {"regions": ["thoracolumbar_paraspinal_l"]}),
]


def _accesses(events) -> set[tuple[str, str]]:
    """(action, object type) of every access the events record: writes one event each, the
    reads of one request gathered into one event that lists them."""
    found = {(e.action, e.object_type) for e in events}
    for e in events:
        found |= {(o["action"], o["type"]) for o in (e.detail or {}).get("objects", [])}
    return found


def _expected(call: Call, role: str) -> int:
    if role == "outsider":
        # Clinic-wide calls answer for their own clinic; another clinic's ids do not exist.
        return call.ok if "{" not in call.path else 404
    if role == "front_desk":
        return call.front_desk
    if role == "colleague" and call.colleague is not None:
        return call.colleague
    return call.ok


ROLES = ("owner", "colleague", "front_desk", "outsider")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("call", CALLS, ids=lambda c: f"{c.method} {c.path}")
def test_every_endpoint_answers_each_role_as_the_pages_do(call, role, people, world, api_as):
    caller = api_as(getattr(people, role))
    path = call.path.format(**world)
    body = world["note"] if call.body == "note" else call.body
    before = AuditEvent.objects.count()
    response = getattr(caller, call.method.lower())(path, *([body] if body is not None else []))
    expected = _expected(call, role)
    assert response.status_code == expected, response.content[:300]
    events = list(AuditEvent.objects.filter(pk__gt=0).order_by("id"))[before:]
    if expected < 300 or (call.ok == 400 and expected == 400):
        assert call.audit in _accesses(events)
        actor = getattr(people, role)
        assert all(e.user_id == actor.pk for e in events)
    else:
        assert response.json()["error"]["message"]
        writes = [e for e in events if e.action in ("create", "update", "delete", "export")]
        assert writes == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command,document", ENGINE, ids=[c for c, _ in ENGINE])
def test_engine_commands_are_for_clinical_roles_only(command, document, role, people, api_as):
    response = api_as(getattr(people, role)).post(f"/engine/{command}", document)
    assert response.status_code == (403 if role == "front_desk" else 200), response.content
    if response.status_code == 200:
        assert response.json()["kb_version"]


def test_the_engine_refuses_bad_input_naming_the_field_as_the_cli_does(people, api_as):
    response = api_as(people.owner).post("/engine/score", {"instrument": "nprs", "value": 11})
    assert response.status_code == 400
    assert response.json() == {
        "error": {"message": "value must be from 0 to 10, got 11", "field": "value"}
    }


def test_the_api_writes_the_same_audit_events_as_the_client_page(people, client, api_as):
    def trail(since: int) -> list[tuple[str, str]]:
        return [(e.action, e.object_type) for e in AuditEvent.objects.filter(pk__gt=since)]

    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client.force_login(people.owner)
    client.post("/clients/new/", CLIENT)
    page_events = trail(start)
    mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    api_as(people.owner).post("/clients", CLIENT)
    api_events = trail(mark)
    assert ("create", "client") in page_events
    assert [e for e in api_events if e[1] == "client"] == [
        e for e in page_events if e[1] == "client"
    ]


def test_a_signed_note_stays_locked_through_the_api(people, world, api_as):
    response = api_as(people.owner).put(f"/sessions/{world['signed_id']}", world["note"])
    assert response.status_code == 409
    assert response.json()["error"]["field"] == "signed"


@pytest.mark.parametrize("role", ROLES)
def test_importing_a_bundle_through_the_api_is_for_clinical_roles(role, people, world, api_as):
    owner = api_as(people.owner)
    bundle = owner.get(f"/fhir/Patient/{world['client_id']}/$everything").json()
    response = api_as(getattr(people, role)).post("/fhir/Bundle", bundle)
    assert response.status_code == (403 if role == "front_desk" else 201), response.content[:300]
    if role != "front_desk":
        assert AuditEvent.objects.filter(
            object_type="fhir_import", user=getattr(people, role)
        ).exists()


def test_a_request_the_records_state_refuses_is_a_conflict(people, world, api_as):
    owner = api_as(people.owner)
    duplicate = owner.post(
        f"/assessments/{world['assessment_id']}/findings",
        {"muscle": "quadratus_lumborum", "side": "right"},
    )
    assert duplicate.status_code == 409 and duplicate.json()["error"]["field"] == "muscle"
    early = owner.post(f"/sessions/{world['draft_id']}/addenda", {"text": "Not yet signed"})
    assert early.status_code == 409 and early.json()["error"]["field"] == "text"


def test_lists_filter_and_page_with_a_cursor(people, world, api_as):
    owner = api_as(people.owner)
    path = f"/episodes/{world['episode_id']}/sessions"
    assert [s["id"] for s in owner.get(path, signed="true").json()["items"]] == [
        str(world["signed_id"])
    ]
    assert [s["id"] for s in owner.get(path, signed="false").json()["items"]] == [
        str(world["draft_id"])
    ]
    first = owner.get(path, limit=1).json()
    second = owner.get(path, limit=1, cursor=first["next_cursor"]).json()
    assert [first["items"][0]["number"], second["items"][0]["number"]] == [1, 2]
    assert second["next_cursor"] is None
    episodes = f"/clients/{world['client_id']}/episodes"
    assert owner.get(episodes, status="discharged").json()["items"] == []
    assert len(owner.get(episodes, status="active").json()["items"]) == 1


def test_the_client_list_pages_by_name_with_a_keyset_cursor(people, actor_of, api_as):
    from myomap.records.services import client_create

    for family in ("Ames", "Baker", "Chen"):
        client_create(actor=actor_of(people.owner), data={
            "given_name": "Jo", "family_name": family, "date_of_birth": "1980-01-01",
            "sex": "other", "occupation": "desk"})  # fmt: skip
    owner = api_as(people.owner)
    first = owner.get("/clients", limit=2).json()
    rest = owner.get("/clients", limit=2, cursor=first["next_cursor"]).json()
    names = [c["family_name"] for c in first["items"] + rest["items"]]
    assert names == ["Ames", "Baker", "Chen"] and rest["next_cursor"] is None
    assert [c["family_name"] for c in owner.get("/clients", search="ba").json()["items"]] == [
        "Baker"
    ]
    assert owner.get("/clients", cursor="bm90LWEtY3Vyc29y").status_code == 400


def _writes_since(mark: int) -> list[tuple[str, str]]:
    return [
        (e.action, e.object_type)
        for e in AuditEvent.objects.filter(pk__gt=mark).order_by("id")
        if e.action in ("create", "update", "delete", "export")
    ]


def _mark() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_signing_adding_an_addendum_and_planning_audit_as_the_pages_do(
    people, world, actor_of, client, api_as
):
    from myomap.records.sessions.services import session_create

    second = session_create(
        actor=actor_of(people.owner), episode_id=world["episode_id"], note=world["note"]
    )
    client.force_login(people.owner)
    api = api_as(people.owner)
    pairs = [
        (lambda: client.post(f"/sessions/{world['draft_id']}/sign/"),
         lambda: api.post(f"/sessions/{second.pk}/sign")),
        (lambda: client.post(f"/sessions/{world['signed_id']}/addenda/", {"text": "Page note"}),
         lambda: api.post(f"/sessions/{world['signed_id']}/addenda", {"text": "API note"})),
        (lambda: client.post(f"/assessments/{world['assessment_id']}/plan/"),
         lambda: api.post(f"/assessments/{world['assessment_id']}/plans")),
    ]  # fmt: skip
    for page_call, api_call in pairs:
        mark = _mark()
        assert page_call().status_code in (200, 302)
        page_writes = _writes_since(mark)
        mark = _mark()
        assert api_call().status_code in (200, 201)
        assert _writes_since(mark) == page_writes != []


def test_a_nul_character_is_refused_naming_the_field_and_nothing_is_saved(people, api_as):
    from myomap.records.models import Client

    owner = api_as(people.owner)
    response = owner.post("/clients", {**CLIENT, "family_name": "Li\x00nd"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "family_name"
    assert not Client.objects.exists()
    query = owner.get("/clients", search="a\x00b")
    assert query.status_code == 400 and query.json()["error"]["field"] == "search"
