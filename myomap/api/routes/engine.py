"""The stateless engine commands (`myomap engine …`) over HTTP: the same registry, the same
validation, the same `{"error": {"message", "field"}}` on bad input. No records are read or
written, so nothing is audited; the caller must still be a clinical member."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router

from myomap.api.edge import ERRORS, actor_of
from myomap.api.schemas import EngineOut
from myomap.clinical.engine import COMMANDS, run_command
from myomap.clinical.explain import EngineInputError
from myomap.errors import ApplicationError

router = Router(tags=["engine"])

# The commands of the engine contract exposed here (duration is folded into episodes).
API_COMMANDS = (
    "score",
    "change",
    "triage",
    "severity",
    "leg-length",
    "sources",
    "plan",
    "progress",
)


def _register(name: str) -> None:
    handler = COMMANDS[name]
    summary = (handler.__doc__ or f"Run the {name} command.").strip().splitlines()[0]

    def engine_command(request: HttpRequest, document: dict[str, Any] = Body(...)):  # noqa: B008
        actor_of(request).require_clinical()
        try:
            return run_command(name, document)
        except EngineInputError as exc:
            # Exactly the CLI's error document, with status 400.
            raise ApplicationError(exc.message, field=exc.field) from None

    engine_command.__name__ = f"engine_{name.replace('-', '_')}"
    router.post(
        f"/engine/{name}",
        response={200: EngineOut, **ERRORS},
        summary=summary.rstrip("."),
        description=f"One JSON document in, as `myomap engine {name}` reads it on stdin; see "
        "docs/engine.md.",
        operation_id=f"engine_{name.replace('-', '_')}",
    )(engine_command)


for _name in API_COMMANDS:
    _register(_name)
