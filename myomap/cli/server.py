"""`myomap init | demo | run | manage`: set up, fill and serve an installation."""

from __future__ import annotations

import os
import secrets
import sys

import typer

from myomap.paths import audit_key_file, demo_logins_file, private_dir, secret_key_file

server_app = typer.Typer()


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        typer.echo(f"Configuration error: {exc}", err=True)
        raise typer.Exit(1) from exc


def _check_database() -> None:
    """Fail early, naming the setting, when the configured database cannot be reached."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        setting = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "the SQLite file"
        typer.echo(f"Database error ({setting}): cannot connect: {exc}".strip(), err=True)
        raise typer.Exit(1) from exc


def secret_key_ensure() -> bool:
    """Create the per-install secret key file if it is missing; True when one was created."""
    if os.environ.get("MYOMAP_SECRET_KEY"):
        return False
    return _key_file_ensure(secret_key_file())


def audit_key_ensure() -> bool:
    """Create the audit chain's HMAC key file (outside the database) if it is missing."""
    if os.environ.get("MYOMAP_AUDIT_KEY"):
        return False
    return _key_file_ensure(audit_key_file())


def _key_file_ensure(path) -> bool:
    if path.exists():
        return False
    private_dir(path.parent)
    path.touch(mode=0o600)
    path.write_text(secrets.token_urlsafe(64) + "\n")
    return True


def _print_demo_logins() -> None:
    from myomap.demo import demo_logins

    logins = demo_logins()
    if logins:
        typer.echo("Demo logins (passwords are random for this installation):")
        for username, password, role in logins:
            typer.echo(f"  {role:<12} {username:<10} {password}")


@server_app.command("init")
def init() -> None:
    """Create this installation's secret key (once) and bring the database schema up to date."""
    created = secret_key_ensure()
    typer.echo("Created a new secret key file." if created else "Secret key already present.")
    created = audit_key_ensure()
    typer.echo("Created a new audit key file." if created else "Audit key already present.")
    _django_setup()
    _check_database()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    typer.echo("Database schema is up to date.")
    from myomap.records.episodes.summary import episode_summaries_bring_up_to_date

    computed = episode_summaries_bring_up_to_date()
    if computed:
        typer.echo(f"Episode summaries computed for Today: {computed}.")
    from myomap.web.http.db_statistics import statistics_refresh

    if statistics_refresh(full=True):
        typer.echo("Query-planner statistics refreshed (ANALYZE).")


@server_app.command("demo")
def demo(
    only_if_empty: bool = typer.Option(False, help="Do nothing when clinics already exist."),
) -> None:
    """Load the demo clinic: an owner, a clinician, a front-desk user and demo clients."""
    _django_setup()
    _check_database()
    from myomap.demo import demo_clinic_create, demo_is_needed

    if only_if_empty and not demo_is_needed():
        typer.echo("Clinics already exist; demo data left alone.")
        return
    if not demo_is_needed():
        typer.echo("The database already holds clinics; the demo loads only into an empty one.")
        raise typer.Exit(1)
    clinic = demo_clinic_create()
    typer.echo(f"Demo clinic '{clinic.name}' created.")
    _print_demo_logins()


@server_app.command("run")
def run(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(2, help="gunicorn worker processes."),
) -> None:
    """Serve Myomap with gunicorn."""
    _django_setup()
    _check_database()
    typer.echo(f"Myomap is running at http://{host}:{port}/  (Ctrl+C to stop)")
    # The passwords are printed once, by `myomap demo` when it creates them; a start only says
    # where they are kept, so they do not land in every log of every start.
    if demo_logins_file().exists():
        typer.echo(f"Demo logins: {demo_logins_file()} (readable by this user only)")
    sys.stdout.flush()
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "myomap.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            # The path without its query string: a portal link's token travels there.
            "--access-logformat",
            '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"',
            "--log-level",
            "warning",
        ],
    )


@server_app.command(
    "manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
)
def manage(ctx: typer.Context) -> None:
    """Any Django management command, e.g. `myomap manage createsuperuser`."""
    _django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["myomap manage", *ctx.args])
