"""Exports for service evaluation: outcome measures per episode as CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from myomap.api.edge import ERRORS, actor_of
from myomap.exchange.outcomes_csv import outcomes_csv_for_user

router = Router(tags=["exports"])

CSV_RESPONSE = {
    "200": {
        "description": "One row per episode and instrument.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/exports/outcomes.csv",
    response=ERRORS,  # the 200 (a file) is described in openapi_extra
    summary="Outcome measures per episode (CSV)",
    openapi_extra={"responses": CSV_RESPONSE},
)
def outcomes_csv(request: HttpRequest, deidentified: bool = False):
    """Baseline and latest score of each instrument per episode, with the improvement and the
    clinically important change. `deidentified=true`: no names, dates of birth or ids, and each
    client's dates shifted by one random offset."""
    text = outcomes_csv_for_user(actor=actor_of(request), deidentified=deidentified)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = "outcomes-deidentified.csv" if deidentified else "outcomes.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
