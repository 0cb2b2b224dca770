"""Database triggers that keep the audit trail append-only, whoever writes to the database:
the ORM's bulk `update()`/`delete()`, a SQL console, another program.

The only UPDATE allowed on an audit event is the chainer filling its chain fields once
(`seq`, `previous_hash`, `hash` from empty to set) with the content unchanged. DELETE is refused
and, on PostgreSQL, so is TRUNCATE (which skips row triggers). The chain head may move forward
but never be deleted. Only someone able to drop triggers (the database owner) can get past
them, and the keyed chain detects what they then change (docs/audit.md)."""

from __future__ import annotations

EVENT = "accounts_auditevent"
HEAD = "accounts_auditchainhead"
CONTENT_COLUMNS = (
    "id",
    "at",
    "user_id",
    "username",
    "clinic_id",
    "action",
    "object_type",
    "object_id",
    "remote_addr",
    "detail",
    "mac",
)
MESSAGE = "audit events are append-only"

_sqlite_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT_COLUMNS)
_pg_new = ", ".join(f"NEW.{c}" for c in CONTENT_COLUMNS)
_pg_old = ", ".join(f"OLD.{c}" for c in CONTENT_COLUMNS)

CREATE = {
    "sqlite": [
        f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {EVENT}
        WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL OR {_sqlite_changed}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {EVENT}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON {HEAD}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON {HEAD}
        WHEN NEW.seq < OLD.seq BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION myomap_audit_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {EVENT} FOR EACH ROW
        WHEN (OLD.seq IS NOT NULL OR NEW.seq IS NULL OR ({_pg_new}) IS DISTINCT FROM ({_pg_old}))
        EXECUTE FUNCTION myomap_audit_refuse()""",
        f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {EVENT} FOR EACH ROW
        EXECUTE FUNCTION myomap_audit_refuse()""",
        f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {EVENT}
        FOR EACH STATEMENT EXECUTE FUNCTION myomap_audit_refuse()""",
        f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON {HEAD} FOR EACH ROW
        EXECUTE FUNCTION myomap_audit_refuse()""",
        f"""CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON {HEAD}
        FOR EACH STATEMENT EXECUTE FUNCTION myomap_audit_refuse()""",
        f"""CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON {HEAD} FOR EACH ROW
        WHEN (NEW.seq < OLD.seq) EXECUTE FUNCTION myomap_audit_refuse()""",
    ],
}

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        "DROP TRIGGER IF EXISTS audit_event_no_delete",
        "DROP TRIGGER IF EXISTS audit_head_no_delete",
        "DROP TRIGGER IF EXISTS audit_head_no_rewind",
    ],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS audit_event_no_update ON {EVENT}",
        f"DROP TRIGGER IF EXISTS audit_event_no_delete ON {EVENT}",
        f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {EVENT}",
        f"DROP TRIGGER IF EXISTS audit_head_no_delete ON {HEAD}",
        f"DROP TRIGGER IF EXISTS audit_head_no_truncate ON {HEAD}",
        f"DROP TRIGGER IF EXISTS audit_head_no_rewind ON {HEAD}",
    ],
}


def audit_triggers_create(connection) -> None:
    with connection.cursor() as cursor:
        for statement in CREATE.get(connection.vendor, []):
            cursor.execute(statement)


def audit_triggers_drop(connection) -> None:
    """Only for the database owner's own maintenance (the test suite's flush between tests,
    the tamper tests acting as an attacker who owns the database)."""
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)
