"""Episodes of care: selectors and services. Clinical records — the front desk has no access,
every query is scoped to the actor's clinic, and every read and write is audited."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import transaction
from django.forms import ModelForm

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.engine import duration_run
from myomap.errors import ValidationFailed
from myomap.records.forms import EpisodeForm, EpisodeStatusForm
from myomap.records.models import Client, Episode, EpisodeStatus
from myomap.records.scoped import record_get_audited, record_list_audited
from myomap.records.selectors import client_get_for_user
from myomap.today import clinic_today


def _valid(form: ModelForm) -> ModelForm:
    if not form.is_valid():
        raise ValidationFailed({f: [str(m) for m in msgs] for f, msgs in form.errors.items()})
    return form


def episode_list_for_client(*, actor: Actor, client: Client) -> list[Episode]:
    actor.require_clinical()
    return record_list_audited(
        Episode.objects.filter(clinic=actor.clinic, client=client),
        actor=actor,
        object_type="episode",
        detail={"client": str(client.pk)},
    )


def episode_get_for_user(*, actor: Actor, episode_id: uuid.UUID | str) -> Episode:
    actor.require_clinical()
    episodes = Episode.objects.select_related("client").filter(clinic=actor.clinic)
    return record_get_audited(episodes, episode_id, actor=actor, object_type="episode")


def episode_create(*, actor: Actor, client_id: uuid.UUID | str, data: dict[str, Any]) -> Episode:
    actor.require_clinical()
    client = client_get_for_user(actor=actor, client_id=client_id, audit=False)
    form = _valid(EpisodeForm(data=data))
    with transaction.atomic():
        episode = form.save(commit=False)
        episode.clinic = actor.clinic
        episode.client = client
        episode.created_by = actor.user
        episode.save()
        audit_object(actor, AuditAction.CREATE, "episode", episode, {"client": str(client.pk)})
        # Imported here, as below. A new episode's summary is current from the start, so
        # Today does not list it among the out-of-date ones it puts first.
        from myomap.records.episodes.summary import episode_summary_refresh

        episode_summary_refresh(actor=actor, episode_id=episode.pk)
    return episode


def episode_status_set(
    *, actor: Actor, episode_id: uuid.UUID | str, data: dict[str, Any]
) -> Episode:
    """Mark an episode referred, or reopen it, with a reason."""
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    episode_status_before = episode.status
    form = _valid(EpisodeStatusForm(data=data, instance=episode))
    # Discharge needs a date, a reason and a confirmation, and reopening a reason: both have
    # their own services (records.episodes.care); this one never takes those shortcuts.
    wanted = form.cleaned_data["status"]
    if wanted in (EpisodeStatus.DISCHARGED, EpisodeStatus.MAINTENANCE):
        raise ValidationFailed(
            {"status": ["Discharge with the discharge form: a date, a reason and a confirmation."]}
        )
    if wanted != episode_status_before and not form.cleaned_data["status_note"].strip():
        raise ValidationFailed({"status_note": ["Write the reason for the change of status."]})
    with transaction.atomic():
        episode = form.save()
        audit_object(actor, AuditAction.UPDATE, "episode", episode, {"status": episode.status})
        # Imported here: the episode state (which the summary is of) reads episodes from here.
        from myomap.records.episodes.summary import episode_summary_refresh

        episode_summary_refresh(actor=actor, episode_id=episode.pk)
    return episode


def episode_duration(episode: Episode, *, on: date | None = None) -> dict:
    """The engine's duration class (acute / subacute / chronic) for this episode today."""
    return duration_run(
        episode.onset_date.isoformat(), (on or clinic_today()).isoformat(), episode.recurrent
    )
