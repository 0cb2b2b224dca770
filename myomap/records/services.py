"""Writes of client records: validated, scoped to the actor's clinic, audited, all-or-nothing."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.errors import ValidationFailed
from myomap.records.forms import ClientForm
from myomap.records.models import Client
from myomap.records.selectors import client_get_for_user


def _validated(data: dict[str, Any], instance: Client | None = None) -> ClientForm:
    form = ClientForm(data=data, instance=instance)
    if not form.is_valid():
        raise ValidationFailed(
            {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}
        )
    return form


def client_create(*, actor: Actor, data: dict[str, Any]) -> Client:
    form = _validated(data)
    with transaction.atomic():
        client = form.save(commit=False)
        client.clinic = actor.clinic
        if client.consent_treatment_on:
            client.consent_treatment_recorded_by = actor.user
        client.save()
        audit_object(actor, AuditAction.CREATE, "client", client)
    return client


def client_update(*, actor: Actor, client_id: uuid.UUID | str, data: dict[str, Any]) -> Client:
    client = client_get_for_user(actor=actor, client_id=client_id, audit=False)
    form = _validated(data, instance=client)
    with transaction.atomic():
        client = form.save(commit=False)
        if "consent_treatment_on" in form.changed_data:
            client.consent_treatment_recorded_by = (
                actor.user if client.consent_treatment_on else None
            )
        client.save()
        audit_object(
            actor, AuditAction.UPDATE, "client", client, {"fields": sorted(form.changed_data)}
        )
    return client
