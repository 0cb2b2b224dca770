"""Who may import whom (docs/architecture.md, layers), read from the source with the same reader
as the core's purity test. Records hold data and rules of access, never presentation; template
tags only display what the view gave them."""

from __future__ import annotations

from tests.clinical.test_purity import ROOT, import_offenders

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
