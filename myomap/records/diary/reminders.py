"""Diary reminders: the emails a cron job sends through `myomap portal-reminders`. Each carries a
fresh between-visits portal link; nothing clinical is in the email (no pain, no exercise, no
diagnosis), and the link's token is never printed or logged.

A reminder is due when the episode's `next_reminder_on` is today or earlier and its cadence is
not "no reminders". It is sent only to a client who agreed to be contacted and has an email
address; otherwise the reminder is skipped and the next one scheduled, so a client is never
nagged by the next run. The link is issued in the name of the clinician who set the cadence (or,
when they cannot, the clinic's owner) and audited as theirs, as every link is."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction, Membership, Role
from myomap.records.models import DiarySettings, EpisodeStatus
from myomap.today import clinic_today

BATCH = 500  # per run; a run that finds more leaves the rest to the next one
OPEN = (EpisodeStatus.ACTIVE, EpisodeStatus.MAINTENANCE)
SKIP_NO_CONSENT = "no consent to be contacted"
SKIP_NO_EMAIL = "no email address"
SKIP_NO_ISSUER = "no active clinician or owner to issue the link"
SKIP_CLOSED = "episode no longer open"


@dataclass
class ReminderRun:
    sent: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: int = 0
    more_waiting: bool = False

    def summary(self) -> str:
        parts = [f"{self.sent} sent"]
        parts += [f"{count} skipped ({why})" for why, count in sorted(self.skipped.items())]
        if self.failed:
            parts.append(f"{self.failed} failed to send (retried next run)")
        if self.more_waiting:
            parts.append("more are due: run again")
        return "Diary reminders: " + ", ".join(parts) + "."


def _issuer(row: DiarySettings) -> Actor | None:
    memberships = Membership.objects.select_related("clinic", "user").filter(
        clinic_id=row.clinic_id, user__is_active=True
    )
    if row.set_by_id:
        chosen = memberships.filter(user_id=row.set_by_id).exclude(role=Role.FRONT_DESK).first()
        if chosen:
            return Actor(membership=chosen)
    owner = memberships.filter(role=Role.OWNER).order_by("pk").first()
    return Actor(membership=owner) if owner else None


def _body(given_name: str, clinic: str, url: str, expires) -> str:
    until = timezone.localtime(expires).strftime("%-d %B %Y")
    return (
        f"Hello {given_name},\n\n"
        f"This is your reminder from {clinic} to fill in your exercise and pain diary. "
        "It takes a couple of minutes: how your pain is today, and which of your home "
        "exercises you did.\n\n"
        f"{url}\n\n"
        "You will be asked for your date of birth before anything is shown. "
        f"The link works until {until}. Please do not forward it.\n\n"
        "If your pain is much worse, or you notice anything that worries you, contact "
        f"{clinic} or your doctor rather than waiting for your next visit.\n"
    )


def _schedule(row: DiarySettings, today: date, *, sent: bool) -> None:
    row.next_reminder_on = today + timedelta(days=row.reminder_days)
    fields = ["next_reminder_on", "updated_at"]
    if sent:
        row.last_reminder_on = today
        fields.append("last_reminder_on")
    row.save(update_fields=fields)


def reminders_send(*, today: date | None = None, dry_run: bool = False) -> ReminderRun:
    """Send every due reminder (up to BATCH). `dry_run` counts without sending or changing."""
    from myomap.portal.links import portal_link_create

    today = today or clinic_today()
    due = list(
        DiarySettings.objects.filter(next_reminder_on__lte=today, reminder_days__gt=0)
        .select_related("episode__client", "clinic")
        .order_by("next_reminder_on", "pk")[: BATCH + 1]
    )
    run = ReminderRun(more_waiting=len(due) > BATCH)
    for row in due[:BATCH]:
        client = row.episode.client
        why = None
        if row.episode.status not in OPEN:
            why = SKIP_CLOSED
        elif not client.consent_communications:
            why = SKIP_NO_CONSENT
        elif not client.email:
            why = SKIP_NO_EMAIL
        issuer = _issuer(row) if why is None else None
        if why is None and issuer is None:
            why = SKIP_NO_ISSUER
        if why is not None:
            run.skipped[why] += 1
            if not dry_run:
                if row.episode.status in OPEN:
                    _schedule(row, today, sent=False)
                else:
                    row.next_reminder_on = None
                    row.save(update_fields=["next_reminder_on", "updated_at"])
            continue
        if dry_run:
            run.sent += 1
            continue
        assert issuer is not None
        try:
            with transaction.atomic():
                issued = portal_link_create(
                    actor=issuer, client_id=client.pk, purpose="between_visits"
                )
                send_mail(
                    f"{row.clinic.name}: your diary reminder",
                    _body(client.given_name, row.clinic.name, issued.url, issued.link.expires_at),
                    None,
                    [client.email],
                )
                _schedule(row, today, sent=True)
                audit_record(
                    actor=issuer,
                    action=AuditAction.CREATE,
                    object_type="diary_reminder",
                    object_id=str(row.episode_id),
                    detail={"link": str(issued.link.pk), "cadence_days": row.reminder_days},
                )
        except OSError:  # the mail server refused or was unreachable: try again next run
            run.failed += 1
            continue
        run.sent += 1
    return run
