"""`myomap engine …`: the JSON-in, JSON-out contract of SPEC §9 (owned by the engine work)."""

import typer

engine_app = typer.Typer(help="Run the clinical engine: JSON on stdin, JSON on stdout.", no_args_is_help=True)
