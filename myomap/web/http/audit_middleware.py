"""One audit event per request for what it read, and a trace of every refusal.

Reads made while the request runs (a page shows a client, an episode and a plan) are gathered
into a single event; a 403 or 404 answered to a signed-in user is recorded as "refused", so
probing for other clinics' records leaves a trace."""

from __future__ import annotations

from myomap.accounts.audit import audit_record, audit_request_scope
from myomap.accounts.client_address import client_address
from myomap.accounts.models import AuditAction
from myomap.errors import Forbidden


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_request_scope(path=request.path):
            response = self.get_response(request)
        if response.status_code in (403, 404):
            _audit_refusal(request, response.status_code)
        return response


def _audit_refusal(request, status: int) -> None:
    from myomap.web.http.access import request_actor

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    try:
        actor = request_actor(request)
    except Forbidden:
        actor = None
    match = getattr(request, "resolver_match", None)
    kwargs = {k: str(v) for k, v in (match.kwargs.items() if match else []) if k.endswith("_id")}
    object_type, object_id = next(iter(kwargs.items()), ("", ""))
    audit_record(
        actor=actor,
        action=AuditAction.REFUSED,
        object_type=object_type.removesuffix("_id"),
        object_id=object_id,
        detail={"status": status, "path": request.path[:300], "method": request.method},
        username=user.get_username(),
        remote_addr=client_address(request),
    )
