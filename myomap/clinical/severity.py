"""Severity level and episode duration class (docs/clinical-rules.md, severity and duration).

Public functions (JSON-ready dicts with `reasons` and `kb_version`):

- `severity_classify(inputs)` — `level` (mild / moderate / severe), every `criteria` that
  matched, and `contradictions` between the answers (e.g. "occasional" pain with ODI 50).
- `duration_classify(onset, on, recurrent=False)` — `days` since onset and `class`
  (acute < 42 days, subacute 42–83, chronic ≥ 84).

Severity follows the method's three levels; the source key is the KB entry that
describes them. Missing inputs are treated as "not reported", never guessed.
"""

from __future__ import annotations

from datetime import date

from myomap.clinical.assessment import DAILY_IMPACT, DIFFICULTIES, PAIN_PATTERNS, POSTURAL_IMBALANCE
from myomap.clinical.explain import (
    EngineInputError,
    Reason,
    kb_version,
    reasons_as_dicts,
    require_bool,
    require_choice,
    require_list,
    require_mapping,
    require_number,
)
from myomap.clinical.measures import odi_band, odi_bands

SEVERITY_SOURCE = "SEED-000"  # the three severity levels (KB source key)
DURATION_SOURCE = "MENEZES-COSTA-2012"  # project convention, see docs/clinical-rules.md

MILD_DIFFICULTIES = ("prolonged_sitting",)
ACUTE_BEFORE_DAYS = 42
CHRONIC_FROM_DAYS = 84


def _severity_inputs(inputs: dict) -> dict:
    inputs = require_mapping(inputs, "")
    get = inputs.get
    read: dict[str, object] = {
        "pain_pattern": None
        if get("pain_pattern") is None
        else require_choice(get("pain_pattern"), "pain_pattern", PAIN_PATTERNS),
        "postural_imbalance": None
        if get("postural_imbalance") is None
        else require_choice(get("postural_imbalance"), "postural_imbalance", POSTURAL_IMBALANCE),
        "daily_impact": None
        if get("daily_impact") is None
        else require_choice(get("daily_impact"), "daily_impact", DAILY_IMPACT),
    }
    for flag in ("pain_at_rest", "eases_with_movement", "weakness"):
        read[flag] = None if get(flag) is None else require_bool(get(flag), flag)
    difficulties = require_list(get("difficulties") or [], "difficulties")
    read["difficulties"] = [
        require_choice(d, f"difficulties.{i}", DIFFICULTIES) for i, d in enumerate(difficulties)
    ]
    read["odi"] = _odi_percent(get("odi"), get("odi_band"))
    return read


def _odi_percent(odi: object, band: object) -> float | None:
    """The ODI as a percent. A band alone is turned into its upper bound, which answers the
    '> 20' and '> 40' questions exactly because the bands end at those numbers."""
    if odi is not None:
        return float(require_number(odi, "odi", 0, 100))
    if band is not None:
        upper = {band_id: bound for bound, band_id in odi_bands()}
        return float(upper[require_choice(band, "odi_band", tuple(upper))])
    return None


def _severe_criteria(read: dict) -> list[str]:
    at_rest = read["pain_pattern"] == "constant" or read["pain_at_rest"] is True
    if not at_rest:
        return []
    gate = "constant pain" if read["pain_pattern"] == "constant" else "pain at rest"
    extra = []
    if read["postural_imbalance"] == "significant":
        extra.append("significant postural imbalance")
    if read["daily_impact"] == "major":
        extra.append("major effect on work and daily life")
    if read["odi"] is not None and read["odi"] > 40:
        extra.append(f"ODI {read['odi']:g} > 40")
    return [gate, *extra] if extra else []


def _moderate_criteria(read: dict) -> list[str]:
    found = []
    if read["pain_pattern"] in ("persistent", "constant"):
        found.append(f"{read['pain_pattern']} pain")
    # Prolonged sitting alone is the seed's mild level ("noticeable with prolonged sitting").
    found += [
        f"difficulty with {d.replace('_', ' ')}"
        for d in read["difficulties"]
        if d not in MILD_DIFFICULTIES
    ]
    if read["weakness"] is True:
        found.append("core or back weakness or fatigue")
    if read["odi"] is not None and read["odi"] > 20:
        found.append(f"ODI {read['odi']:g} > 20")
    return found


def _contradictions(read: dict) -> list[str]:
    found = []
    odi, pattern, impact = read["odi"], read["pain_pattern"], read["daily_impact"]
    if odi is not None and odi > 40 and pattern == "occasional":
        found.append(f"'occasional' pain reported with ODI {odi:g} (severe disability or worse)")
    if odi is not None and odi > 40 and impact == "minimal":
        found.append(f"'minimal' effect on daily life reported with ODI {odi:g}")
    if odi is not None and odi <= 20 and impact == "major":
        found.append(f"'major' effect on daily life reported with ODI {odi:g} (minimal band)")
    if pattern == "occasional" and read["pain_at_rest"] is True:
        found.append("'occasional' pain reported together with pain at rest")
    return found


def severity_classify(inputs: dict) -> dict:
    read = _severity_inputs(inputs)
    severe = _severe_criteria(read)
    moderate = _moderate_criteria(read)
    level, criteria = ("severe", severe) if severe else ("moderate", moderate)
    if not severe and not moderate:
        mild = [f"difficulty with {d.replace('_', ' ')} only" for d in read["difficulties"]]
        level, criteria = "mild", mild or ["none of the moderate or severe criteria matched"]
    contradictions = _contradictions(read)
    reasons = [
        Reason(f"severity.{level}", f"Level {level}: {'; '.join(criteria)}.", SEVERITY_SOURCE)
    ]
    reasons += [
        Reason("severity.contradiction", f"Check the answers: {text}.", SEVERITY_SOURCE)
        for text in contradictions
    ]
    if read["odi"] is not None:
        band = odi_band(read["odi"])
        reasons.append(Reason("severity.odi_band", f"ODI band used: {band}.", "MAPI-NEWS"))
    body = {"level": level, "criteria": criteria, "contradictions": contradictions}
    return {**body, "reasons": reasons_as_dicts(reasons), "kb_version": kb_version()}


def parse_date(value: object, field: str) -> date:
    if not isinstance(value, str):
        raise EngineInputError(f"{field} must be a date written YYYY-MM-DD, got {value!r}", field)
    try:
        return date.fromisoformat(value) if len(value) == 10 else _bad_date(value, field)
    except ValueError:
        return _bad_date(value, field)


def _bad_date(value: str, field: str) -> date:
    raise EngineInputError(f"{field} must be a real date written YYYY-MM-DD, got {value!r}", field)


def duration_class(days: int) -> str:
    if days < ACUTE_BEFORE_DAYS:
        return "acute"
    return "subacute" if days < CHRONIC_FROM_DAYS else "chronic"


def duration_classify(onset: object, on: object = None, recurrent: object = False) -> dict:
    start = parse_date(onset, "onset")
    today = date.today() if on is None else parse_date(on, "on")
    recurrent = False if recurrent is None else require_bool(recurrent, "recurrent")
    days = (today - start).days
    if days < 0:
        raise EngineInputError("onset must not be after on", "onset")
    kind = duration_class(days)
    text = (
        f"{days} days since onset: {kind} (acute < {ACUTE_BEFORE_DAYS} days, "
        f"subacute {ACUTE_BEFORE_DAYS}-{CHRONIC_FROM_DAYS - 1}, chronic ≥ {CHRONIC_FROM_DAYS})."
    )
    reasons = [Reason(f"duration.{kind}", text, DURATION_SOURCE)]
    if recurrent:
        reasons.append(
            Reason("duration.recurrent", "Recorded as a recurrent episode.", DURATION_SOURCE)
        )
    body = {"days": days, "class": kind, "recurrent": recurrent, "on": today.isoformat()}
    return {**body, "reasons": reasons_as_dicts(reasons), "kb_version": kb_version()}
