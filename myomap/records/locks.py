"""Row locks that serialise the writes numbering rows of one episode.

Session notes, assessments and plan versions are numbered `max + 1` within their episode (or
assessment), with a unique constraint behind it. Two saves at once (a double click, two tabs,
two clinicians) would both read the same max, and on PostgreSQL the second insert fails on the
constraint. Locking the episode row first makes the second save wait for the first to commit
and then read the new max. SQLite needs no lock: it runs one write transaction at a time
(immediate transactions), and `select_for_update` is a no-op there.
"""

from __future__ import annotations

import uuid

from myomap.records.models import Episode


def episode_lock(episode_id: uuid.UUID | str) -> None:
    """Lock the episode row until the surrounding transaction ends (call inside `atomic`)."""
    list(Episode.objects.select_for_update().filter(pk=episode_id).values_list("pk", flat=True))
