"""Progress page (issue 7): being written."""

from django.http import HttpRequest, HttpResponse


def progress_page(request: HttpRequest, episode_id) -> HttpResponse:
    raise NotImplementedError


def progress_decide_view(request: HttpRequest, episode_id) -> HttpResponse:
    raise NotImplementedError
