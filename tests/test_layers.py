"""Who may import whom (docs/architecture.md, layers), read from the source with the same reader
as the core's purity test. Records hold data and rules of access, never presentation; template
tags only display what the view gave them."""

from __future__ import annotations

import ast

from tests.clinical.test_purity import ROOT, import_offenders, imported_modules

# Template tags format values; the view fetches them. The ORM, the records' selectors and
# services, the access layer and the engine are all out of reach of a tag.
TEMPLATE_TAG_FORBIDDEN = (
    "django.db",
    "myomap.records",
    "myomap.accounts",
    "myomap.clinical.engine",
    "myomap.clinical.planning",
    "myomap.clinical.reasoning",
    "myomap.clinical.referral",
    "myomap.clinical.triage",
)


def test_records_import_neither_charts_nor_handouts():
    assert import_offenders(ROOT / "records", ("myomap.charts", "myomap.handouts")) == {}


def test_no_template_tag_touches_the_orm_the_records_or_the_engine():
    tags = ROOT / "web" / "templatetags"
    assert import_offenders(tags, TEMPLATE_TAG_FORBIDDEN) == {}


# The web edge (docs/architecture.md, the web edge): views route a request to one selector or
# service; presenters turn what the view fetched into what a template shows; form adapters read
# posted fields into a service's document and put its refusals back onto the form; http/ holds
# the middleware and access decorators every page shares.
WEB = ROOT / "web"
WEB_APP_WIRING = {"__init__.py", "apps.py", "checks.py", "models.py", "urls.py", "account_urls.py"}
# What the core offers the web edge: its vocabularies and types, KB lookups and number wording.
# The decisions (triage, severity, posture, reasoning, plans, progress) reach a page only as the
# stored results of the records' services.
CORE_FOR_PRESENTATION = (
    "myomap.clinical.kb",
    "myomap.clinical.numbers",
    "myomap.clinical.assessment",
    "myomap.clinical.measures",
    "myomap.clinical.dosing",
)
CORE_FOR_VIEWS = ("myomap.clinical.kb", "myomap.clinical.numbers")
# Who acts, and the audit of what they read, belong to the selectors and services.
ACTING = (
    "myomap.accounts.actor",
    "myomap.accounts.audit",
    "myomap.accounts.audit_log",
    "myomap.accounts.staff",
)


def _core_beyond(folder, allowed: tuple[str, ...]) -> dict[str, list[str]]:
    """file → the core modules it imports that are not in `allowed`."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        core = {m for m in imported_modules(path) if m.startswith("myomap.clinical")}
        beyond = sorted(
            m for m in core if not any(m == a or m.startswith(a + ".") for a in allowed)
        )
        if beyond:
            found[str(path.relative_to(ROOT))] = beyond
    return found


def _functions_from_selectors_or_services(folder) -> dict[str, list[str]]:
    """file → names it imports from a records or accounts selectors/services module that are not
    constants or types (a capitalised name): such a call would read or write on its own."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(
                (".selectors", ".services")
            ):
                calls = [a.name for a in node.names if not a.name[0].isupper()]
                if calls:
                    found.setdefault(str(path.relative_to(ROOT)), []).extend(calls)
    return found


def test_the_web_package_holds_only_the_app_wiring_beside_its_layers():
    loose = {p.name for p in WEB.glob("*.py")} - WEB_APP_WIRING
    assert loose == set(), "put a module in web/views, web/presenters, web/forms or web/http"


def test_presenters_and_forms_run_no_query_and_act_for_no_one():
    for folder in (WEB / "presenters", WEB / "forms"):
        assert import_offenders(folder, ("django.db", "myomap.web.views", *ACTING)) == {}
        assert _functions_from_selectors_or_services(folder) == {}
        for path in folder.rglob("*.py"):
            assert ".objects." not in path.read_text(encoding="utf-8"), path


def test_presenters_and_forms_take_only_vocabularies_and_kb_lookups_from_the_core():
    for folder in (WEB / "presenters", WEB / "forms"):
        assert _core_beyond(folder, CORE_FOR_PRESENTATION) == {}


def test_form_adapters_do_not_depend_on_the_presenters():
    assert import_offenders(WEB / "forms", ("myomap.web.presenters", "myomap.web.http")) == {}


def test_views_reach_the_core_only_through_the_records():
    assert _core_beyond(WEB / "views", CORE_FOR_VIEWS) == {}
    assert import_offenders(WEB / "views", ("django.db",)) == {}


def test_views_read_through_the_records_not_another_edge():
    # The exchange (FHIR import and export, CSV) is an edge of its own beside the pages; what
    # both need (who made an imported row) is a records selector (myomap/records/provenance.py).
    assert import_offenders(WEB / "views", ("myomap.exchange",)) == {}


def test_views_query_nothing_themselves():
    # Reads and writes go through the selectors and services (records, accounts), which scope
    # them to the clinic and audit them; a view with its own `.objects.` would bypass both.
    for path in sorted((WEB / "views").rglob("*.py")):
        assert ".objects." not in path.read_text(encoding="utf-8"), path


def test_request_infrastructure_knows_the_actor_not_the_records():
    edge_parts = ("myomap.web.views", "myomap.web.presenters", "myomap.web.forms")
    assert import_offenders(WEB / "http", ("myomap.records", *edge_parts)) == {}


# The core's modules behind the engine's commands: the records and the edges reach them through
# myomap.clinical.engine, so a stored document is validated as the CLI validates it.
ENGINE_INTERNALS = tuple(
    f"myomap.clinical.{name}"
    for name in ("planning", "reasoning", "referral", "triage", "severity", "posture", "progress")
)


def test_records_and_edges_run_the_engine_through_its_one_entry():
    for package in ("records", "portal", "api", "exchange", "interop", "demo"):
        assert import_offenders(ROOT / package, ENGINE_INTERNALS) == {}, package
