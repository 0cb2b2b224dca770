"""The audit trail is append-only, keyed and anchored: every way of tampering with it is
either refused by the database or found by `audit_chain_verify`, on SQLite and PostgreSQL.

Tampering "behind the application's back" drops the triggers first, as only the database
owner can: that is the attacker the keyed chain and the checkpoint file are there for."""

from __future__ import annotations

import hashlib

import pytest
from django.db import DatabaseError, connection, transaction

from myomap.accounts.audit import (
    audit_chain_extend,
    audit_chain_verify,
    audit_checkpoint_write,
    audit_genesis_ensure,
    audit_record,
    event_mac,
)
from myomap.accounts.audit_triggers import audit_triggers_drop
from myomap.accounts.models import AuditChainHead, AuditEvent


@pytest.fixture
def log(people, actor_of):
    """Five chained reads after the genesis record, anchored in the checkpoint file."""
    actor = actor_of(people.owner)
    for n in range(5):
        audit_record(actor=actor, action="read", object_type="client", object_id=str(n))
    audit_chain_extend(wait=True)
    audit_checkpoint_write()
    return list(AuditEvent.objects.order_by("seq"))


def _refused(statement) -> bool:
    try:
        with transaction.atomic():
            statement()
    except DatabaseError:
        return True
    return False


def _sql(query: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(query, params)


def _rechain_with_a_guessed_key() -> None:
    """What an attacker without the key can do: recompute every link with another key."""
    previous = "0" * 64
    for seq, event in enumerate(AuditEvent.objects.order_by("seq", "id"), start=1):
        mac = hashlib.sha256(repr(event.pk).encode() + event.action.encode()).hexdigest()
        digest = hashlib.sha256(f"{seq}{previous}{mac}".encode()).hexdigest()
        _sql(
            "UPDATE accounts_auditevent SET seq = %s, mac = %s, previous_hash = %s, hash = %s "
            "WHERE id = %s",
            (-seq, mac, previous, digest, event.pk),
        )
        previous = digest
    _sql("UPDATE accounts_auditevent SET seq = -seq")
    _sql("UPDATE accounts_auditchainhead SET last_hash = %s", (previous,))


def test_an_untouched_log_verifies_with_its_genesis_first(log):
    result = audit_chain_verify()
    assert result.ok, result.describe()
    assert result.checked == 6
    assert log[0].action == "genesis" and log[0].seq == 1


def test_the_model_refuses_to_change_or_delete_an_event(log):
    with pytest.raises(RuntimeError):
        log[2].save()
    with pytest.raises(RuntimeError):
        log[2].delete()


def test_bulk_orm_update_and_delete_are_refused_by_the_database(log):
    assert _refused(lambda: AuditEvent.objects.filter(pk=log[2].pk).update(action="update"))
    assert _refused(lambda: AuditEvent.objects.update(username="nobody"))
    assert _refused(lambda: AuditEvent.objects.filter(pk=log[2].pk).delete())
    assert _refused(lambda: AuditEvent.objects.all().delete())
    assert _refused(lambda: AuditChainHead.objects.all().delete())
    assert AuditEvent.objects.count() == 6
    assert audit_chain_verify().ok


def test_sql_edits_deletes_and_a_rewound_head_are_refused_by_the_database(log):
    assert _refused(lambda: _sql("UPDATE accounts_auditevent SET action = 'update'"))
    assert _refused(lambda: _sql("DELETE FROM accounts_auditevent WHERE id = %s", (log[3].pk,)))
    assert _refused(lambda: _sql("UPDATE accounts_auditchainhead SET seq = 2"))
    if connection.vendor == "postgresql":
        assert _refused(lambda: _sql("TRUNCATE accounts_auditevent CASCADE"))
    assert audit_chain_verify().ok


def test_an_edited_event_is_named(log):
    audit_triggers_drop(connection)
    _sql("UPDATE accounts_auditevent SET object_id = 'someone-else' WHERE id = %s", (log[3].pk,))
    result = audit_chain_verify()
    assert not result.ok
    assert result.first_bad_id == log[3].pk
    assert "content" in result.reason


def test_a_deleted_middle_event_is_named(log):
    audit_triggers_drop(connection)
    _sql("DELETE FROM accounts_auditevent WHERE id = %s", (log[2].pk,))
    result = audit_chain_verify()
    assert not result.ok
    assert result.first_bad_id == log[3].pk
    assert "missing" in result.reason


def test_a_deleted_tail_is_detected_by_the_signed_head(log):
    audit_triggers_drop(connection)
    _sql("DELETE FROM accounts_auditevent WHERE seq >= 5")
    result = audit_chain_verify()
    assert not result.ok
    assert "newest events were removed" in result.reason


def test_a_deleted_tail_with_the_head_rewritten_to_match_is_detected(log):
    audit_triggers_drop(connection)
    _sql("DELETE FROM accounts_auditevent WHERE seq >= 5")
    _sql("UPDATE accounts_auditchainhead SET seq = 4, last_hash = %s", (log[3].hash,))
    result = audit_chain_verify()
    assert not result.ok
    assert "head was altered" in result.reason


def test_a_truncated_log_with_an_old_genuine_head_put_back_is_detected_by_the_checkpoint(
    log, people, actor_of
):
    old_head = AuditChainHead.objects.get()
    for _ in range(3):
        audit_record(actor=actor_of(people.owner), action="read", object_type="client")
    audit_chain_extend(wait=True)
    audit_checkpoint_write()
    audit_triggers_drop(connection)
    _sql("DELETE FROM accounts_auditevent WHERE seq > %s", (old_head.seq,))
    _sql(
        "UPDATE accounts_auditchainhead SET seq = %s, last_hash = %s, mac = %s",
        (old_head.seq, old_head.last_hash, old_head.mac),
    )
    result = audit_chain_verify()
    assert not result.ok
    assert "truncated" in result.reason


def test_an_edit_then_a_rechain_without_the_key_is_detected(log):
    audit_triggers_drop(connection)
    _sql("UPDATE accounts_auditevent SET username = 'mallory' WHERE id = %s", (log[2].pk,))
    _rechain_with_a_guessed_key()
    result = audit_chain_verify()
    assert not result.ok
    assert result.first_bad_seq == 1  # not even the genesis record survives a rechain


def test_a_delete_then_a_rechain_without_the_key_is_detected(log):
    audit_triggers_drop(connection)
    _sql("DELETE FROM accounts_auditevent WHERE id = %s", (log[2].pk,))
    _rechain_with_a_guessed_key()
    result = audit_chain_verify()
    assert not result.ok
    assert result.first_bad_seq == 1


def test_a_wiped_log_is_detected_as_empty(log):
    audit_triggers_drop(connection)
    _sql("DELETE FROM accounts_auditevent")
    _sql("DELETE FROM accounts_auditchainhead")
    result = audit_chain_verify()
    assert not result.ok
    assert "empty" in result.reason


def test_a_wiped_log_started_again_is_detected_by_the_checkpoint_file(log):
    audit_triggers_drop(connection)
    _sql("DELETE FROM accounts_auditevent")
    _sql("DELETE FROM accounts_auditchainhead")
    assert audit_genesis_ensure()  # what the next `myomap init` would do
    result = audit_chain_verify()
    assert not result.ok
    assert "replaced" in result.reason


def test_an_event_inserted_without_the_key_is_named(log):
    forged = AuditEvent(at=log[1].at, username="mallory", action="read", mac="0" * 64)
    forged.save()
    result = audit_chain_verify()
    assert not result.ok
    assert result.first_bad_id == forged.pk


def test_a_removed_checkpoint_file_fails_verification(log, settings):
    settings.MYOMAP_AUDIT_CHECKPOINT_FILE.unlink()
    result = audit_chain_verify()
    assert not result.ok
    assert "no checkpoint file" in result.reason


def test_each_events_mac_matches_its_content_as_read_back_from_the_database(log):
    for event in log:
        assert event.mac == event_mac(event)
