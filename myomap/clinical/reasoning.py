"""Clinical reasoning summary (docs/clinical-rules.md, reasoning): the client's causal chain and the
five elements of pain, each statement tied to the findings that support it.

Nothing here is a diagnosis. A step with no supporting finding says so ("not_found"), and a step
whose inputs were never recorded says "not_assessed" rather than guessing. Ischaemia cannot be
observed in the clinic, so it is only ever "inferred" from sustained contraction and trigger
points, and the summary says that this is the method's model, not a measurement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from myomap.clinical.assessment import Assessment, MuscleFinding
from myomap.clinical.explain import Reason
from myomap.clinical.kb.lookups import referral_regions, source_key

NERVE_QUALITIES = {"tingling", "numbness", "burning"}
NERVE_FINDINGS = {
    "radicular_pain",
    "progressive_neuro_deficit",
    "severe_neuro_deficit",
    "stable_mild_neuro_deficit",
    "bilateral_leg_symptoms",
}


@dataclass
class Statement:
    key: str
    status: str  # present | likely | possible | inferred | not_found | not_assessed
    text: str
    findings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.key, "status": self.status, "text": self.text, "findings": self.findings}


def _label(finding: MuscleFinding) -> str:
    return f"{finding.muscle} ({finding.side})"


def _muscles_with(assessment: Assessment, attribute: str) -> list[str]:
    return [_label(m) for m in assessment.muscles if getattr(m, attribute) is True]


def _torsion(assessment: Assessment, leg_length: dict | None) -> Statement:
    posture = assessment.posture
    findings: list[str] = []
    if posture.pelvic_torsion is True:
        findings.append("posture.pelvic_torsion: present")
    kind = (leg_length or {}).get("kind")
    if kind in ("functional", "mixed"):
        findings.append(f"leg length: {kind} difference")
    tests = posture.pelvic_tests
    for test in ("standing_flexion", "seated_flexion"):
        value = getattr(tests, test) if tests else None
        if value not in (None, "negative"):
            findings.append(f"posture.pelvic_tests.{test}: positive on the {value}")
    if tests and tests.landmark_levels == "asymmetric":
        findings.append("posture.pelvic_tests.landmark_levels: asymmetric")
    caution = (
        " Pelvic palpation tests have low inter-examiner reliability; treat as an observation."
    )
    functional = kind in ("functional", "mixed")
    provocation = (posture.sij_provocation_positive or 0) >= 3
    if len(findings) == 1 and not functional and not provocation:
        text = (
            "Possible pelvic asymmetry: one low-reliability finding, common without pain; it "
            "drives no treatment by itself."
        )
        return Statement("pelvic_torsion", "possible", text, findings)
    if findings:
        return Statement(
            "pelvic_torsion", "present", "Pelvic torsion is recorded." + caution, findings
        )
    if posture == posture.__class__():
        return Statement(
            "pelvic_torsion", "not_assessed", "Pelvis and leg length were not examined."
        )
    return Statement("pelvic_torsion", "not_found", "No pelvic torsion was found." + caution)


def _compensation(assessment: Assessment, torsion_present: bool) -> Statement:
    if not assessment.muscles:
        return Statement("muscular_compensation", "not_assessed", "No muscles were palpated.")
    findings = [f"{m}: spasm" for m in _muscles_with(assessment, "spasm")]
    findings += [f"{m}: shortened" for m in _muscles_with(assessment, "shortened")]
    findings += [f"{m}: weak or inhibited" for m in _muscles_with(assessment, "weak")]
    if not findings:
        return Statement("muscular_compensation", "not_found", "No spasm, shortening or weakness.")
    cause = "compensating for the pelvic torsion" if torsion_present else "without recorded torsion"
    return Statement(
        "muscular_compensation", "present", f"Muscle imbalance is present, {cause}.", findings
    )


def _ischaemia(assessment: Assessment) -> Statement:
    if not assessment.muscles:
        return Statement("ischaemia", "not_assessed", "No muscles were palpated.")
    findings = [f"{m}: spasm" for m in _muscles_with(assessment, "spasm")]
    findings += [
        f"{_label(m)}: {m.trigger_point} trigger point" for m in _trigger_muscles(assessment)
    ]
    if not findings:
        return Statement("ischaemia", "not_found", "No sustained contraction or trigger point.")
    text = (
        "Reduced blood flow in overworked muscles is inferred from sustained contraction and "
        "trigger points; it is the method's explanation and is not measured in the clinic."
    )
    return Statement("ischaemia", "inferred", text, findings)


def _trigger_muscles(assessment: Assessment) -> list[MuscleFinding]:
    return [m for m in assessment.muscles if m.trigger_point != "none"]


def _trigger_points(assessment: Assessment) -> Statement:
    if not assessment.muscles:
        return Statement("trigger_points", "not_assessed", "No muscles were palpated.")
    found = _trigger_muscles(assessment)
    if not found:
        return Statement("trigger_points", "not_found", "No trigger point was found on palpation.")
    findings = []
    for m in found:
        confirmed = (
            "referral reproduced" if m.confirmed_trigger_point else "referral not reproduced"
        )
        findings.append(f"{_label(m)}: {m.trigger_point} trigger point, {confirmed}")
    confirmed_count = sum(m.confirmed_trigger_point for m in found)
    text = (
        f"{len(found)} trigger point(s) found, {confirmed_count} confirmed by reproduced referral."
    )
    return Statement("trigger_points", "present", text, findings)


def _pain(assessment: Assessment) -> Statement:
    if not assessment.pain_map:
        return Statement("local_and_referred_pain", "not_assessed", "No pain drawing was recorded.")
    explained: list[str] = []
    for m in assessment.muscles:
        if not m.confirmed_trigger_point:
            continue
        zones = referral_regions(m.muscle, m.side)
        for entry in assessment.pain_map:
            if entry.region in zones:
                explained.append(f"{entry.region} lies in the referral zone of {_label(m)}")
    drawn = ", ".join(e.region for e in assessment.pain_map)
    text = f"Pain drawn at {drawn}."
    if explained:
        text += " Part of it is referred from confirmed trigger points."
    return Statement(
        "local_and_referred_pain", "present", text, explained or [f"pain_map: {drawn}"]
    )


DEFICIT_FINDINGS = {
    "stable_mild_neuro_deficit",
    "progressive_neuro_deficit",
    "severe_neuro_deficit",
}


def _nerve_compression(assessment: Assessment) -> Statement:
    findings = [
        f"pain_map {e.region}: {e.quality}"
        for e in assessment.pain_map
        if e.quality in NERVE_QUALITIES
    ]
    findings += [f"triage: {f}" for f in assessment.triage.findings if f in NERVE_FINDINGS]
    numb = any(e.quality == "numbness" for e in assessment.pain_map)
    deficit = bool(set(assessment.triage.findings) & DEFICIT_FINDINGS)
    if numb and deficit:
        text = (
            "Nerve-root involvement is likely: numbness together with a neurological deficit. "
            "Re-check dermatomes, myotomes, reflexes, straight-leg raise and slump at every visit "
            "and escalate a worsening deficit (MSD-RADIC)."
        )
        return Statement("nerve_compression", "likely", text, findings)
    if findings:
        text = (
            "Nerve involvement is possible; trigger-point referral can mimic it, so neurological "
            "examination decides."
        )
        return Statement("nerve_compression", "possible", text, findings)
    if not assessment.pain_map and not assessment.triage.findings:
        return Statement(
            "nerve_compression", "not_assessed", "No sensory quality or neurology recorded."
        )
    return Statement(
        "nerve_compression", "not_found", "No tingling, numbness or neurological flag."
    )


def _postural_distortion(
    assessment: Assessment, torsion: Statement, leg_length: dict | None
) -> Statement:
    findings = list(torsion.findings)
    imbalance = assessment.severity.postural_imbalance
    if imbalance in ("mild", "significant"):
        findings.append(f"severity.postural_imbalance: {imbalance}")
    kind = (leg_length or {}).get("kind")
    if kind in ("structural", "structural_suspected"):
        findings.append(f"leg length: {kind}")
    if findings:
        return Statement(
            "postural_distortion", "present", "Postural distortion is recorded.", findings
        )
    if torsion.status == "not_assessed" and imbalance is None:
        return Statement("postural_distortion", "not_assessed", "Posture was not examined.")
    return Statement("postural_distortion", "not_found", "No postural distortion was recorded.")


def _biomechanics(assessment: Assessment) -> Statement:
    findings = [f"difficulty: {d}" for d in assessment.severity.difficulties]
    if assessment.severity.weakness is True:
        findings.append("severity.weakness: core or back weakness or fatigue")
    findings += [f"{m}: weak or inhibited" for m in _muscles_with(assessment, "weak")]
    findings += [f"{m}: shortened" for m in _muscles_with(assessment, "shortened")]
    if findings:
        text = "Movement is impaired by weakness, shortening or painful tasks."
        return Statement("biomechanical_dysfunction", "present", text, findings)
    if (
        assessment.severity.weakness is None
        and not assessment.muscles
        and not assessment.severity.difficulties
    ):
        return Statement("biomechanical_dysfunction", "not_assessed", "Movement was not assessed.")
    return Statement("biomechanical_dysfunction", "not_found", "No movement impairment recorded.")


def reasoning_summarise(assessment: Assessment, *, leg_length: dict | None = None) -> dict:
    """Causal chain and five elements of pain for one assessment. `leg_length` is the posture
    engine's interpretation, passed in so it is computed once per plan."""
    torsion = _torsion(assessment, leg_length)
    ischaemia = _ischaemia(assessment)
    trigger_points = _trigger_points(assessment)
    chain = [
        torsion,
        _compensation(assessment, torsion.status == "present"),
        ischaemia,
        trigger_points,
        _pain(assessment),
    ]
    elements = [
        ischaemia,
        trigger_points,
        _nerve_compression(assessment),
        _postural_distortion(assessment, torsion, leg_length),
        _biomechanics(assessment),
    ]
    reasons = [
        Reason(
            "reasoning.causal_chain",
            "The chain follows the method's torsion-to-pain model.",
            source_key("causal_chain"),
        ),
        Reason(
            "reasoning.five_elements",
            "The five elements of pain each get a finding-based status.",
            source_key("five_elements"),
        ),
    ]
    if torsion.status != "not_assessed":
        reasons.append(
            Reason(
                "reasoning.pelvic_reliability",
                "Pelvic palpation tests have low inter-examiner reliability.",
                source_key("pelvic_reliability"),
            )
        )
    return {
        "causal_chain": [s.as_dict() for s in chain],
        "five_elements": [s.as_dict() for s in elements],
        "reasons": [r.as_dict() for r in reasons],
    }
