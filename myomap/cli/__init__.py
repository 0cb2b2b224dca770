"""The `myomap` command. Each group lives in its own module; this file only assembles them."""

from __future__ import annotations

import typer

from myomap.cli.audit import audit_app
from myomap.cli.backup import backup_app, restore_app
from myomap.cli.clinic import clinic_app
from myomap.cli.engine import engine_app
from myomap.cli.export import export_app, import_app
from myomap.cli.kb import kb_app
from myomap.cli.reminders import reminders_app
from myomap.cli.server import server_app
from myomap.cli.token import token_app

app = typer.Typer(help="Myomap: neuromuscular low-back-pain care.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(clinic_app, name="clinic")
app.add_typer(engine_app, name="engine")
app.add_typer(kb_app, name="kb")
app.add_typer(token_app, name="token")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(backup_app, name="backup")
app.registered_commands += restore_app.registered_commands
app.registered_commands += server_app.registered_commands
app.registered_commands += reminders_app.registered_commands


def main() -> None:
    app()
