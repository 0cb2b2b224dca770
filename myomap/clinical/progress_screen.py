"""Response on the trend and the red-flag re-screen with the care elapsed (docs/clinical-rules.md,
progress).

- Non-responder: judged from session 5 on the last three visits (the sources ask for 2-3
  consecutive visits or about 3-4 weeks): a clinically important NPRS improvement against
  baseline (2 points or 30 %) must hold on at least two of them. One good or bad day cannot
  flip the judgement because it changes only one of the three visits. Confidence: low (derived
  from the minimal important change and day-to-day variability; no guideline states it).
- Re-screen: the plan's triage input, plus red-flag findings recorded at visits, plus
  `failure_to_improve_4_weeks` once at least 28 days of care have passed without a sustained
  improvement, run through the same triage engine. With age over 50 that meets the knowledge
  base's malignancy rule (urgent GP review).
"""

from __future__ import annotations

from myomap.clinical.explain import Reason
from myomap.clinical.measures import change_evaluate

NON_RESPONDER_SESSION = 5
TREND_VISITS = 3
TREND_NEEDED = 2
FAILURE_TO_IMPROVE_DAYS = 28
FAILURE_FINDING = "failure_to_improve_4_weeks"


def _important(baseline: int, nprs: int) -> bool:
    change = change_evaluate("nrs", baseline, nprs)
    return bool(change["important_absolute"] or change["important_relative"])


def trend(baseline: int, sessions: list) -> dict:
    recent = sessions[-TREND_VISITS:]
    improved = [s.number for s in recent if _important(baseline, s.nprs_before)]
    return {
        "visits": [s.number for s in recent],
        "nprs": [s.nprs_before for s in recent],
        "improved_visits": improved,
        "sustained_improvement": len(improved) >= TREND_NEEDED,
        "rule": f"an important improvement on at least {TREND_NEEDED} of the last "
        f"{TREND_VISITS} visits",
        "confidence": "low",
        "source": "OSTELO-2008",
    }


def care_days(sessions: list) -> int | None:
    dated = [s.date for s in sessions if s.date is not None]
    if len(dated) < 2:
        return None
    return (max(dated) - min(dated)).days


def non_responder(latest, response: dict) -> tuple[bool, Reason]:
    def why(text: str) -> Reason:
        return Reason("progress.r10.non_responder", text, "OSTELO-2008")

    if latest.number < NON_RESPONDER_SESSION:
        return False, why(f"Not judged before session {NON_RESPONDER_SESSION}.")
    visits = ", ".join(str(n) for n in response["visits"])
    if response["sustained_improvement"]:
        return False, why(
            f"Clinically important NPRS improvement held on {len(response['improved_visits'])} "
            f"of the last visits ({visits}): responding."
        )
    return True, why(
        f"No clinically important NPRS improvement held on the trend (visits {visits}): "
        "reassess, re-screen red and yellow flags, check adherence to the home programme, and "
        "consider referral or a change of approach (trend rule, low confidence)."
    )


def rescreen(plan: dict, sessions: list, response: dict, days: int | None) -> dict:
    from myomap.clinical.triage import triage_evaluate  # triage imports the KB, kept lazy

    screen = plan.get("triage_input")
    if not isinstance(screen, dict):
        return {
            "urgency": None,
            "concerns": [],
            "not_assessed": ["the plan carries no triage input; rebuild the plan to re-screen"],
        }
    findings = list(screen.get("findings", []))
    recorded = [f for s in sessions for f in s.new_findings]
    added = [f for f in dict.fromkeys(recorded) if f not in findings]
    not_assessed: list[str] = []
    if days is None:
        not_assessed.append(
            "weeks of care (session dates needed) for the 'no improvement after about 4 weeks' rule"
        )
    elif days >= FAILURE_TO_IMPROVE_DAYS and not response["sustained_improvement"]:
        if FAILURE_FINDING not in findings:
            added.append(FAILURE_FINDING)
    document = {**screen, "findings": [*findings, *added]}
    if screen.get("duration_weeks") is not None and days is not None:
        document["duration_weeks"] = min(float(screen["duration_weeks"]) + days / 7, 5200)
    result = triage_evaluate(document)
    return {
        "urgency": result["urgency"],
        "concerns": result["concerns"],
        "safety_netting": result["safety_netting"],
        "care_days": days,
        "added_findings": added,
        "not_assessed": not_assessed + result["not_assessed"],
        "rule": "progress.r10.rescreen",
        "source": "IFOMPT-2020",
    }
