"""What the assessment page shows, gathered once for the whole page and for each section's
partial: stored values (or, for a refused section, what was posted), KB labels, the stored
engine results and the stored reasoning summary. Labels come from the knowledge base."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping

from django.http import QueryDict

from myomap.accounts.models import ScopeOfPractice
from myomap.clinical.assessment import (
    DAILY_IMPACT,
    DIFFICULTIES,
    FINDING_FLAGS,
    FLEXION_RESULTS,
    LANDMARK_RESULTS,
    LONG_SIT_RESULTS,
    PAIN_PATTERNS,
    POSTURAL_IMBALANCE,
)
from myomap.clinical.kb import get_kb
from myomap.errors import ValidationFailed
from myomap.records.assessments.document import assessment_plan_blocker
from myomap.records.assessments.measures import INSTRUMENTS, assessment_measure_changes
from myomap.records.episodes import episode_duration
from myomap.records.models import FindingSide, Sensation, TriggerPointState
from myomap.web.forms.assessment import (
    POSTURE_CHOICES,
    SEVERITY_YES_NO,
    error_input,
    section_values,
)
from myomap.web.forms.questionnaires import questionnaire_forms
from myomap.web.presenters.assessment_steps import step_url


def _words(identifier: str) -> str:
    return identifier.replace("_", " ").capitalize()


def _labelled(
    values: tuple[str, ...], words: dict[str, str] | None = None
) -> tuple[tuple[str, str], ...]:
    """(value, label) for each of the core's values: the label is the id in words unless the
    page says it better. A label for a value the core does not have fails at import."""
    words = words or {}
    assert set(words) <= set(values), sorted(set(words) - set(values))
    return tuple((value, words.get(value, _words(value))) for value in values)


FLAGS = _labelled(
    FINDING_FLAGS, {"local_twitch": "Local twitch response", "weak": "Weak or inhibited"}
)
SEVERITY_CHOICES = {
    "pain_pattern": PAIN_PATTERNS,
    "postural_imbalance": POSTURAL_IMBALANCE,
    "daily_impact": DAILY_IMPACT,
    "difficulties": DIFFICULTIES,
}
GROUP_LABELS = {"axial_spondyloarthritis": "Axial spondyloarthritis (NICE NG65)"}


def section_anchor(section: str) -> str:
    if section in INSTRUMENTS:
        return f"measure-{section}"
    return {"red_flag_action": "red-flags"}.get(section, section.replace("_", "-"))


def _red_flag_groups(checked: list[str]) -> list[dict]:
    groups: dict[str, dict] = {}
    for finding in get_kb().red_flags.findings.values():
        group = groups.setdefault(
            finding.group,
            {"label": GROUP_LABELS.get(finding.group, _words(finding.group)), "findings": []},
        )
        group["findings"].append(
            {"id": finding.id, "label": finding.label, "checked": finding.id in checked}
        )
    return list(groups.values())


def _link(assessment_id, finding: str, statement_id: str) -> str:
    """Where (which step, which anchor) the finding behind a reasoning line was recorded."""
    muscle = re.match(r"^(\w+) \((left|right|bilateral)\)", finding)
    if muscle:
        return f"{step_url(assessment_id, 'palpation')}#finding-{muscle.group(1)}-{muscle.group(2)}"
    slug = {
        "pelvic_torsion": "posture",
        "postural_distortion": "posture",
        "nerve_compression": "red-flags",
        "biomechanical_dysfunction": "severity",
    }.get(statement_id, "body-chart")
    return f"{step_url(assessment_id, slug)}#{slug}"


def _reasoning(assessment) -> dict | None:
    """The reasoning summary stored with the assessment (refreshed by every section save; the
    page never runs the engine), with a link from each finding to where it was recorded."""
    stored = assessment.reasoning_result
    if stored is None:
        return None
    result = copy.deepcopy(stored)
    for key in ("causal_chain", "five_elements"):
        for statement in result.get(key, []):
            statement["links"] = [
                (f, _link(assessment.pk, f, statement["id"])) for f in statement["findings"]
            ]
    return result


def _errors(section: str | None, error: ValidationFailed | None) -> tuple[dict, set[str]]:
    if error is None:
        return {}, set()
    messages = [(field, message) for field, msgs in error.errors.items() for message in msgs]
    return {section: messages}, {error_input(field) for field in error.errors}


def page_context(
    assessment,
    *,
    section: str | None = None,
    error: ValidationFailed | None = None,
    posted: dict | None = None,
    query: QueryDict | None = None,
    marked: Mapping[str, object] | None = None,
) -> dict:
    """What every step page shows. `marked`: the drawing the view read (region id → entry), so
    that the page reads the pain map once."""
    values = section_values(assessment)
    if error is not None and posted is not None:
        values.update(posted)  # the refused section shows what was typed
    errors, invalid = _errors(section, error)
    kb = get_kb()
    reasoning = _reasoning(assessment)
    reasoning_blocks = (
        [
            ("Causal chain", reasoning["causal_chain"]),
            ("Five elements of pain", reasoning["five_elements"]),
        ]
        if reasoning
        else []
    )
    return {
        "assessment": assessment,
        "episode": assessment.episode,
        "client": assessment.episode.client,
        "values": values,
        "errors": errors,
        "invalid": invalid,
        "red_flag_groups": _red_flag_groups(values.get("findings", [])),
        "triage": _triage_labelled(assessment.triage_result),
        "blocker": assessment_plan_blocker(assessment),
        "actions": list(assessment.red_flag_actions.all()),
        "scores": scores_with_labels(assessment.scores or {}),
        **form_rows(values, invalid),
        "changes": assessment_measure_changes(assessment),
        "instruments": kb.instruments,
        "questionnaires": questionnaire_forms(values, invalid),
        "severity_choices": SEVERITY_CHOICES,
        "duration": episode_duration(assessment.episode, on=assessment.assessed_on),
        **finding_rows(
            assessment,
            posted=posted if section == "findings" else None,
            query=query,
            marked=marked or {},
        ),
        "muscle_options": sorted((m.name, m.id) for m in kb.muscles.values()),
        "finding_flags": FLAGS,
        "sides": FindingSide.choices,
        "trigger_points": TriggerPointState.choices,
        "sensations": Sensation.choices,
        "reasoning": reasoning,
        "reasoning_blocks": reasoning_blocks,
        "kb_version": kb.version,
    }


TRISTATE = (("", "Not recorded"), ("yes", "Yes"), ("no", "No"))
# The clinician's scope choices: the one vocabulary of the clinician's profile.
SCOPE_OPTIONS = tuple(ScopeOfPractice.choices)
SEVERITY_FLAGS = _labelled(SEVERITY_YES_NO, {"weakness": "Core or back weakness or fatigue"})
FLEXION = _labelled(FLEXION_RESULTS, {"left": "Positive left", "right": "Positive right"})
LONG_SIT = _labelled(LONG_SIT_RESULTS)
SHORT_SIDE = (("left", "Left short"), ("right", "Right short"))
PELVIC_TESTS = (
    ("standing_flexion", "Standing flexion test", FLEXION),
    ("seated_flexion", "Seated flexion test", FLEXION),
    ("landmark_levels", "Landmark levels (PSIS/ASIS)", _labelled(LANDMARK_RESULTS)),
)
assert tuple(test for test, _, _ in PELVIC_TESTS) == POSTURE_CHOICES  # each of the core's tests
LENGTHS = (
    ("true_left", "True length left (ASIS → medial malleolus)"),
    ("true_right", "True length right (ASIS → medial malleolus)"),
    ("apparent_left", "Apparent length left (umbilicus → medial malleolus)"),
    ("apparent_right", "Apparent length right (umbilicus → medial malleolus)"),
    ("block_mm", "Standing block test difference"),
    ("imaging_mm", "Imaging difference"),
)
SIDED = (
    ("block_side", "Block test: short side", SHORT_SIDE),
    ("imaging_side", "Imaging: short side", SHORT_SIDE),
    ("long_sit_left", "Supine-to-long-sit, left", LONG_SIT),
    ("long_sit_right", "Supine-to-long-sit, right", LONG_SIT),
)


def form_rows(values: dict, invalid: set[str]) -> dict:
    """Rows for the severity and posture forms (templates cannot index by a variable)."""

    def choice_rows(spec):
        return [
            {"name": n, "label": label, "choices": choices, "value": values.get(n, "")}
            for n, label, choices in spec
        ]

    return {
        "tristate": TRISTATE,
        "scope_options": SCOPE_OPTIONS,
        "severity_flags": [(f, label, values.get(f, "")) for f, label in SEVERITY_FLAGS],
        "pelvic_rows": choice_rows(PELVIC_TESTS),
        "side_rows": choice_rows(SIDED),
        "length_rows": [
            {"name": n, "label": label, "value": values.get(n, ""), "invalid": n in invalid}
            for n, label in LENGTHS
        ],
    }


def scores_with_labels(scores: dict) -> dict:
    """Scores with the KB's gentler band label beside the band id (docs/clinical-rules.md, measures:
    the KB's wording may be shown)."""
    instruments = get_kb().instruments
    labelled = {}
    for instrument, score in scores.items():
        bands = {band.id: band.label for band in instruments[instrument].bands}
        labelled[instrument] = {**score, "band_label": bands.get(score.get("band"), "")}
    return labelled


def _flag_rows(source) -> list[tuple[str, str, bool]]:
    get = source.get if isinstance(source, dict) else lambda k: getattr(source, k)
    return [(flag, label, bool(get(flag))) for flag, label in FLAGS]


def finding_rows(assessment, *, posted: dict | None, query, marked: Mapping[str, object]) -> dict:
    """Each recorded finding with its form state, and the add form (prefilled from a refused
    post, or from `?muscle=&side=` when arriving from the candidate list)."""
    kb = get_kb()
    refused_id = (posted or {}).get("finding_id")
    rows = []
    for finding in assessment.muscle_findings.all():
        is_refused = posted is not None and refused_id == str(finding.pk)
        current = posted if is_refused else finding
        rows.append(
            {
                "row": finding,
                "name": kb.muscles[finding.muscle].name
                if finding.muscle in kb.muscles
                else finding.muscle,
                "current": current,
                "flags": _flag_rows(current),
                "open": is_refused,
            }
        )
    adding = posted is not None and refused_id == ""
    adding_values: dict = (
        posted if adding and posted is not None
        else {k: (query or {}).get(k, "") for k in ("muscle", "side")}
    )  # fmt: skip
    side_from = ""
    if not adding:
        if adding_values.get("side"):
            side_from = "the candidate's side"
        else:
            # The side defaults to where the pain is, never to whatever comes first.
            adding_values["side"] = pain_side(marked)
            side_from = "the side of the marked pain" if adding_values["side"] else ""
    return {
        "findings": rows,
        "add_form": {
            "current": adding_values,
            "flags": _flag_rows(adding_values),
            "open": adding,
            "side_from": side_from,
        },
    }


def pain_side(marked: Iterable[str]) -> str:
    """The side of the drawn pain (`marked`: the drawing's region ids): right, left, both, or ""
    when nothing one-sided is drawn."""
    regions = get_kb().regions
    sides = {
        regions[region].side
        for region in marked
        if region in regions and regions[region].side in ("left", "right")
    }
    if sides == {"left", "right"}:
        return "bilateral"
    return next(iter(sides), "")


def _triage_labelled(triage: dict | None) -> dict | None:
    """The stored triage with each concern's finding ids shown as their KB plain-language labels."""
    if not triage:
        return triage
    labels = {f.id: f.label for f in get_kb().red_flags.findings.values()}
    concerns = [
        {**c, "findings": [labels.get(f, f) for f in c.get("findings", [])]}
        for c in triage.get("concerns", [])
    ]
    return {**triage, "concerns": concerns}
