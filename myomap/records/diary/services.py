"""Writes of the diary: a client's entry (through the portal, the client as actor), the
clinician's reminder cadence and their review of a pain-rise alert. Every write is audited in
the same transaction; a refused entry writes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.diary import DiaryPoint, new_rising_run, pain_rise_threshold
from myomap.errors import Conflict, NotFound, ValidationFailed
from myomap.inputs import REASON_MAX, strict_int, text_problem
from myomap.records.diary.programme import client_programme_build
from myomap.records.episodes import episode_get_for_user
from myomap.records.locks import episode_lock
from myomap.records.models import (
    DiaryAlert,
    DiaryEntry,
    DiarySettings,
    Episode,
    Plan,
    TreatmentSession,
)
from myomap.records.models.diary import COMMENT_MAX, DEFAULT_REMINDER_DAYS
from myomap.today import clinic_today

# How far back a client may date an entry: a week, so a weekly reminder can be answered for
# the day it asks about; never a future day.
BACKDATE_DAYS = 7
# The cadences a clinician may choose (days between reminders; 0 = no reminders).
REMINDER_CHOICES: dict[int, str] = {
    0: "No reminders",
    1: "Every day",
    2: "Every 2 days",
    3: "Every 3 days",
    7: "Every week",
    14: "Every 2 weeks",
    28: "Every 4 weeks",
}
DONE_VALUES = {"yes": True, "no": False}


# --- parsing the client's form ---------------------------------------------------------------


@dataclass(frozen=True)
class EntryInput:
    entry_date: date
    nprs: int
    exercises: list[dict]
    comment: str


def _scale(raw: str, field: str, label: str, errors: dict[str, list[str]]) -> int | None:
    """A 0-10 answer, or None when left blank."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        value = strict_int(text)
    except ValueError:
        errors[field] = [f"{label}: choose a whole number from 0 to 10."]
        return None
    if not 0 <= value <= 10:
        errors[field] = [f"{label}: {value} is outside the scale; allowed: 0 to 10."]
        return None
    return value


def _entry_date(raw: str, today: date, errors: dict[str, list[str]]) -> date | None:
    text = (raw or "").strip()
    earliest = today - timedelta(days=BACKDATE_DAYS)
    allowed = f"allowed: {earliest:%-d %B} to {today:%-d %B %Y}"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        errors["entry_date"] = [f"Day: give the date as YYYY-MM-DD ({allowed})."]
        return None
    if not earliest <= day <= today:
        errors["entry_date"] = [f"Day: {day:%-d %B %Y} is outside the diary's range; {allowed}."]
        return None
    return day


def exercise_field(exercise_id: str, part: str) -> str:
    """The form field of one exercise's answer: `ex-<KB id>-done|effort|pain`."""
    return f"ex-{exercise_id}-{part}"


def entry_parse(
    data: Mapping[str, str], exercises: list[dict], today: date | None = None
) -> EntryInput:
    """The client's posted entry against the programme shown (cards with `id` and `name`).
    Raises ValidationFailed naming every bad field; nothing is coerced."""
    today = today or clinic_today()
    errors: dict[str, list[str]] = {}
    day = _entry_date(data.get("entry_date", ""), today, errors)
    nprs = _scale(data.get("nprs", ""), "nprs", "Pain today", errors)
    if nprs is None and "nprs" not in errors:
        errors["nprs"] = ["Pain today: choose a number from 0 (no pain) to 10."]
    known = {exercise_field(card["id"], part) for card in exercises for part in _PARTS}
    strays = sorted(k for k in data if k.startswith("ex-") and k not in known)
    if strays:
        errors["exercises"] = [
            "Your home programme has changed since this form was opened: open the diary again "
            "and answer for the exercises it lists now."
        ]
    rows = [_exercise_row(card, data, errors) for card in exercises]
    comment = (data.get("comment") or "").strip()
    problem = text_problem(comment, COMMENT_MAX)
    if problem:
        errors["comment"] = [f"Comment {problem}."]
    if errors:
        raise ValidationFailed(errors)
    assert day is not None and nprs is not None
    return EntryInput(entry_date=day, nprs=nprs, exercises=rows, comment=comment)


_PARTS = ("done", "effort", "pain")


def _exercise_row(card: dict, data: Mapping[str, str], errors: dict[str, list[str]]) -> dict:
    name = card["name"]
    done_field = exercise_field(card["id"], "done")
    raw_done = (data.get(done_field) or "").strip()
    done = DONE_VALUES.get(raw_done)
    if done is None:
        errors[done_field] = [f"{name}: answer yes or no — did you do it?"]
    effort_field, pain_field = (
        exercise_field(card["id"], "effort"),
        exercise_field(card["id"], "pain"),
    )
    effort = _scale(data.get(effort_field, ""), effort_field, f"{name}, how hard", errors)
    pain = _scale(data.get(pain_field, ""), pain_field, f"{name}, how painful", errors)
    if done is False:
        for field, value, what in (
            (effort_field, effort, "how hard"),
            (pain_field, pain, "how painful"),
        ):
            if value is not None:
                errors[field] = [
                    f"{name}, {what}: only for an exercise you did; you answered that you did "
                    "not do it. Clear this answer or change “did you do it?” to yes."
                ]
    return {
        "exercise": card["id"],
        "name": name,
        "done": bool(done),
        "effort": effort,
        "pain": pain,
    }


# --- the client's entry ---------------------------------------------------------------------


def diary_entry_create(*, actor, episode: Episode, data: Mapping[str, str]) -> DiaryEntry:
    """Store one entry for `episode` (already bound to the verified client by the portal) and
    judge the pain-rise rule with it. One entry per day: a second for the same day is refused
    naming `entry_date`."""
    if getattr(actor, "client_id", None) != episode.client_id:
        raise NotFound("No such diary.")  # only the client's own episode, never another's
    shown = client_programme_build(episode).exercises
    parsed = entry_parse(data, shown)
    with transaction.atomic():
        episode_lock(episode.pk)
        if DiaryEntry.objects.filter(episode=episode, entry_date=parsed.entry_date).exists():
            raise Conflict(
                {
                    "entry_date": [
                        f"Day: your diary already has an entry for {parsed.entry_date:%-d %B %Y}; "
                        "choose another day."
                    ]
                }
            )
        try:
            with transaction.atomic():
                entry = DiaryEntry.objects.create(
                    clinic_id=episode.clinic_id,
                    episode=episode,
                    entry_date=parsed.entry_date,
                    nprs=parsed.nprs,
                    exercises=parsed.exercises,
                    exercises_listed=len(parsed.exercises),
                    exercises_done=sum(1 for row in parsed.exercises if row["done"]),
                    comment=parsed.comment,
                )
        except IntegrityError as exc:  # the same day saved at the same moment elsewhere
            raise Conflict({"entry_date": ["Day: an entry for this day was just saved."]}) from exc
        audit_object(
            actor,
            AuditAction.CREATE,
            "diary_entry",
            entry,
            {"episode": str(episode.pk), "exercises": entry.exercises_listed},
        )
        alert = _judge_pain_rise(episode, entry)
        if alert is not None:
            audit_object(
                actor,
                AuditAction.CREATE,
                "diary_alert",
                alert,
                {"episode": str(episode.pk), "raised_by_entry": str(entry.pk)},
            )
        _settings_after_entry(episode, entry.entry_date)
    return entry


# --- the pain-rise rule, judged when an entry is saved -------------------------------------


@dataclass(frozen=True)
class Reference:
    key: str  # "session-3" or "plan"
    nprs: float
    label: str  # "session 3's pain on arrival", "the assessment's baseline"
    since: date | None  # the session's day; None for the plan baseline


def references_for(episode: Episode) -> tuple[list[Reference], Reference | None]:
    """The sessions' pain on arrival, oldest first, and the plan's baseline NPRS (or None)."""
    sessions = [
        Reference(
            key=f"session-{number}",
            nprs=float(nprs),
            label=f"session {number}'s pain on arrival",
            since=seen_on,
        )
        for number, nprs, seen_on in TreatmentSession.objects.filter(
            clinic_id=episode.clinic_id, episode=episode
        )
        .order_by("seen_on", "number")
        .values_list("number", "nprs_before", "seen_on")
    ]
    plan = (
        Plan.objects.filter(clinic_id=episode.clinic_id, episode=episode)
        .order_by("-assessment__number", "-version")
        .only("output")
        .first()
    )
    baseline = ((plan.output or {}).get("baseline") or {}).get("nprs") if plan else None
    plan_ref = (
        Reference(key="plan", nprs=float(baseline), label="the assessment's baseline", since=None)
        if isinstance(baseline, int | float) and not isinstance(baseline, bool)
        else None
    )
    return sessions, plan_ref


def reference_on(day: date, sessions: list[Reference], plan: Reference | None) -> Reference | None:
    """The reading a diary day is judged against: the latest session on or before it, else the
    plan's baseline."""
    before = [s for s in sessions if s.since is not None and s.since <= day]
    return before[-1] if before else plan


def diary_points(entries, sessions: list[Reference], plan: Reference | None) -> list[DiaryPoint]:
    points = []
    for entry in entries:
        ref = reference_on(entry.entry_date, sessions, plan)
        points.append(
            DiaryPoint(
                key=entry.pk,
                on=entry.entry_date,
                nprs=entry.nprs,
                reference=ref.nprs if ref else None,
                reference_key=ref.key if ref else None,
            )
        )
    return points


def _judge_pain_rise(episode: Episode, entry: DiaryEntry) -> DiaryAlert | None:
    """Raise the episode's alert when the new entry completes a rising run; bounded: only the
    entries next to the new one can form a run with it."""
    neighbours = list(
        DiaryEntry.objects.filter(episode=episode, entry_date__lt=entry.entry_date).order_by(
            "-entry_date"
        )[:1]
    ) + list(
        DiaryEntry.objects.filter(episode=episode, entry_date__gt=entry.entry_date).order_by(
            "entry_date"
        )[:1]
    )
    sessions, plan = references_for(episode)
    threshold = pain_rise_threshold()
    run = new_rising_run(diary_points([entry, *neighbours], sessions, plan), entry.pk, threshold)
    if run is None or DiaryAlert.objects.filter(episode=episode, reviewed_at__isnull=True).exists():
        return None
    ref = reference_on(run[0].on, sessions, plan)
    assert ref is not None
    by_key: dict = {e.pk: e for e in [entry, *neighbours]}
    return DiaryAlert.objects.create(
        clinic_id=episode.clinic_id,
        episode=episode,
        first_entry=by_key[run[0].key],
        last_entry=by_key[run[-1].key],
        reference_nprs=Decimal(str(ref.nprs)),
        reference_label=ref.label,
        threshold=Decimal(str(threshold)),
    )


# --- reminders ------------------------------------------------------------------------------


def _settings_after_entry(episode: Episode, day: date) -> None:
    """An entry answers the reminder: the next one is a full cadence after it. The first entry
    starts the default weekly cadence unless the clinician chose one."""
    row, _ = DiarySettings.objects.get_or_create(
        episode=episode,
        defaults={"clinic_id": episode.clinic_id, "reminder_days": DEFAULT_REMINDER_DAYS},
    )
    if not row.reminder_days:
        return
    following = max(day, clinic_today()) + timedelta(days=row.reminder_days)
    if row.next_reminder_on is None or row.next_reminder_on < following:
        row.next_reminder_on = following
        row.save(update_fields=["next_reminder_on", "updated_at"])


def diary_settings_set(
    *, actor: Actor, episode_id: uuid.UUID | str, reminder_days: str
) -> DiarySettings:
    """The clinician sets how often the client is reminded (days; 0 = never). The first
    reminder of a new cadence is due that many days from today."""
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    try:
        days = strict_int(reminder_days)
    except ValueError:
        days = -1
    if days not in REMINDER_CHOICES:
        allowed = ", ".join(f"{k} ({v.lower()})" for k, v in REMINDER_CHOICES.items())
        raise ValidationFailed({"reminder_days": [f"Reminders: allowed: {allowed}."]})
    today = clinic_today()
    with transaction.atomic():
        row, _ = DiarySettings.objects.get_or_create(
            episode=episode, defaults={"clinic": actor.clinic}
        )
        row.reminder_days = days
        row.next_reminder_on = today + timedelta(days=days) if days else None
        row.set_by = actor.user
        row.save()
        audit_object(actor, AuditAction.UPDATE, "diary_settings", episode, {"reminder_days": days})
    return row


def diary_alert_review(
    *, actor: Actor, episode_id: uuid.UUID | str, alert_id: str, note: str
) -> DiaryAlert:
    """The clinician has seen the alert (called, changed the programme, booked a visit): it
    leaves Today, with their note kept."""
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    text = (note or "").strip()
    problem = text_problem(text, REASON_MAX)
    if problem:
        raise ValidationFailed({"note": [f"Note {problem}."]})
    try:
        alert_pk = uuid.UUID(str(alert_id))
    except ValueError:
        # Not an id at all: a refusal naming the field, not a missing page.
        raise ValidationFailed(
            {"alert": [f"Alert: {str(alert_id)[:60]!r} is not a diary alert id; mark one shown."]}
        ) from None
    with transaction.atomic():
        try:
            alert = DiaryAlert.objects.select_for_update().get(
                clinic=actor.clinic, episode=episode, pk=alert_pk
            )
        except DiaryAlert.DoesNotExist as exc:
            raise NotFound("No such diary alert.") from exc
        if alert.reviewed_at is not None:
            raise Conflict({"alert": ["This alert was already marked as reviewed."]})
        alert.reviewed_at = timezone.now()
        alert.reviewed_by = actor.user
        alert.review_note = text
        alert.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
        audit_object(
            actor,
            AuditAction.UPDATE,
            "diary_alert",
            alert,
            {"episode": str(episode.pk), "reviewed": True},
        )
    return alert
