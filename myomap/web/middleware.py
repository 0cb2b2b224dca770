"""Maps the application's error types to pages, once, for every view."""

from __future__ import annotations

from django.shortcuts import render

from myomap.errors import ApplicationError


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
            {"status": exception.status_code, "message": exception.message},
            status=exception.status_code,
        )
