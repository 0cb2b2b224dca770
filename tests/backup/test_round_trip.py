"""A backup restores every table identically — SQLite → SQLite, PostgreSQL → PostgreSQL and
SQLite → PostgreSQL — with the audit chain verifying and the database triggers in force."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from myomap.backup.databases import database_as_default
from myomap.backup.services import (
    audit_chain_status,
    backup_compare,
    backup_create,
    backup_open,
    backup_restore,
)
from myomap.backup.tables import triggers_list
from tests.backup.conftest import database_tables, demo_load, every_table

PATHS = [("sqlite", "sqlite"), ("postgresql", "postgresql"), ("sqlite", "postgresql")]


def _make(databases, vendor: str, label: str, **kwargs) -> str:
    return getattr(databases, vendor)(label, **kwargs)


@pytest.mark.parametrize(("source_vendor", "target_vendor"), PATHS, ids=lambda v: v)
def test_a_restored_backup_has_every_table_identical_and_the_audit_chain_intact(
    databases, passphrase, tmp_path, source_vendor, target_vendor
):
    source = _make(databases, source_vendor, "source")
    demo_load(source)
    manifest = backup_create(tmp_path / "clinic.backup", passphrase, alias=source)
    # The target is created but left without a schema: the restore builds it.
    target = _make(databases, target_vendor, "target", migrate=False)

    contents = backup_open(tmp_path / "clinic.backup", passphrase)
    try:
        backup_restore(contents, alias=target)
    finally:
        contents.close()

    before, after = every_table(source), every_table(target)
    assert set(before) == database_tables(source), "the backup covers every table"
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], table
    assert sum(len(rows) for rows in before.values()) == sum(
        entry["rows"] for entry in manifest["tables"].values()
    )
    assert len(before["records_treatmentsession"]) > 0
    assert len(before["accounts_auditevent"]) == manifest["audit"]["events"] > 0
    assert backup_compare(manifest, target) == []
    assert audit_chain_status(target) == (True, "")
    # The same triggers guard the same tables (their names differ between the two databases).
    assert {table for table, _, _ in triggers_list(target)} == {
        table for table, _, _ in triggers_list(source)
    }
    if source_vendor == target_vendor:
        assert triggers_list(target) == triggers_list(source)
    assert all(enabled for _, _, enabled in triggers_list(target))


@pytest.mark.parametrize("target_vendor", ["sqlite", "postgresql"])
def test_after_a_restore_a_signed_note_still_cannot_be_changed(
    databases, passphrase, tmp_path, target_vendor
):
    from myomap.records.models import TreatmentSession

    source = databases.sqlite("source")
    demo_load(source)
    backup_create(tmp_path / "clinic.backup", passphrase, alias=source)
    target = _make(databases, target_vendor, "target")
    contents = backup_open(tmp_path / "clinic.backup", passphrase)
    try:
        backup_restore(contents, alias=target)
    finally:
        contents.close()

    with database_as_default(target):
        signed = TreatmentSession.objects.filter(signed_at__isnull=False)
        assert signed.exists()
        with pytest.raises(DatabaseError), transaction.atomic():
            signed.update(subjective="rewritten after signing")
        assert not TreatmentSession.objects.filter(subjective="rewritten after signing").exists()


@pytest.mark.parametrize("target_vendor", ["sqlite", "postgresql"])
def test_a_restored_database_takes_new_records_after_the_restored_ids(
    databases, passphrase, tmp_path, target_vendor
):
    from myomap.accounts.audit import audit_record
    from myomap.accounts.models import AuditAction, AuditEvent

    source = databases.sqlite("source")
    demo_load(source)
    backup_create(tmp_path / "clinic.backup", passphrase, alias=source)
    target = _make(databases, target_vendor, "target")
    contents = backup_open(tmp_path / "clinic.backup", passphrase)
    try:
        backup_restore(contents, alias=target)
    finally:
        contents.close()

    with database_as_default(target):
        newest = AuditEvent.objects.order_by("-id").first()
        event = audit_record(actor=None, action=AuditAction.LOGIN_FAILED, username="after")
        assert event.id > newest.id
        assert AuditEvent.objects.get(pk=event.pk).previous_hash == newest.hash
    assert audit_chain_status(target) == (True, "")
