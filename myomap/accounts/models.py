"""Clinics, who works there in which role, and the append-only audit trail."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    CLINICIAN = "clinician", "Clinician"
    FRONT_DESK = "front_desk", "Front desk"


# Roles that may see clinical content (assessments, notes, plans); front desk handles
# registration and demographics only.
CLINICAL_ROLES = frozenset({Role.OWNER, Role.CLINICIAN})


class ScopeOfPractice(models.TextChoices):
    """What the clinician is trained and registered to do; the plan offers only techniques
    within it."""

    MASSAGE_NMT = "massage_nmt", "Massage / neuromuscular therapy"
    PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
    CHIROPRACTOR_OSTEOPATH = "chiropractor_osteopath", "Chiropractor / osteopath"


class Clinic(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    address = models.TextField(max_length=500, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Printed at the top of handouts and letters (e.g. the clinic's name, address, web site).
    letterhead = models.TextField(max_length=1000, blank=True)
    # Dates and times on this clinic's pages; empty = the installation's MYOMAP_TIME_ZONE.
    time_zone = models.CharField(max_length=64, blank=True, default="")
    require_two_factor = models.BooleanField(default=False)
    # How long clinical records are kept before a client's erasure request can be carried out,
    # counted from the client's last recorded care. Set by the owner; none set = no erasure
    # yet (the law of the clinic's country decides, so Myomap offers no default).
    record_retention_years = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user works in exactly one clinic, in one role. Several clinics share one PostgreSQL
    database; each person's view is confined to their own clinic."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    # The clinician's profession and registration number are printed on letters.
    profession = models.CharField(max_length=100, blank=True)
    registration_number = models.CharField(max_length=60, blank=True)
    scope_of_practice = models.CharField(max_length=30, choices=ScopeOfPractice.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} @ {self.clinic} ({self.role})"

    @property
    def sees_clinical(self) -> bool:
        return self.role in CLINICAL_ROLES


class AuditAction(models.TextChoices):
    CREATE = "create", "Create"
    READ = "read", "Read"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    LIST = "list", "List"
    EXPORT = "export", "Export"
    LOGIN = "login", "Login"
    LOGIN_FAILED = "login_failed", "Login failed"
    LOGOUT = "logout", "Logout"
    REFUSED = "refused", "Refused"
    GENESIS = "genesis", "Start of the log"


class AuditEvent(models.Model):
    """One line of the audit trail, append-only (database triggers refuse UPDATE and DELETE).

    Written in two steps so that writers never queue on one lock: the writer inserts the event
    with `mac`, an HMAC of its content under the audit key; a chainer later gives it the next
    `seq` and `hash` = HMAC(seq, previous hash, mac). The triggers allow exactly that one
    change (chain fields filled once, content unchanged). See docs/audit.md."""

    at = models.DateTimeField(db_index=True)
    # PROTECT: nulling the user of past events would rewrite history (and break the chain);
    # staff are deactivated, never deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    username = models.CharField(max_length=150, blank=True)
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    mac = models.CharField(max_length=64, default="")
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["id"], condition=models.Q(seq__isnull=True), name="audit_event_pending"
            ),
            models.Index(fields=["clinic", "at"], name="audit_event_clinic_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only and cannot be deleted.")


class AuditChainHead(models.Model):
    """The newest chained event (seq and hash), signed with the audit key (`mac`), so removing
    the newest events is detected even when the head is rewritten to match. The chainer locks
    this row; writers do not."""

    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.seq} {self.last_hash}"
