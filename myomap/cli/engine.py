"""`myomap engine …`: the JSON-in, JSON-out contract in docs/engine.md (owned by the engine work).

One sub-command per entry of `myomap.clinical.engine.COMMANDS`, so a command registered there
appears here without touching this file. Each reads one JSON document on stdin and writes one
JSON document on stdout (exit 0); invalid input writes `{"error": {"message", "field"}}` and
exits 2.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable

import typer

from myomap.clinical.engine import COMMANDS, run_command
from myomap.clinical.explain import EngineInputError
from myomap.clinical.plan_text import plan_render_text

engine_app = typer.Typer(
    help="Run the clinical engine: JSON on stdin, JSON on stdout.", no_args_is_help=True
)

INVALID_INPUT_EXIT = 2


def _stdin_text() -> str:
    """Standard input as text, decoded strictly: invalid UTF-8 is an input error, not a crash."""
    raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EngineInputError(
            f"input is not valid UTF-8 (byte {error.start}); send one JSON object encoded as "
            "UTF-8 on standard input",
            "$",
        ) from error


def _refuse_constant(name: str) -> object:
    raise EngineInputError(f"{name} is not a JSON number; use a finite number", "$")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise EngineInputError(f"{text} is too large for a number; use a finite number", "$")
    return value


def _read_document(text: str) -> object:
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise EngineInputError(
            f"input is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}); "
            "send one JSON object on standard input",
            "$",
        ) from error
    except EngineInputError:
        raise
    except RecursionError as error:
        raise EngineInputError(
            "input is nested too deeply; send one JSON object of ordinary depth", "$"
        ) from error
    except ValueError as error:  # an integer longer than Python converts
        raise EngineInputError(
            f"input has an integer of more than {sys.get_int_max_str_digits():,} digits", "$"
        ) from error


def _emit(payload: dict) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate echoed from the input: escape it instead
        text = json.dumps(payload)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# Commands that can also render for a person reading a terminal (`--format text`).
TEXT_RENDERERS = {"plan": plan_render_text}


def execute(name: str, output_format: str = "json") -> None:
    """Run one command on the JSON document read from stdin."""
    try:
        result = run_command(name, _read_document(_stdin_text()))
    except RecursionError:  # deep nesting that parsed but is too deep to validate
        error = EngineInputError("input is nested too deeply", "$")
        _emit(error.as_dict())
        raise typer.Exit(code=INVALID_INPUT_EXIT) from None
    except EngineInputError as error:
        _emit(error.as_dict())
        raise typer.Exit(code=INVALID_INPUT_EXIT) from error
    if output_format == "text":
        sys.stdout.write(TEXT_RENDERERS[name](result))
        return
    _emit(result)


def _register(name: str) -> None:
    handler = COMMANDS[name]
    summary = (handler.__doc__ or f"Run the {name} command.").strip().splitlines()[0]

    def json_command() -> None:
        execute(name)

    def text_command(  # the same command with a --format option
        output_format: str = typer.Option("json", "--format", help="json or text"),
    ) -> None:
        if output_format not in ("json", "text"):
            raise typer.BadParameter("use json or text", param_hint="--format")
        execute(name, output_format)

    command: Callable[..., None] = text_command if name in TEXT_RENDERERS else json_command
    command.__doc__ = summary
    engine_app.command(name=name, help=summary)(command)


for _name in COMMANDS:
    _register(_name)
