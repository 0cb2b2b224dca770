"""Home programme and letter-to-the-GP pages: each a printable page and a PDF
rendered from the same handout template. Clinical only; the selectors gather, build and audit.

An episode with nothing to print yet (no plan, a referral plan, no signed note for the letter)
gets a page that says why, with status 404: the handout does not exist yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from myomap.accounts.actor import Actor
from myomap.handouts.render import handout_html
from myomap.handouts.selectors import (
    Handout,
    HandoutUnavailable,
    discharge_summary_for_user,
    handout_pdf_of,
    home_programme_for_user,
)
from myomap.web.http.access import clinical_view


@dataclass(frozen=True)
class HandoutKind:
    select: Callable[..., Handout]
    page_template: str  # extends the handout's print template, filling its screen-only actions
    missing_title: str


HOME_PROGRAMME = HandoutKind(
    select=home_programme_for_user,
    page_template="handouts/home_programme_page.html",
    missing_title="No home programme yet",
)
LETTER = HandoutKind(
    select=discharge_summary_for_user,
    page_template="handouts/discharge_summary_page.html",
    missing_title="No letter yet",
)


def _unavailable(request: HttpRequest, kind: HandoutKind, exc: HandoutUnavailable) -> HttpResponse:
    context = {"title": kind.missing_title, "message": exc.message, "episode": exc.episode}
    return render(request, "handouts/unavailable.html", context, status=404)


def _page(request: HttpRequest, actor: Actor, episode_id, kind: HandoutKind) -> HttpResponse:
    try:
        handout = kind.select(actor=actor, episode_id=episode_id)
    except HandoutUnavailable as exc:
        return _unavailable(request, kind, exc)
    context = {**handout.context, "episode": handout.episode, "handout": handout}
    return HttpResponse(handout_html(kind.page_template, context, request=request))


def _pdf(request: HttpRequest, actor: Actor, episode_id, kind: HandoutKind) -> HttpResponse:
    try:
        handout = kind.select(actor=actor, episode_id=episode_id, export=True)
    except HandoutUnavailable as exc:
        return _unavailable(request, kind, exc)
    pdf = handout_pdf_of(handout)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{handout.filename}"'
    return response


@never_cache
@clinical_view
def home_programme_page(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    return _page(request, actor, episode_id, HOME_PROGRAMME)


@never_cache
@clinical_view
def home_programme_pdf(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    return _pdf(request, actor, episode_id, HOME_PROGRAMME)


@never_cache
@clinical_view
def discharge_summary_page(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    return _page(request, actor, episode_id, LETTER)


@never_cache
@clinical_view
def discharge_summary_pdf(request: HttpRequest, actor: Actor, episode_id) -> HttpResponse:
    return _pdf(request, actor, episode_id, LETTER)
