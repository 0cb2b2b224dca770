"""Styled error pages for what Django itself refuses (an unknown address, a missing CSRF token,
a crash): the same page as the application's own errors, never Django's bare text. The 500
page is static (no database, no session): whatever failed must not fail again here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(
        request, 400, "Not accepted", "The request could not be read. Go back and try again."
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(request, 403, "Not allowed", str(exception) or "Your role cannot open this page.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(
        request,
        404,
        "Not found",
        "There is no page at this address. It may have been mistyped, or the record is not "
        "one of your clinic's.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        "The form had expired",
        "Nothing was saved: the page was open too long or opened in another tab. Go back, "
        "reload the page and send the form again.",
    )
