"""Request-wide rules that hold for every page, in one place instead of in each view:

- `NulByteRefusalMiddleware`: a NUL character (`\\0`) in any query or form value (or name) is
  refused with a 400 page naming the field, before any view runs. PostgreSQL cannot store it
  (a 500 there) and SQLite would store it silently; a person never types one, so both databases
  refuse it the same way.
- `NoStoreMiddleware`: every page served to a signed-in user may show patient data, so none of
  them may be kept by the browser or a proxy cache (`Cache-Control: no-store`).

The rules are listed in `docs/input-validation.md`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

NUL = "\x00"


def nul_field(*queries: QueryDict) -> str | None:
    """The name of the first field whose name or value holds a NUL, or None."""
    for query in queries:
        for name, values in query.lists():
            if NUL in name:
                return name.replace(NUL, "\\0")
            if any(NUL in value for value in values):
                return name
    return None


class NulByteRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path_info.startswith("/api/")
        queries = [request.GET]
        if request.method == "POST" and not is_api:
            # Form posts only: the API's body is JSON, checked below without parsing it as a form
            # (reading it as a form would consume the stream the API still needs).
            try:
                queries.append(request.POST)
            except MultiPartParserError:
                return render(
                    request,
                    "error.html",
                    {"status": 400, "message": "The form could not be read. Send it again."},
                    status=400,
                )
        field = nul_field(*queries)
        if field is None and is_api:
            from myomap.api.edge import json_nul_field

            field = json_nul_field(request)
        if field is not None:
            message = (
                f"The field {field!r} contains a NUL character (\\0), which cannot be stored. "
                "Remove it and send the form again."
            )
            if is_api:  # the API's one error shape
                return JsonResponse({"error": {"message": message, "field": field}}, status=400)
            return render(request, "error.html", {"status": 400, "message": message}, status=400)
        return self.get_response(request)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # max-age=0, no-cache, no-store, must-revalidate, private (merged with any set)
            add_never_cache_headers(response)
        return response
