"""The clinician's side of the client's diary, on the progress page: set the reminder cadence and
mark a pain-rise alert as reviewed. Thin: one service call each; a refusal re-displays the
progress page with the field named."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.records.diary.services import REMINDER_CHOICES, diary_alert_review, diary_settings_set
from myomap.records.episodes import episode_get_for_user
from myomap.web.http.access import clinical_view
from myomap.web.http.form_tokens import once_per_token
from myomap.web.views.progress import render_progress


def _back(episode_id) -> str:
    return reverse("episode_progress", args=[episode_id]) + "#between-visits"


@clinical_view
@once_per_token
def diary_settings_view(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    if request.method != "POST":
        return redirect(_back(episode_id))
    try:
        row = diary_settings_set(
            actor=actor, episode_id=episode_id, reminder_days=request.POST.get("reminder_days", "")
        )
    except ValidationFailed as exc:
        episode = episode_get_for_user(actor=actor, episode_id=episode_id)
        return render_progress(request, actor, episode, diary_errors=exc.errors, status=400)
    words = REMINDER_CHOICES[row.reminder_days].lower()
    messages.success(request, f"Diary reminders: {words}.")
    return redirect(_back(episode_id))


@clinical_view
@once_per_token
def diary_alert_review_view(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    if request.method != "POST":
        return redirect(_back(episode_id))
    try:
        diary_alert_review(
            actor=actor,
            episode_id=episode_id,
            alert_id=request.POST.get("alert", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationFailed as exc:
        episode = episode_get_for_user(actor=actor, episode_id=episode_id)
        return render_progress(request, actor, episode, diary_errors=exc.errors, status=400)
    messages.success(request, "Diary alert marked as reviewed; it has left Today.")
    return redirect(_back(episode_id))
