"""A client's data on request: download the whole record, request erasure, and (owner) set
the clinic's retention period. Thin: the services in `records.client_data` decide and audit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from myomap.accounts.actor import Actor
from myomap.errors import ApplicationError
from myomap.handouts.selectors import handout_pdfs_for_user
from myomap.records.client_data import client_erase, client_export_for_user, clinic_retention_set
from myomap.web.http.access import clinical_view
from myomap.web.http.form_tokens import once_per_token


@never_cache
@clinical_view
def client_export(request: HttpRequest, actor: Actor, client_id) -> HttpResponse:
    export = client_export_for_user(actor=actor, client_id=client_id, letters=handout_pdfs_for_user)
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@require_POST
@clinical_view
@once_per_token
def client_erasure(request: HttpRequest, actor: Actor, client_id) -> HttpResponse:
    try:
        outcome = client_erase(
            actor=actor, client_id=client_id, confirm=request.POST.get("confirm", "")
        )
    except ApplicationError as exc:
        if exc.status_code != 400:
            raise
        messages.error(request, exc.message)
        return redirect("client_detail", client_id=client_id)
    if outcome.erased:
        messages.success(request, outcome.message)
        return redirect("client_list")
    messages.warning(request, outcome.message)
    return redirect("client_detail", client_id=client_id)


@require_POST
@clinical_view
def clinic_retention(request: HttpRequest, actor: Actor) -> HttpResponse:
    try:
        clinic = clinic_retention_set(actor=actor, years=request.POST.get("years"))
    except ApplicationError as exc:
        if exc.status_code != 400:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Clinical records are kept {clinic.record_retention_years} years."
        )
    back = request.POST.get("client", "")
    return redirect("client_detail", client_id=back) if back else redirect("home")
