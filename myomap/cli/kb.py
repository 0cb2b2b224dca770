"""`myomap kb …`: validate and browse the knowledge base (owned by the knowledge-base work)."""

import typer

kb_app = typer.Typer(help="Validate and browse the clinical knowledge base.", no_args_is_help=True)
