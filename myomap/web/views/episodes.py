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
from myomap.records.episodes.state import episode_state_get
from myomap.records.forms import EpisodeForm, EpisodeStatusForm
from myomap.records.selectors import client_get_for_user
from myomap.web.edge import clinical_view
from myomap.web.form_tokens import once_per_token


@clinical_view
@once_per_token
def episode_new(request: HttpRequest, actor: Actor, client_id) -> HttpResponse:
    client = client_get_for_user(actor=actor, client_id=client_id)
    form = EpisodeForm(data=request.POST or None)
    if request.method == "POST":
        try:
            episode = episode_create(actor=actor, client_id=client.pk, data=request.POST.dict())
        except ValidationFailed:
            form.is_valid()
        else:
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
        "status_form": EpisodeStatusForm(instance=episode),
        "assessments": assessment_list_for_episode(actor=actor, episode=episode),
        "sessions": state.sessions,
    }
    return render(request, "episodes/detail.html", context)


@clinical_view
@once_per_token
def episode_status(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    if request.method != "POST":
        return redirect("episode_detail", episode_id=episode_id)
    try:
        episode_status_set(actor=actor, episode_id=episode_id, data=request.POST.dict())
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Episode status updated.")
    return redirect("episode_detail", episode_id=episode_id)
