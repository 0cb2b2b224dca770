"""The API edge in one place: who is calling (token or session + CSRF → Actor), how every
error is shaped (`{"error": {"message", "field"}}`, the application error type mapped to HTTP
once), and opaque cursors for lists."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from myomap.accounts.actor import Actor, actor_for_user
from myomap.api.tokens import token_authenticate
from myomap.errors import ApplicationError, Forbidden, ValidationFailed


def _remote_addr(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mym_…`: a personal API token issued by the clinic owner."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        return token_authenticate(token, remote_addr=_remote_addr(request))


class SessionCsrfAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods need the CSRF token in `X-CSRFToken`, as on
    every page."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, after we know there is a session

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise Forbidden("CSRF check failed: send the csrftoken cookie's value as X-CSRFToken.")
        return actor_for_user(request.user, remote_addr=_remote_addr(request))


AUTH = [TokenAuth(), SessionCsrfAuth()]


def actor_of(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,return-value]


class ErrorDetail(Schema):
    """What went wrong, and the input field it concerns (null when it is not one field)."""

    message: str
    field: str | None = None


class ErrorOut(Schema):
    """Every refusal has this shape, whatever its status."""

    error: ErrorDetail


# Documented on every operation, so a client (and schemathesis) knows each refusal's shape.
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def _error(api: NinjaAPI, request: HttpRequest, status: int, message: str, field=None):
    return api.create_response(
        request, {"error": {"message": message, "field": field}}, status=status
    )


def _validation_field(error: dict) -> str | None:
    # ninja's loc is e.g. ("body", "payload", "given_name") or ("query", "limit").
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] == "body":
        loc = loc[2:] if len(loc) > 2 else loc[1:]
    elif loc:
        loc = loc[1:]
    return ".".join(loc) or None


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return _error(api, request, exc.status_code, exc.message, exc.field)

    @api.exception_handler(ValidationError)
    def request_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        field = _validation_field(first)
        message = str(first.get("msg") or "Invalid request.")
        return _error(api, request, 422, f"{field}: {message}" if field else message, field)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(
            api, request, 401, "Send a valid API token (Authorization: Bearer …) or log in."
        )

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return _error(api, request, 429, "Too many requests.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(api, request, exc.status_code, str(exc.message))


# ------------------------------------------------------------------ cursors

T = TypeVar("T")
MAX_LIMIT = 100


def cursor_decode(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        value = None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationFailed({"cursor": ["Not a cursor from this API: pass next_cursor back."]})
    return value


def cursor_encode(key: Sequence[str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode("ascii")


def page_after(
    items: Sequence[T], cursor: str | None, limit: int, key: Callable[[T], Sequence[str]]
) -> tuple[list[T], str | None]:
    """One page of an already ordered (and short) list: the items after the cursor's key."""
    after = cursor_decode(cursor)
    start = 0
    if after is not None:
        keys = [list(key(item)) for item in items]
        if after not in keys:
            raise ValidationFailed({"cursor": ["The cursor's position no longer exists."]})
        start = keys.index(after) + 1
    page = list(items[start : start + limit])
    more = start + limit < len(items)
    return page, (cursor_encode(key(page[-1])) if more and page else None)


def _nul_path(value: Any, path: str = "") -> str | None:
    if isinstance(value, str):
        return path or "$" if "\x00" in value else None
    items: list[tuple[Any, Any]]
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return f"{path}.{key!r}".lstrip(".")
        found = _nul_path(item, f"{path}.{key}".lstrip("."))
        if found:
            return found
    return None


def json_nul_field(request: HttpRequest) -> str | None:
    """The path of the first value (or key) of a JSON body holding a NUL character, which
    PostgreSQL cannot store in text; None when there is none or the body is not JSON."""
    if b"\\u0000" not in request.body and b"\x00" not in request.body:
        return None
    try:
        return _nul_path(json.loads(request.body))
    except ValueError:
        return None
