"""Discharge summary and home programme pages (issue 7): being written."""

from django.http import HttpRequest, HttpResponse


def discharge_summary_page(request: HttpRequest, episode_id) -> HttpResponse:
    raise NotImplementedError


def discharge_summary_pdf(request: HttpRequest, episode_id) -> HttpResponse:
    raise NotImplementedError


def home_programme_page(request: HttpRequest, episode_id) -> HttpResponse:
    raise NotImplementedError


def home_programme_pdf(request: HttpRequest, episode_id) -> HttpResponse:
    raise NotImplementedError
