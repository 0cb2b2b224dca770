"""Diary reminders from cron: due ones are emailed with a fresh between-visits link to clients
who agreed to be contacted, nothing clinical in the email, the token never printed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from myomap.accounts.models import AuditEvent
from myomap.portal.models import PortalLink
from myomap.records.diary.reminders import SKIP_NO_CONSENT, SKIP_NO_EMAIL, reminders_send
from myomap.records.diary.services import diary_settings_set
from myomap.records.models import DiarySettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(owner, planned_episode):
    """Weekly reminders set a week ago: due today."""
    client = planned_episode.client
    client.email, client.consent_communications = "maria@example.org", True
    client.save()
    diary_settings_set(actor=owner, episode_id=planned_episode.pk, reminder_days="7")
    DiarySettings.objects.filter(episode=planned_episode).update(next_reminder_on=date.today())
    return planned_episode


def test_a_due_reminder_is_emailed_with_a_fresh_link_and_rescheduled(people, due):
    run = reminders_send()
    assert run.sent == 1 and not run.skipped
    (message,) = mail.outbox
    assert message.to == ["maria@example.org"] and "/p/open?t=" in message.body
    for clinical in ("NPRS", "pain 6", "quadratus", "spasm", "stretch"):
        assert clinical not in message.body
    link = PortalLink.objects.get()
    assert link.purpose == "between_visits" and link.episode_id == due.pk
    assert link.created_by == people.owner  # the clinician who set the cadence
    row = DiarySettings.objects.get(episode=due)
    assert row.last_reminder_on == date.today()
    assert row.next_reminder_on == date.today() + timedelta(days=7)
    assert AuditEvent.objects.filter(object_type="diary_reminder", action="create").count() == 1
    assert reminders_send().sent == 0  # not due again until next week
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("email", "consent", "why"),
    [("maria@example.org", False, SKIP_NO_CONSENT), ("", True, SKIP_NO_EMAIL)],
)
def test_no_email_without_consent_or_address_and_the_next_is_scheduled(due, email, consent, why):
    client = due.client
    client.email, client.consent_communications = email, consent
    client.save()
    run = reminders_send()
    assert run.sent == 0 and run.skipped[why] == 1
    assert not mail.outbox and not PortalLink.objects.exists()
    assert DiarySettings.objects.get(episode=due).next_reminder_on == date.today() + timedelta(7)


def test_no_reminders_when_the_clinician_turned_them_off(owner, due):
    diary_settings_set(actor=owner, episode_id=due.pk, reminder_days="0")
    assert reminders_send().sent == 0 and not mail.outbox


def test_a_dry_run_counts_without_sending_or_changing(due):
    assert reminders_send(dry_run=True).sent == 1
    assert not mail.outbox and not PortalLink.objects.exists()
    assert DiarySettings.objects.get(episode=due).next_reminder_on == date.today()


def test_the_command_prints_counts_and_never_the_link(due):
    from typer.testing import CliRunner

    from myomap.cli import app

    result = CliRunner().invoke(app, ["portal-reminders"])
    assert result.exit_code == 0, result.output
    assert "Diary reminders: 1 sent." in result.output
    assert "/p/open" not in result.output and "t=" not in result.output
