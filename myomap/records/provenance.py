"""Who made an imported row at the clinic it came from: notes, addenda and progress decisions
that came in by FHIR import keep their original author (the API app's `ImportedProvenance`,
reached by name, linked by id), so the pages name that person rather than the importer."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.apps import apps as django_apps
from django.db.models import QuerySet

from myomap.records.models import ProgressDecision


def imported_originals(
    *, clinic, object_ids: Iterable[uuid.UUID | str] | QuerySet, object_type: str = ""
) -> dict[str, dict]:
    """For the rows among `object_ids` (of `object_type`, or of any type: the ids are UUIDs)
    that came in by import: id → who made them at the clinic they came from (and who imported
    them), for pages that name a person. One query. `clinic`: the clinic of the rows, which the
    caller fetched through a scoped selector."""
    model = django_apps.get_model("api", "ImportedProvenance")
    found = model.objects.filter(clinic=clinic, object_id__in=object_ids)
    if object_type:
        found = found.filter(object_type=object_type)
    found = found.select_related("imported_by")
    return {
        str(p.object_id): {
            **p.original,
            "imported_by": p.imported_by.get_full_name() or p.imported_by.get_username()
            if p.imported_by
            else "",
        }
        for p in found
    }


def imported_decision_originals(*, clinic, episode_id) -> dict[str, dict]:
    """`imported_originals` for the progress decisions of one episode: one query whether or
    not the episode has decisions, so the progress page's query count does not depend on them."""
    return imported_originals(
        clinic=clinic,
        object_type="progress_decision",
        object_ids=ProgressDecision.objects.filter(clinic=clinic, episode_id=episode_id).values(
            "pk"
        ),
    )


def imported_maker_words(kept: dict, key: str) -> str:
    """Who made an imported row, in the words the pages and the API use: "olivia (imported by
    Otto)". `kept` is the row's entry of `imported_originals`, `key` its maker's field there
    ("decided_by", "author", …)."""
    return f"{kept.get(key) or 'not recorded'} (imported by {kept['imported_by']})"
