"""Trigger-point source inference (docs/clinical-rules.md, referral ranking): a pain drawing →
ranked (muscle, side) candidates.

Public function: `sources_rank(regions, intensity=None, limit=None) -> dict` with `candidates`
best first, each `{muscle, name, side, score, essential, spillover, unexplained, palpation,
look_alikes, confidence, sources}`, plus `reasons` and `kb_version`.

The score is additive over the drawn regions (docs/referral.md explains and measures it):

    score = Σ w(r) over drawn regions in the muscle's essential zones   × ESSENTIAL_WEIGHT
          + Σ w(r) over drawn regions in its spillover zones            × SPILLOVER_WEIGHT
          − Σ w(r) over drawn regions it cannot explain                 × UNEXPLAINED_PENALTY

with w(r) from the region's intensity. Every region is worth the same to every muscle that
explains it in the same way, which is what guarantees that drawing one more region inside a
muscle's essential zone can never lower that muscle's rank. Muscle confidence and the name only
break ties, never change a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from myomap.clinical.explain import (
    EngineInputError,
    Reason,
    kb_version,
    reasons_as_dicts,
    require_int,
    require_list,
    require_mapping,
)
from myomap.clinical.kb import get_kb

ESSENTIAL_WEIGHT = 1.0  # essential zones: in nearly every patient (KB referral maps)
SPILLOVER_WEIGHT = 0.4  # spillover zones: present in some patients only, weaker evidence
UNEXPLAINED_PENALTY = 0.25  # drawn pain this muscle cannot produce
DEFAULT_INTENSITY = 5  # a region drawn without a rating counts as a middling pain
CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}
BodySide = Literal["left", "right"]
SIDES: tuple[BodySide, ...] = ("left", "right")
MIRROR: dict[str, BodySide] = {"left": "right", "right": "left"}  # midline regions never mirror


def intensity_weight(intensity: int) -> float:
    """0.5 for a barely painful region up to 1.0 for the worst pain: intensity adjusts a
    region's say, but a drawn region never counts for nothing."""
    return 0.5 + intensity / 20


@dataclass(frozen=True)
class MuscleSide:
    muscle_id: str
    side: str
    essential: frozenset[str]
    spillover: frozenset[str]


@lru_cache(maxsize=4)
def _referral_table(version: str) -> tuple[tuple[MuscleSide, ...], dict[str, list[int]]]:
    """Per (muscle, side) zone sets and an index region → entries, built once per KB version.
    A bilateral-referral muscle gets one entry (side `bilateral`) whose zones cover both sides."""
    kb = get_kb()
    entries: list[MuscleSide] = []
    for muscle in sorted(kb.muscles.values(), key=lambda m: m.id):
        sides: tuple[BodySide | Literal["bilateral"], ...] = (
            ("bilateral",) if muscle.refers_bilaterally else SIDES
        )
        for side in sides:
            essential, spillover = kb.muscle_zones(
                muscle.id, "right" if side == "bilateral" else side
            )
            entries.append(MuscleSide(muscle.id, side, frozenset(essential), frozenset(spillover)))
    index: dict[str, list[int]] = {}
    for number, entry in enumerate(entries):
        for region in entry.essential | entry.spillover:
            index.setdefault(region, []).append(number)
    return tuple(entries), index


def _read_regions(regions: object, intensity: object) -> dict[str, float]:
    known = get_kb().regions
    regions = require_list(regions, "regions", min_len=1, max_len=len(known))
    weights: dict[str, float] = {}
    for i, region in enumerate(regions):
        if not isinstance(region, str) or region not in known:
            allowed = ", ".join(sorted(known))
            raise EngineInputError(
                f"unknown region {region!r}; allowed region ids: {allowed}", f"regions.{i}"
            )
        if region in weights:
            raise EngineInputError(f"region {region!r} is listed twice", f"regions.{i}")
        weights[region] = intensity_weight(DEFAULT_INTENSITY)
    ratings = require_mapping(intensity if intensity is not None else {}, "intensity")
    for region, rating in ratings.items():
        if region not in weights:
            raise EngineInputError(
                f"intensity is given for {region!r}, which is not in regions", f"intensity.{region}"
            )
        weights[region] = intensity_weight(require_int(rating, f"intensity.{region}", 0, 10))
    return weights


def _score(essential: float, spillover: float, unexplained: float) -> float:
    raw = (
        ESSENTIAL_WEIGHT * essential
        + SPILLOVER_WEIGHT * spillover
        - UNEXPLAINED_PENALTY * unexplained
    )
    return round(raw, 4)


def _match(entry: MuscleSide, weights: dict[str, float]) -> dict:
    essential = [r for r in weights if r in entry.essential]
    spillover = [r for r in weights if r in entry.spillover and r not in entry.essential]
    unexplained = [r for r in weights if r not in entry.essential and r not in entry.spillover]
    score = _score(*(sum(weights[r] for r in part) for part in (essential, spillover, unexplained)))
    return {
        "muscle": entry.muscle_id,
        "side": entry.side,
        "score": score,
        "essential": essential,
        "spillover": spillover,
        "unexplained": unexplained,
    }


def _merge_midline_only(matches: list[dict]) -> list[dict]:
    """When both sides of a one-sided muscle explain exactly the same (midline) regions, the
    drawing cannot tell the sides apart: show one entry that asks to palpate both sides."""
    by_muscle: dict[str, dict[str, dict]] = {}
    for match in matches:
        by_muscle.setdefault(match["muscle"], {})[match["side"]] = match
    merged = []
    for sides in by_muscle.values():
        left, right = sides.get("left"), sides.get("right")
        if (
            left
            and right
            and left["essential"] == right["essential"]
            and left["spillover"] == right["spillover"]
        ):
            merged.append({**left, "side": "bilateral", "midline_only": True})
        else:
            merged.extend(sides.values())
    return merged


def _rank_key(candidate: dict) -> tuple:
    confidence = CONFIDENCE_ORDER[get_kb().muscles[candidate["muscle"]].confidence.referral]
    side_order = {"left": 0, "right": 1, "bilateral": 2}[candidate["side"]]
    return (-candidate["score"], -len(candidate["essential"]), confidence,
            candidate["muscle"], side_order)  # fmt: skip


def _describe(candidate: dict) -> dict:
    muscle = get_kb().muscles[candidate["muscle"]]
    palpation = muscle.palpation
    described = {
        **candidate,
        "name": muscle.name,
        "palpation": {
            "position": palpation.position,
            "method": palpation.method,
            "how": palpation.how,
            "cautions": palpation.cautions,
            # Structures at risk and the safer method (docs/precautions.md); shown on the card.
            "safety": [
                {"text": c.text, "confidence": c.confidence, "sources": list(c.sources)}
                for c in get_kb().precautions.palpation_cautions
                if c.muscle == muscle.id and not c.when
            ],
        },
        "look_alikes": list(muscle.look_alikes),
        "confidence": muscle.confidence.referral,
        "sources": list(muscle.sources),
    }
    if described.pop("midline_only", False):
        described["note"] = "Only midline regions match: palpate both sides."
    return described


def sources_rank(regions: object, intensity: object = None, limit: object = None) -> dict:
    """Rank candidates for a drawing given as raw JSON: `regions` a list of region ids,
    `intensity` an optional {region id: 0-10} object, `limit` an optional 1-100. Invalid input
    raises `EngineInputError` naming the field."""
    weights = _read_regions(regions, intensity)
    if limit is not None:
        limit = require_int(limit, "limit", 1, 100)
    entries, index = _referral_table(get_kb().version)
    touched = sorted({n for region in weights for n in index.get(region, [])})
    matches = _merge_midline_only([_match(entries[n], weights) for n in touched])
    ranked = sorted(matches, key=_rank_key)[:limit]
    candidates = [_describe(c) for c in ranked]
    reasons = [
        Reason(
            "sources.pattern_match",
            "Candidates are ranked by how much of the drawing each muscle's referral map explains "
            f"(essential zones ×{ESSENTIAL_WEIGHT}, spillover ×{SPILLOVER_WEIGHT}, unexplained "
            f"pain −{UNEXPLAINED_PENALTY}); only palpation that reproduces the familiar pain "
            "confirms a trigger point.",
            "TS2",
        )
    ]
    for c in candidates[:3]:
        zones = ", ".join(c["essential"] + c["spillover"])
        text = f"{c['name']} ({c['side']}) explains {zones}; score {c['score']:g}."
        reasons.append(Reason(f"sources.{c['muscle']}", text, c["sources"][0]))
    body = {"candidates": candidates, "regions": list(weights)}
    return {**body, "reasons": reasons_as_dicts(reasons), "kb_version": kb_version()}


def mirror_region(region_id: str) -> str:
    """The same region on the other side (`si_joint_r` ↔ `si_joint_l`); midline unchanged."""
    kb = get_kb()
    region = kb.regions[region_id]
    if region.side == "midline":
        return region_id
    return kb.region_id(region.base, MIRROR[region.side])
