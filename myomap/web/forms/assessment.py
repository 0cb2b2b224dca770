"""Assessment forms at the web edge: turn a POSTed section into the document its service takes
(`section_parse`), turn a stored document back into form values (`section_values`), and map a
refused field back to its input (`error_input`). No clinical rules here — the engine decides
what is valid; this only reads numbers and choices out of HTML forms."""

from __future__ import annotations

import re

from django.http import QueryDict

from myomap.clinical.assessment import PelvicTests, Severity
from myomap.errors import ValidationFailed
from myomap.inputs import strict_decimal, strict_int
from myomap.web.forms.questionnaires import questionnaire_values

INSTRUMENT_SIZES = {"odi": 10, "rmdq": 24, "fabq": 16}
TRISTATE = {"yes": True, "no": False}
POSTURE_PAIRS = {"true_length_mm": "true", "apparent_length_mm": "apparent"}
POSTURE_MEASURES = {"block_test": "block", "imaging": "imaging"}
# The yes/no answers of the severity section and the pelvic tests are the fields of the core's
# assessment document; read from it so a field added there reaches the form.
SEVERITY_YES_NO = tuple(
    name for name, field in Severity.model_fields.items() if field.annotation == bool | None
)
POSTURE_CHOICES = tuple(PelvicTests.model_fields)


def _number(post: QueryDict, name: str, field: str) -> int | float | None:
    raw = post.get(name, "").strip()
    if raw == "":
        return None
    try:  # strictly written: `1_0`, `1e1`, `inf`, `1,5` are refused, never read as numbers
        number = strict_decimal(raw)
    except ValueError:
        hint = " (use a point for decimals: 1.5)" if "," in raw else ""
        message = f"{field} must be a number written in digits; got {raw[:40]!r}{hint}"
        raise ValidationFailed({field: [message]}) from None
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _ticked(post: QueryDict, name: str, allowed: range, field: str) -> set[int]:
    """The ticked item numbers of a checkbox list; a value the form never offers is refused
    (not read as unticked, which would store a zero over the previous answer)."""
    ticked = set()
    for raw in post.getlist(name):
        try:
            number = strict_int(raw)
        except ValueError:
            number = None
        if number is None or number not in allowed:
            first, last = allowed[0], allowed[-1]
            raise ValidationFailed(
                {field: [f"{raw[:40]!r} is not an item number; allowed: {first} to {last}."]}
            )
        ticked.add(number)
    return ticked


def _red_flags(post: QueryDict) -> dict:
    return {
        "findings": post.getlist("findings"),
        "onset_age": _number(post, "onset_age", "red_flags.onset_age"),
        "duration_weeks": _number(post, "duration_weeks", "red_flags.duration_weeks"),
    }


def _listed(post: QueryDict, prefix: str, size: int) -> list:
    return [_number(post, f"{prefix}_{i}", f"{prefix}.answers.{i}") for i in range(size)]


def _measure(post: QueryDict, instrument: str):
    if instrument == "odi":
        return _listed(post, "odi", 10)
    if instrument == "fabq":
        return _listed(post, "fabq", 16)
    if instrument == "rmdq":
        ticked = _ticked(post, "rmdq", range(1, 25), "rmdq.answers")
        return [i + 1 in ticked for i in range(24)]
    if instrument == "start_back":
        agreed = _ticked(post, "start_back", range(8), "start_back.items")
        item9 = post.get("start_back_item9") or None
        return {"items": [int(i in agreed) for i in range(8)], "item9": item9}
    if instrument == "nprs":
        return _number(post, "nprs", "nprs.value")
    rows = []
    for i in range(5):
        activity = post.get(f"psfs_activity_{i}", "").strip()
        rating = _number(post, f"psfs_rating_{i}", f"psfs.ratings.{i}")
        if activity or rating is not None:
            rows.append({"activity": activity, "rating": rating})
    return rows


def _severity(post: QueryDict) -> dict:
    data: dict = {k: post.get(k) or None for k in ("pain_pattern", "postural_imbalance")}
    data["daily_impact"] = post.get("daily_impact") or None
    for flag in SEVERITY_YES_NO:
        data[flag] = TRISTATE.get(post.get(flag, ""))
    data["difficulties"] = post.getlist("difficulties")
    return data


def _posture(post: QueryDict) -> dict:
    data: dict = {"pelvic_torsion": TRISTATE.get(post.get("pelvic_torsion", ""))}
    for key, prefix in POSTURE_PAIRS.items():
        left = _number(post, f"{prefix}_left", f"posture.{key}.left")
        right = _number(post, f"{prefix}_right", f"posture.{key}.right")
        if left is not None or right is not None:
            data[key] = {"left": left, "right": right}
    for key, prefix in POSTURE_MEASURES.items():
        mm = _number(post, f"{prefix}_mm", f"posture.{key}.mm")
        if mm is not None:
            data[key] = {"mm": mm, "short_side": post.get(f"{prefix}_side") or None}
    long_sit = {
        s: post.get(f"long_sit_{s}") for s in ("left", "right") if post.get(f"long_sit_{s}")
    }
    if long_sit:
        data["supine_to_long_sit"] = long_sit
    tests = {k: post.get(k) for k in POSTURE_CHOICES if post.get(k)}
    if tests:
        data["pelvic_tests"] = tests
    return data


def _health(post: QueryDict) -> dict:
    return {
        "findings": post.getlist("precaution"),
        "gestation_weeks": _number(post, "gestation_weeks", "precautions.gestation_weeks"),
        "conditions": post.get("conditions", ""),
        "medications": post.get("medications", ""),
        "anticoagulant": post.get("anticoagulant") or None,
        "clinician_scope": post.get("clinician_scope") or None,
    }


def section_parse(section: str, post: QueryDict):
    """The service input for one section from its POSTed form."""
    if section == "health":
        return _health(post)
    if section == "red_flags":
        return _red_flags(post)
    if section == "severity":
        return _severity(post)
    if section == "posture":
        return _posture(post)
    return _measure(post, section)


def _tri(value) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def section_values(assessment) -> dict:
    """Form values (input name → str or list of str) from what is stored."""
    values: dict = {}
    triage = assessment.triage_input or {}
    values["findings"] = list(triage.get("findings", []))
    for key in ("onset_age", "duration_weeks"):
        values[key] = "" if triage.get(key) is None else str(triage[key])
    values.update(questionnaire_values(assessment.measures_input or {}))
    values.update(_severity_values(assessment.severity_input or {}))
    values.update(_posture_values(assessment.posture_input or {}))
    values.update(_health_values(assessment.precautions_input or {}))
    if not values["clinician_scope"]:
        # Not chosen in this assessment: the clinician's profile scope is what the plan uses.
        from myomap.records.assessments.precautions import profile_scope

        values["clinician_scope"] = profile_scope(assessment)
    return values


def _health_values(stored: dict) -> dict:
    weeks = stored.get("gestation_weeks")
    return {
        "precaution": list(stored.get("findings") or []),
        "gestation_weeks": "" if weeks is None else str(weeks),
        "conditions": stored.get("conditions") or "",
        "medications": stored.get("medications") or "",
        "anticoagulant": stored.get("anticoagulant") or "",
        "clinician_scope": stored.get("clinician_scope") or "",
    }


def _severity_values(severity: dict) -> dict:
    values = {k: severity.get(k) or "" for k in ("pain_pattern", "postural_imbalance")}
    values["daily_impact"] = severity.get("daily_impact") or ""
    for flag in SEVERITY_YES_NO:
        values[flag] = _tri(severity.get(flag))
    values["difficulties"] = list(severity.get("difficulties") or [])
    return values


def _posture_values(posture: dict) -> dict:
    values = {"pelvic_torsion": _tri(posture.get("pelvic_torsion"))}
    for key, prefix in POSTURE_PAIRS.items():
        for side in ("left", "right"):
            value = (posture.get(key) or {}).get(side)
            values[f"{prefix}_{side}"] = "" if value is None else str(value)
    for key, prefix in POSTURE_MEASURES.items():
        measure = posture.get(key) or {}
        values[f"{prefix}_mm"] = "" if measure.get("mm") is None else str(measure["mm"])
        values[f"{prefix}_side"] = measure.get("short_side") or ""
    for side in ("left", "right"):
        values[f"long_sit_{side}"] = (posture.get("supine_to_long_sit") or {}).get(side, "")
    for key in POSTURE_CHOICES:
        values[key] = (posture.get("pelvic_tests") or {}).get(key, "")
    return values


def posted_values(post: QueryDict) -> dict:
    """The values as posted, so a refused section shows exactly what was typed."""
    return {key: post.getlist(key) if len(post.getlist(key)) > 1 or key in MULTI else post[key]
            for key in post if key != "csrfmiddlewaretoken"}  # fmt: skip


MULTI = {"findings", "rmdq", "start_back", "difficulties", "precaution"}

_ERROR_INPUTS = [
    (r"^(odi|fabq)\.answers\.(\d+)$", r"\1_\2"),
    (r"^nprs\.value$", "nprs"),
    (r"^psfs\.ratings\.(\d+)$", r"psfs_rating_\1"),
    (r"^psfs\.activities\.(\d+)$", r"psfs_activity_\1"),
    (r"^red_flags\.(onset_age|duration_weeks)$", r"\1"),
    (r"^posture\.(true|apparent)_length_mm\.(left|right)$", r"\1_\2"),
    (r"^posture\.block_test\.(mm|short_side).*$", "block_mm"),
    (r"^posture\.imaging\.(mm|short_side).*$", "imaging_mm"),
    (r"^severity\.(\w+)", r"\1"),
    (r"^health\.(\w+)", r"\1"),
    (r"^precautions\.gestation_weeks$", "gestation_weeks"),
    (r"^precautions\.findings.*$", "precaution"),
]


def error_input(field: str) -> str:
    """The HTML input a refused engine field belongs to (for aria-invalid and focus)."""
    for pattern, replacement in _ERROR_INPUTS:
        if re.match(pattern, field):
            return re.sub(pattern, replacement, field)
    return field
