"""The audit trail is append-only and hash-chained."""

from __future__ import annotations

import pytest

from myomap.accounts.audit import audit_chain_verify, audit_record
from myomap.accounts.models import AuditEvent


@pytest.mark.django_db
def test_an_untouched_audit_chain_verifies(people, actor_of):
    for n in range(3):
        audit_record(actor=actor_of(people.owner), action="read", object_type="client", object_id=n)
    assert audit_chain_verify() is None


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted_through_the_model(people, actor_of):
    event = audit_record(actor=actor_of(people.owner), action="read", object_type="client")
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db
def test_a_row_deleted_behind_the_applications_back_is_detected(people, actor_of):
    events = [
        audit_record(actor=actor_of(people.owner), action="read", object_type="client")
        for _ in range(3)
    ]
    AuditEvent.objects.filter(pk=events[1].pk).delete()  # queryset delete bypasses the model
    assert audit_chain_verify() == events[2].pk


@pytest.mark.django_db
def test_an_altered_row_is_detected(people, actor_of):
    event = audit_record(actor=actor_of(people.owner), action="read", object_type="client")
    AuditEvent.objects.filter(pk=event.pk).update(action="update")
    assert audit_chain_verify() == event.pk
