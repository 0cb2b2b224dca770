"""What the planner knows about this client, derived once from the assessment by the engine's
own modules (triage, measures, severity, posture): nothing here re-implements their rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from myomap.clinical.assessment import Assessment, MuscleFinding
from myomap.clinical.measures import odi_score, start_back_score
from myomap.clinical.posture import leg_length_interpret
from myomap.clinical.severity import duration_classify, severity_classify

SIJ_CLUSTER = 3  # LASLETT2005: 3 or more of 6 provocation tests
# "Older adult" for exercise choice (sit-to-stand and supported step-up first, no ballistic
# swing). The clinical notes name older adults without an age; 65 is the usual cut-off in
# exercise guidelines, recalled and not sourced there (low confidence; docs/exercise-selection.md).
OLDER_ADULT_AGE = 65
# Work demands an occupation implies, added to the difficulties the client reported.
OCCUPATION_DEMANDS = {
    "manual": ("lifting", "repeated_bending"),
    "athlete": ("running",),
    "desk": ("prolonged_sitting",),
}


@dataclass
class PlanContext:
    assessment: Assessment
    triage: dict
    duration: str | None  # acute | subacute | chronic | None when the dates are missing
    severity: dict | None
    start_back: dict | None
    odi: dict | None
    leg_length: dict | None
    undecided: list[str] = field(default_factory=list)

    @property
    def urgency(self) -> str:
        return self.triage.get("urgency", "none")

    @property
    def muscles(self) -> list[MuscleFinding]:
        return self.assessment.muscles

    @property
    def in_spasm(self) -> set[tuple[str, str]]:
        return {(m.muscle, m.side) for m in self.muscles if m.spasm is True}

    @property
    def spasm_muscles(self) -> set[str]:
        return {m.muscle for m in self.muscles if m.spasm is True}

    @property
    def torsion_status(self) -> str | None:
        """ "counts", "possible" (one low-reliability finding: drives nothing by itself),
        "explained" (asymmetry with a confirmed structural difference) or None.
        Rule 13, docs/precautions.md: a torsion counts with a positive SIJ provocation cluster
        (3 or more of Laslett's 6) beside an asymmetry finding, or with an apparent leg-length
        difference together with a positive supine-to-long-sit."""
        posture = self.assessment.posture
        leg = self.leg_length or {}
        rules = {r.get("rule") for r in leg.get("reasons", [])}
        tests = posture.pelvic_tests
        asymmetry = [
            posture.pelvic_torsion is True,
            bool(tests and tests.standing_flexion not in (None, "negative")),
            bool(tests and tests.seated_flexion not in (None, "negative")),
            bool(tests and tests.landmark_levels == "asymmetric"),
            "leg_length.long_sit" in rules,
            "leg_length.apparent" in rules,
        ]
        if not any(asymmetry):
            return None
        cluster = (posture.sij_provocation_positive or 0) >= SIJ_CLUSTER
        long_sit_with_apparent = {"leg_length.long_sit", "leg_length.apparent"} <= rules
        if cluster or long_sit_with_apparent:
            return "counts"
        if leg.get("kind") == "structural":
            return "explained"
        return "possible"

    @property
    def torsion(self) -> bool:
        """Only a torsion that counts drives mobilisation, goals and the stage-3 gate."""
        return self.torsion_status == "counts"

    @property
    def occupation(self) -> str | None:
        return self.assessment.client.occupation

    @property
    def high_risk(self) -> bool:
        return (self.start_back or {}).get("risk") == "high"

    @property
    def risk(self) -> str | None:
        """STarT Back risk: low, medium, high, or None when not scored."""
        return (self.start_back or {}).get("risk")

    @property
    def older_adult(self) -> bool:
        return self.assessment.client.age >= OLDER_ADULT_AGE

    @property
    def severe(self) -> bool:
        return (self.severity or {}).get("level") == "severe"

    @property
    def irritability_reasons(self) -> list[str]:
        """Why manual pressure is dosed gently (threshold-level, client-controlled, fewer
        points): an acute episode, a severe (irritable) presentation, high STarT Back risk."""
        reasons = []
        if self.duration == "acute":
            reasons.append("the episode is acute")
        if self.severe:
            reasons.append("the presentation is severe (pain at rest or constant)")
        if self.high_risk:
            reasons.append("STarT Back risk is high")
        return reasons

    @property
    def gentle(self) -> bool:
        return bool(self.irritability_reasons)

    @property
    def client_states(self) -> set[str]:
        """The states an exercise's `not_for` list is checked against."""
        states = set()
        if self.older_adult:
            states.add("older_adult")
        if self.severe:
            states.add("severe")
        if self.high_risk:
            states.add("high_risk")
        if self.duration == "acute":
            states.add("acute")
        # The precautions' radicular pathway (nerve-root findings): treated as irritable.
        from myomap.clinical.planning.precautions import pathways_in_force

        if "radicular" in pathways_in_force(self):
            states.add("radicular")
        return states

    @property
    def demands(self) -> set[str]:
        """Reported difficulties plus the demands of the client's work or sport."""
        found: set[str] = set(self.assessment.severity.difficulties)
        found.update(OCCUPATION_DEMANDS.get(self.occupation or "", ()))
        return found


def _triage(assessment: Assessment) -> dict:
    # Imported here: triage imports the planning types.
    from myomap.clinical.triage import triage_evaluate

    document: dict[str, object] = {"findings": list(assessment.triage.findings)}
    for key, value in (
        ("age", assessment.client.age),
        ("sex", assessment.client.sex),
        ("onset_age", assessment.triage.onset_age),
        ("duration_weeks", assessment.triage.duration_weeks),
    ):
        if value is not None:
            document[key] = value
    return triage_evaluate(document)


def _duration(assessment: Assessment, undecided: list[str]) -> str | None:
    episode = assessment.episode
    if episode.onset is None or episode.on is None:
        undecided.append("episode duration (onset and assessment dates needed)")
        return None
    return duration_classify(episode.onset.isoformat(), episode.on.isoformat())["class"]


def _odi(assessment: Assessment) -> dict | None:
    answers = assessment.measures.odi
    return None if answers is None else odi_score(list(answers))


def _severity(assessment: Assessment, odi: dict | None, undecided: list[str]) -> dict | None:
    inputs = assessment.severity.model_dump(exclude_none=True)
    if odi and odi["scored"]:
        inputs["odi"] = odi["score_exact"]
    if len(inputs) <= (1 if not inputs.get("difficulties") else 0):
        undecided.append("severity level (no severity answers or ODI)")
        return None
    return severity_classify(inputs)


def _start_back(assessment: Assessment, undecided: list[str]) -> dict | None:
    answers = assessment.measures.start_back
    if answers is None:
        undecided.append("STarT Back risk (questionnaire not recorded)")
        return None
    return start_back_score(list(answers.items), answers.item9)


def _leg_length(assessment: Assessment) -> dict | None:
    inputs = assessment.posture.leg_length_input()
    return leg_length_interpret(inputs) if inputs else None


def plan_context(assessment: Assessment) -> PlanContext:
    undecided: list[str] = []
    odi = _odi(assessment)
    if odi is not None and not odi["scored"]:
        undecided.append("ODI (fewer than 8 sections answered)")
    if assessment.measures.nprs is None:
        undecided.append("baseline NPRS (progress will use session 1 pain before treatment)")
    return PlanContext(
        assessment=assessment,
        triage=_triage(assessment),
        duration=_duration(assessment, undecided),
        severity=_severity(assessment, odi, undecided),
        start_back=_start_back(assessment, undecided),
        odi=odi,
        leg_length=_leg_length(assessment),
        undecided=undecided,
    )
