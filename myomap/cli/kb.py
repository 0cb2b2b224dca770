"""`myomap kb …`: validate and browse the clinical knowledge base."""

from __future__ import annotations

from typing import Any

import typer

from myomap.clinical.kb import KbError, get_kb

kb_app = typer.Typer(help="Validate and browse the clinical knowledge base.", no_args_is_help=True)

KINDS = (
    "regions",
    "region_groups",
    "muscles",
    "exercises",
    "techniques",
    "instruments",
    "findings",
    "rules",
    "stages",
    "sources",
)


@kb_app.command()
def validate() -> None:
    """Load and check every KB file; print the counts (exit 1 with the precise error)."""
    try:
        kb = get_kb()
    except KbError as error:
        typer.echo(f"Knowledge base is invalid: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"Knowledge base {kb.version} is valid.")
    for name, count in kb.counts().items():
        typer.echo(f"  {count:4d} {name}")


@kb_app.command("list")
def list_kind(kind: str = typer.Argument(..., help=f"One of: {', '.join(KINDS)}")) -> None:
    """List the ids and names of one kind of entry."""
    kb = get_kb()
    tables: dict[str, Any] = {
        "regions": kb.regions,
        "region_groups": kb.region_groups,
        "muscles": kb.muscles,
        "exercises": kb.exercises,
        "techniques": kb.techniques,
        "instruments": kb.instruments,
        "findings": kb.red_flags.findings,
        "rules": {r.id: r for r in kb.red_flags.rules},
        "stages": {s.id: s for s in kb.stages},
        "sources": kb.sources,
    }
    if kind not in tables:
        typer.echo(f"Unknown kind '{kind}'. Choose one of: {', '.join(KINDS)}.", err=True)
        raise typer.Exit(2)
    for key, entry in tables[kind].items():
        typer.echo(f"{key:36s} {_title(entry)}")


@kb_app.command()
def show(entry_id: str = typer.Argument(..., metavar="ID")) -> None:
    """A readable card for any id: muscle, region, exercise, technique, instrument, source…"""
    found = get_kb().find(entry_id)
    if found is None:
        typer.echo(
            f"No knowledge-base entry has the id '{entry_id}'. "
            "Try `myomap kb list muscles` (or regions, exercises, techniques…).",
            err=True,
        )
        raise typer.Exit(2)
    kind, entry = found
    typer.echo(f"{_title(entry)}  [{kind} {entry_id}]")
    typer.echo("=" * 60)
    _print_fields(entry.model_dump(exclude_none=True), indent=0)


@kb_app.command("refers-to")
def refers_to(region_id: str = typer.Argument(..., metavar="REGION_ID")) -> None:
    """Muscles whose trigger points refer to this region, essential zones first."""
    kb = get_kb()
    if region_id not in kb.regions:
        typer.echo(f"Unknown region '{region_id}'. Try `myomap kb list regions`.", err=True)
        raise typer.Exit(2)
    typer.echo(f"Muscles referring to {kb.regions[region_id].label}:")
    for muscle, weight in kb.muscles_referring_to(region_id):
        typer.echo(f"  {weight:9s}  {muscle.id:32s} {muscle.name}")


def _title(entry: Any) -> str:
    for attribute in ("name", "label", "condition", "title"):
        value = getattr(entry, attribute, None)
        if isinstance(value, str):
            return value
    return ""


def _print_fields(data: Any, indent: int) -> None:
    pad = "  " * indent
    for key, value in data.items():
        if value in ([], {}, ""):
            continue
        label = key.replace("_", " ")
        if isinstance(value, dict):
            typer.echo(f"{pad}{label}:")
            _print_fields(value, indent + 1)
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            typer.echo(f"{pad}{label}:")
            for item in value:
                typer.echo(f"{pad}  -")
                _print_fields(item, indent + 2)
        elif isinstance(value, list) and all(len(str(v)) < 40 for v in value):
            typer.echo(f"{pad}{label}: {', '.join(str(v) for v in value)}")
        elif isinstance(value, list):
            typer.echo(f"{pad}{label}:")
            for item in value:
                typer.echo(f"{pad}  - {item}")
        else:
            typer.echo(f"{pad}{label}: {value}")
