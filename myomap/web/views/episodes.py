"""Episode pages: open an episode for a client, view it, change its status. Clinical only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from myomap.accounts.actor import Actor
from myomap.errors import ValidationFailed
from myomap.records.assessments.selectors import assessment_list_for_episode
from myomap.records.episodes import (
    episode_create,
    episode_duration,
    episode_get_for_user,
    episode_status_set,
)
from myomap.records.episodes.care import (
    episode_discharge,
    episode_reopen,
    exercise_stop,
    maintenance_check_set,
)
from myomap.records.episodes.state import episode_state_get
from myomap.records.forms import EpisodeForm
from myomap.records.selectors import client_get_for_user
from myomap.web.forms.errors import refusal_shown_on
from myomap.web.http.access import clinical_form_post, clinical_view, request_actor
from myomap.web.http.form_tokens import once_per_token


@clinical_view
@once_per_token
def episode_new(request: HttpRequest, actor: Actor, client_id) -> HttpResponse:
    client = client_get_for_user(actor=actor, client_id=client_id)
    form = EpisodeForm(data=request.POST or None)
    if request.method == "POST":
        with refusal_shown_on(form):
            episode = episode_create(actor=actor, client_id=client.pk, data=request.POST.dict())
            messages.success(request, "Episode of care opened.")
            return redirect("episode_detail", episode_id=episode.pk)
    return render(request, "episodes/form.html", {"form": form, "client": client})


@clinical_view
def episode_detail(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    episode = episode_get_for_user(actor=actor, episode_id=episode_id)
    state = episode_state_get(actor=actor, episode=episode)
    context = {
        "episode": episode,
        "client": episode.client,
        "state": state,
        "duration": episode_duration(episode),
        "assessments": assessment_list_for_episode(actor=actor, episode=episode),
        "sessions": state.sessions,
    }
    return render(request, "episodes/detail.html", context)


@clinical_form_post("episode_detail", "episode_id")
def episode_status(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    try:
        episode_status_set(actor=actor, episode_id=episode_id, data=request.POST.dict())
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Episode status updated.")
    return redirect("episode_detail", episode_id=episode_id)


def _posted(request: HttpRequest, episode_id, write, success: str, **kwargs) -> HttpResponse:
    """Run one episode write from a posted form; a refusal names its fields on the page."""
    if request.method == "POST":
        try:
            write(actor=request_actor(request), episode_id=episode_id, **kwargs)
        except ValidationFailed as exc:
            for field, problems in exc.errors.items():
                messages.error(request, f"{FIELD_WORDS.get(field, field)}: {problems[0]}")
        else:
            messages.success(request, success)
    return redirect("episode_detail", episode_id=episode_id)


FIELD_WORDS = {
    "to": "Discharge to",
    "discharged_on": "Discharge date",
    "maintenance_check_on": "Next maintenance check",
    "reason": "Reason",
    "confirm": "Confirmation",
    "status": "Status",
    "exercise": "Exercise",
}


@clinical_view
@once_per_token
def episode_discharge_view(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    fields = ("to", "discharged_on", "maintenance_check_on", "reason", "confirm")
    data = {name: request.POST.get(name, "") for name in fields}
    return _posted(request, episode_id, episode_discharge, "Episode discharged.", data=data)


@clinical_view
@once_per_token
def episode_reopen_view(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _posted(request, episode_id, episode_reopen, "Episode reopened.", reason=reason)


@clinical_view
@once_per_token
def maintenance_check_view(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    check_on = request.POST.get("maintenance_check_on", "")
    return _posted(
        request, episode_id, maintenance_check_set, "Next maintenance check set.", check_on=check_on
    )


@clinical_view
@once_per_token
def exercise_stop_view(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    exercise, reason = request.POST.get("exercise", ""), request.POST.get("reason", "")
    return _posted(
        request,
        episode_id,
        exercise_stop,
        "Exercise stopped: it is off the home programme.",
        exercise=exercise,
        reason=reason,
    )
