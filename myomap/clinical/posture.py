"""Pelvis and leg length (docs/clinical-rules.md, pelvis and leg length).

Public function: `leg_length_interpret(inputs) -> dict` with `kind` (functional, structural,
mixed, none, structural_suspected), `short_side`, `difference_mm`, `lift` (null or
`{side, start_mm, target_mm, note}`), `advice`, `reliability_notes`, `reasons`, `kb_version`.

Inputs (all optional): `true_length_mm` / `apparent_length_mm` as `{left, right}`,
`block_test` / `imaging` as `{mm, short_side}`, `supine_to_long_sit` as `{left|right:
long_to_short|short_to_long|no_change}`, `pelvic_torsion` (bool) and `pelvic_tests`
(`{standing_flexion|seated_flexion: left|right|negative, landmark_levels: level|asymmetric}`).

Why the order of evidence matters: a standing block test or imaging measures the structural
difference; a tape measure alone picks the wrong short leg often enough that it may only raise a
suspicion, and a lift given for a functional (torsion) difference reinforces the compensation.
"""

from __future__ import annotations

from myomap.clinical.assessment import FLEXION_RESULTS, LANDMARK_RESULTS, LONG_SIT_RESULTS
from myomap.clinical.explain import (
    EngineInputError,
    Reason,
    kb_version,
    reasons_as_dicts,
    require_bool,
    require_choice,
    require_mapping,
    require_number,
)

THRESHOLD_MM = 5  # myofascial view of a relevant LLI (NAMTPT_GMIN, TS2)
SIDES = ("left", "right")
HEEL_LIFT_MAX_MM = 6  # HEELLIFT_PRACTICAL
FULL_LENGTH_LIFT_MM = 10  # HEELLIFT_PRACTICAL
EXTERNAL_BUILD_UP_FROM_MM = 15  # HEELLIFT_CFOP: over 15-20 mm needs an external build-up
# Reliability of pelvic palpation tests, quoted with their sources (source keys in the KB's
# posture.yaml).
RELIABILITY_NOTES = {
    "standing_flexion": ("Standing flexion test: inter-rater kappa 0.08-0.32.", "PHYSIOPEDIA_SIJ"),
    "seated_flexion": ("Seated flexion test: inter-rater kappa 0.01.", "RIBEIRO2021"),
    "landmark_levels": (
        "Static PSIS/ASIS landmark palpation: mean inter-examiner kappa 0.27.",
        "COOPERSTEIN2016",
    ),
    "supine_to_long_sit": (
        "Supine-to-long-sit, within the composite of motion tests: kappa 0.11-0.23, "
        "too low for clinical use.",
        "RIDDLE2002",
    ),
    "pelvic_torsion": (
        "Pelvic asymmetry is common without pain and is a low-reliability observation; "
        "one palpatory finding should not drive treatment or a lift.",
        "LEVANGIE1999",
    ),
}


def _pair(inputs: dict, key: str) -> tuple[float, float] | None:
    value = inputs.get(key)
    if value is None:
        return None
    value = require_mapping(value, key)
    low, high = 200, 1500  # millimetres from pelvis to ankle in any adult or child
    return (
        require_number(value.get("left"), f"{key}.left", low, high),
        require_number(value.get("right"), f"{key}.right", low, high),
    )


def _measure(inputs: dict, key: str) -> tuple[float, str | None] | None:
    value = inputs.get(key)
    if value is None:
        return None
    value = require_mapping(value, key)
    mm = require_number(value.get("mm"), f"{key}.mm", 0, 100)
    side = value.get("short_side")
    if mm >= THRESHOLD_MM or side is not None:
        side = require_choice(side, f"{key}.short_side", SIDES)
    return mm, side


def _shorter(pair: tuple[float, float]) -> str | None:
    left, right = pair
    return None if left == right else ("left" if left < right else "right")


def _long_sit(inputs: dict) -> dict[str, str]:
    value = inputs.get("supine_to_long_sit") or {}
    value = require_mapping(value, "supine_to_long_sit")
    for side in value:
        require_choice(side, "supine_to_long_sit", SIDES)
    return {
        side: require_choice(result, f"supine_to_long_sit.{side}", LONG_SIT_RESULTS)
        for side, result in value.items()
    }


def _pelvic_tests(inputs: dict) -> list[str]:
    """The names of the pelvic palpation tests that were recorded, for the reliability note."""
    recorded = []
    if inputs.get("pelvic_torsion") is not None:
        require_bool(inputs["pelvic_torsion"], "pelvic_torsion")
        recorded.append("pelvic_torsion")
    tests = require_mapping(inputs.get("pelvic_tests") or {}, "pelvic_tests")
    allowed: dict[str, tuple[str, ...]] = {
        "standing_flexion": FLEXION_RESULTS,
        "seated_flexion": FLEXION_RESULTS,
        "landmark_levels": LANDMARK_RESULTS,
    }
    for name, result in tests.items():
        require_choice(name, "pelvic_tests", tuple(allowed))
        require_choice(result, f"pelvic_tests.{name}", allowed[name])
        recorded.append(name)
    return recorded


def _structural(inputs: dict, reasons: list[Reason]) -> tuple[str | None, float, str | None]:
    """(finding, difference, short side) from the best structural evidence available:
    imaging, then the block test, then the tape true length (suspicion only)."""
    for key, source in (("imaging", "LLD_SR2021"), ("block_test", "HANADA2001")):
        measured = _measure(inputs, key)
        if measured is not None:
            mm, side = measured
            found = mm >= THRESHOLD_MM
            verdict = f"≥ {THRESHOLD_MM} mm: structural" if found else f"< {THRESHOLD_MM} mm"
            reasons.append(Reason(f"leg_length.{key}", f"{key} {mm:g} mm {verdict}.", source))
            return ("structural" if found else None), mm, side
    true = _pair(inputs, "true_length_mm")
    if true is None:
        return None, 0.0, None
    diff = abs(true[0] - true[1])
    if diff < THRESHOLD_MM:
        return None, diff, _shorter(true)
    text = (
        f"Tape true-length difference {diff:g} mm without a standing measure: structural "
        "suspected - confirm with a standing block test before any lift."
    )
    reasons.append(Reason("leg_length.tape_only", text, "LLD_LIFTS_TAPE2014"))
    return "structural_suspected", diff, _shorter(true)


def _functional(inputs: dict, structural_mm: float, has_structural_measure: bool,
                reasons: list[Reason]) -> tuple[bool, float, str | None]:  # fmt: skip
    apparent = _pair(inputs, "apparent_length_mm")
    functional, diff, side = False, 0.0, None
    if apparent is not None:
        diff, side = abs(apparent[0] - apparent[1]), _shorter(apparent)
        if diff >= THRESHOLD_MM and has_structural_measure and structural_mm < THRESHOLD_MM:
            functional = True
            text = (
                f"Apparent difference {diff:g} mm with structural difference {structural_mm:g} mm."
            )
            reasons.append(Reason("leg_length.apparent", text, "FPNOTEBOOK_FLLD"))
    for leg, result in _long_sit(inputs).items():
        if result != "no_change":
            functional = True
            rotation = "anterior" if result == "long_to_short" else "posterior"
            text = (
                f"Supine-to-long-sit {leg}: {result.replace('_', ' ')}, suggesting {leg} "
                f"{rotation} innominate rotation (pelvic torsion)."
            )
            reasons.append(Reason("leg_length.long_sit", text, "BEMIS1987"))
    return functional, diff, side


# Carried by every lift (rule 13, docs/precautions.md).
BLOCK_UNDER_READS = (
    "The block (iliac-crest and book) method under-reads a leg-length difference by about 4-5 mm "
    "against induced differences and radiographs; full-length standing imaging is the reference."
)
LIFT_IS_AN_EXCEPTION = (
    "A lift is the exception: guidelines advise against orthotics for low back pain and make no "
    "recommendation on lifts, so consider one only for a confirmed structural difference clearly "
    "larger than measurement error, as a symptom-guided trial (low confidence)."
)


def _lift(side: str | None, difference: float, after_torsion: bool) -> dict:
    if difference <= HEEL_LIFT_MAX_MM:
        fit = f"up to about {HEEL_LIFT_MAX_MM} mm fits at the heel"
    elif difference < EXTERNAL_BUILD_UP_FROM_MM:
        fit = f"about {FULL_LENGTH_LIFT_MM} mm needs a full-length lift in deep shoes"
    else:
        fit = f"over {EXTERNAL_BUILD_UP_FROM_MM}-20 mm usually needs an external sole build-up"
    first = "Correct the pelvic torsion and retest first; " if after_torsion else ""
    note = (
        f"{first}start near half the difference and increase over weeks while reassessing pelvic "
        f"level and symptoms; {fit}."
    )
    return {
        "side": side,
        "start_mm": difference / 2,
        "target_mm": difference,
        "note": note,
        "measurement_note": {"text": BLOCK_UNDER_READS, "source": "HANADA2001"},
        "exception_note": {"text": LIFT_IS_AN_EXCEPTION, "source": "NG59", "confidence": "low"},
    }


def _contradiction(inputs: dict) -> str | None:
    """A block test of 5 mm or more with equal true tape lengths (and no imaging) disagrees
    with itself: resolve it before any lift."""
    if inputs.get("imaging") is not None or inputs.get("block_test") is None:
        return None
    block = _measure(inputs, "block_test")
    true = _pair(inputs, "true_length_mm")
    if block is None or true is None or block[0] < THRESHOLD_MM:
        return None
    if abs(true[0] - true[1]) >= THRESHOLD_MM:
        return None
    return (
        f"Block test {block[0]:g} mm but the true tape lengths differ by "
        f"{abs(true[0] - true[1]):g} mm: re-measure, or confirm with imaging, before any lift."
    )


def _kind(structural: str | None, functional: bool) -> str:
    if structural == "structural":
        return "mixed" if functional else "structural"
    if functional:
        return "functional"
    return structural or "none"


ADVICE = {
    "functional": "Functional difference: correct the pelvic torsion with manual therapy and "
    "retest each session. No lift.",
    "structural": "Structural difference: a lift on the short side, only after functional causes "
    "are addressed.",
    "mixed": "Both: correct the torsion first and retest; then a graded lift on the short side.",
    "structural_suspected": "Structural difference suspected from tape only: confirm with a "
    "standing block test before any lift.",
    "none": f"All differences under {THRESHOLD_MM} mm: no leg-length treatment needed.",
}


def leg_length_interpret(inputs: dict) -> dict:
    inputs = require_mapping(inputs, "")
    reasons: list[Reason] = []
    structural, structural_mm, structural_side = _structural(inputs, reasons)
    measured = any(inputs.get(k) is not None for k in ("imaging", "block_test", "true_length_mm"))
    functional, apparent_mm, apparent_side = _functional(inputs, structural_mm, measured, reasons)
    kind = _kind(structural, functional)
    if kind == "functional":
        short_side, difference = apparent_side, apparent_mm
    elif kind == "none":
        short_side, difference = None, max(structural_mm, apparent_mm)
    else:
        short_side, difference = structural_side, structural_mm
    lift = None
    contradiction = _contradiction(inputs)
    if contradiction and kind in ("structural", "mixed"):
        kind = "structural_suspected" if kind == "structural" else "functional"
        reasons.append(Reason("leg_length.contradiction", contradiction, "HANADA2001"))
    if kind in ("structural", "mixed"):
        lift = _lift(short_side, difference, after_torsion=kind == "mixed")
        reasons.append(Reason("leg_length.lift", lift["note"], "HEELLIFT_PRACTICAL"))
    elif kind == "functional":
        reasons.append(Reason("leg_length.no_lift", ADVICE["functional"], "KNUTSON2005B"))
    if kind == "none":
        reasons.append(Reason("leg_length.none", ADVICE["none"], "KNUTSON2005A"))
    notes = [RELIABILITY_NOTES[name] for name in _pelvic_tests(inputs)]
    if "supine_to_long_sit" in inputs and inputs["supine_to_long_sit"]:
        notes.append(RELIABILITY_NOTES["supine_to_long_sit"])
    reasons += [Reason("pelvis.low_reliability", text, source) for text, source in notes]
    body = {
        "kind": kind,
        "short_side": short_side,
        "difference_mm": difference,
        "lift": lift,
        "advice": ADVICE[kind] if not contradiction else f"{ADVICE[kind]} {contradiction}",
        "contradictions": [contradiction] if contradiction else [],
        "reliability_notes": [{"text": t, "source": s, "reliability": "low"} for t, s in notes],
    }
    return {**body, "reasons": reasons_as_dicts(reasons), "kb_version": kb_version()}


__all__ = ["EngineInputError", "leg_length_interpret"]
