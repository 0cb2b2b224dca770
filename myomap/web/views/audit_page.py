"""The owner's "Audit log" page: filters, pages of events, CSV export, and a verification of
the whole chain on request."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_chain_verify, audit_record
from myomap.accounts.audit_log import AuditFilters, audit_events_csv_for_user, audit_events_for_user
from myomap.accounts.models import AuditAction
from myomap.accounts.staff import staff_list_for_user
from myomap.errors import ValidationFailed
from myomap.web.http.access import owner_view

PAGE = 100


@owner_view
def audit_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    context: dict = {
        "staff": sorted(staff_list_for_user(actor=actor), key=lambda m: m.user.username),
        "actions": AuditAction.choices,
        "query": request.GET,
        "verification": request.session.pop("myomap_audit_verification", None),
    }
    try:
        filters = AuditFilters.parse(request.GET)
    except ValidationFailed as exc:
        context["errors"] = exc.errors
        return render(request, "clinic/audit.html", context, status=400)
    try:
        offset = max(0, int(request.GET.get("offset", "0")))
    except ValueError:
        offset = 0
    events, more = audit_events_for_user(actor=actor, filters=filters, offset=offset, limit=PAGE)
    query = request.GET.copy()
    query.pop("offset", None)
    context.update(
        events=events,
        next_offset=offset + PAGE if more else None,
        previous_offset=max(0, offset - PAGE) if offset else None,
        base_query=query.urlencode(),
    )
    return render(request, "clinic/audit.html", context)


@owner_view
def audit_log_csv(request: HttpRequest, actor: Actor) -> HttpResponse | StreamingHttpResponse:
    try:
        filters = AuditFilters.parse(request.GET)
    except ValidationFailed as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain")
    response = StreamingHttpResponse(
        audit_events_csv_for_user(actor=actor, filters=filters), content_type="text/csv"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


@owner_view
@require_POST
def audit_log_verify(request: HttpRequest, actor: Actor) -> HttpResponse:
    result = audit_chain_verify()
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        object_type="audit_verification",
        detail={"ok": result.ok, "checked": result.checked},
    )
    request.session["myomap_audit_verification"] = {
        "ok": result.ok,
        "text": result.describe(),
        "at": timezone.localtime().strftime("%d %b %Y %H:%M"),
    }
    if not result.ok:
        messages.error(request, "The audit log failed verification: see below.")
    return redirect("audit_log")
