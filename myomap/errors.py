"""The one application error type, mapped to HTTP once at the edge (web middleware, API handler,
CLI). Services and selectors raise these; views never build error responses by hand."""

from __future__ import annotations

from contextvars import ContextVar

# Set while a view runs under a one-time form token (`myomap.web.http.form_tokens`): every refusal
# raised on the way is noted, so a refused form's token stays usable for the corrected post.
refusals_seen: ContextVar[list | None] = ContextVar("refusals_seen", default=None)


class ApplicationError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ApplicationError):
    """Unknown id, or an id the acting user may not see: the two are indistinguishable on
    purpose, so another clinic's records cannot be probed for existence."""

    status_code = 404


class Forbidden(ApplicationError):
    status_code = 403


class ValidationFailed(ApplicationError):
    """Invalid input. `errors` maps field name → list of messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        first_field, messages = next(iter(errors.items()))
        super().__init__(f"{first_field}: {messages[0]}", field=first_field)
        self.errors = errors
        seen = refusals_seen.get()
        if seen is not None:
            seen.append(self)


class Conflict(ValidationFailed):
    """Valid input that the record's current state refuses: changing a signed note, an
    addendum to a draft, a finding already recorded. A ValidationFailed, so the pages
    re-display it as any refused input."""

    status_code = 409
