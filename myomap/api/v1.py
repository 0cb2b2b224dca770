"""`/api/v1/`: one NinjaAPI assembling the routers; authentication by personal API token or the
browser session (with CSRF); errors in one shape. OpenAPI at `/api/v1/openapi.json`, Swagger UI
(ninja's vendored assets, no inline script) at `/api/v1/docs`."""

from __future__ import annotations

from ninja import NinjaAPI

from myomap.api.edge import AUTH, install_error_handlers
from myomap.api.routes import assessments, engine, exports, fhir, records, sessions

api = NinjaAPI(
    title="Myomap API",
    version="1",
    description=(
        "Clinical records of a Myomap clinic (clients, episodes, assessments, plans, session "
        "notes, progress, handouts) and the stateless clinical engine. Every call acts as one "
        "staff member, scoped to their clinic and role, and is audited as on the pages. "
        "Authenticate with `Authorization: Bearer <token>` (a personal token issued by the "
        "clinic owner) or a logged-in session with the CSRF token in `X-CSRFToken`. See "
        "docs/api.md."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
)
install_error_handlers(api)
api.add_router("", records.router)
api.add_router("", assessments.router)
api.add_router("", sessions.router)
api.add_router("", engine.router)
api.add_router("", fhir.router)
api.add_router("", exports.router)
