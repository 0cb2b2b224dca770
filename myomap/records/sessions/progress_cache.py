"""The progress engine's result, remembered: the note form, the progress page and the PDF of an
episode all need the same judgement, and without this each of them re-runs the engine over
every note of the episode.

The key is the engine's whole input: the plan (plan versions are never changed once stored,
so its id stands for its output), the knowledge-base version, and everything else in the
document, i.e. every session's input as the engine receives it (numbers, dates, pain scores,
re-examination, criteria ticked, declined advances). A new or edited note, a decision, an
edited plan or a new knowledge base is a different key, and nothing ever has to be
invalidated. Being content-addressed, the cache is safe per process and across several app
servers (docs/scale.md); it lives in Django's cache (per process by default). A value is
stored and returned as JSON, so every caller gets its own copy and a hit is
indistinguishable from a fresh run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache

from myomap.clinical.kb import get_kb

TIMEOUT_S = 24 * 3600


def _key(document: dict, plan_key: str) -> str:
    # Everything but the plan, which `plan_key` stands for: the sessions and any other part of
    # the input the engine may be given.
    rest = {k: v for k, v in document.items() if k != "plan"}
    text = json.dumps(rest, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(f"{get_kb().version}|{plan_key}|{text}".encode()).hexdigest()
    return f"myomap:progress:{digest}"


def progress_evaluate_cached(
    evaluate: Callable[[dict], dict], document: dict, *, plan_key: str
) -> dict:
    """`evaluate(document)` — the engine's `progress_run` — from the cache when the same
    input was judged before. `plan_key` must identify `document["plan"]` exactly (a stored
    plan version's id). An engine refusal (EngineInputError) is raised, never cached."""
    key = _key(document, plan_key)
    stored = cache.get(key)
    if stored is None:
        stored = json.dumps(evaluate(document))
        cache.set(key, stored, TIMEOUT_S)
    return json.loads(stored)
