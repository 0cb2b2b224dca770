"""Maps the application's error types to pages, once, for every view."""

from __future__ import annotations

from django.shortcuts import render

from myomap.errors import ApplicationError

TITLES = {400: "Not accepted", 403: "Not allowed", 404: "Not found", 409: "Already changed"}


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError):
            return None
        return render(
            request,
            "error.html",
            {
                "status": exception.status_code,
                "title": TITLES.get(exception.status_code, "Not allowed"),
                "message": exception.message,
            },
            status=exception.status_code,
        )
