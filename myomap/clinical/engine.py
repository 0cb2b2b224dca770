"""The engine contract (docs/engine.md) as a registry of commands.

`COMMANDS` maps each `myomap engine` command name to a handler that takes the decoded JSON
document and returns the output dict (with `reasons` and `kb_version`), raising
`EngineInputError(message, field)` on invalid input. `run_command(name, document)` is the one
entry point used by the CLI, pages and API. The CLI builds one sub-command per entry, so a new
command is added here with two lines: the import and the dict entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from myomap.clinical.explain import EngineInputError, kb_version, require_mapping
from myomap.clinical.measures import change_evaluate, score_instrument
from myomap.clinical.planning import plan_build
from myomap.clinical.posture import leg_length_interpret
from myomap.clinical.progress import progress_evaluate
from myomap.clinical.referral import sources_rank
from myomap.clinical.severity import duration_classify, severity_classify
from myomap.clinical.triage import triage_evaluate

Handler = Callable[[dict], dict]


def reject_unknown_keys(document: dict, allowed: Iterable[str]) -> dict:
    """Nothing is silently ignored: a misspelt key is an error naming the key."""
    allowed = tuple(allowed)
    for key in document:
        if key not in allowed:
            raise EngineInputError(
                f"unknown field {key!r}; allowed fields: {', '.join(allowed)}", key
            )
    return document


SCORE_KEYS = ("instrument", "answers", "ticked", "items", "item9", "value", "ratings")
SEVERITY_KEYS = (
    "pain_pattern", "pain_at_rest", "eases_with_movement", "difficulties", "weakness",
    "postural_imbalance", "daily_impact", "odi", "odi_band",
)  # fmt: skip
LEG_LENGTH_KEYS = (
    "true_length_mm", "apparent_length_mm", "block_test", "imaging", "supine_to_long_sit",
    "pelvic_torsion", "pelvic_tests",
)  # fmt: skip


def handle_score(document: dict) -> dict:
    """Score an outcome measure (ODI, RMDQ, STarT Back, NPRS, PSFS, FABQ)."""
    return score_instrument(reject_unknown_keys(document, SCORE_KEYS))


def handle_change(document: dict) -> dict:
    """Change against baseline with absolute and relative MCIDs."""
    doc = reject_unknown_keys(document, ("measure", "baseline", "follow_up"))
    return change_evaluate(doc.get("measure"), doc.get("baseline"), doc.get("follow_up"))


def handle_duration(document: dict) -> dict:
    """Episode duration class from the onset date."""
    doc = reject_unknown_keys(document, ("onset", "on", "recurrent"))
    return duration_classify(doc.get("onset"), doc.get("on"), doc.get("recurrent"))


def handle_severity(document: dict) -> dict:
    """Severity level with matched criteria and contradictions."""
    return severity_classify(reject_unknown_keys(document, SEVERITY_KEYS))


def handle_leg_length(document: dict) -> dict:
    """Interpret leg-length and pelvic findings, with lift advice."""
    return leg_length_interpret(reject_unknown_keys(document, LEG_LENGTH_KEYS))


def handle_triage(document: dict) -> dict:
    """Red-flag triage: urgency, suspected conditions with their findings, safety-netting."""
    return triage_evaluate(document)


def handle_sources(document: dict) -> dict:
    """Rank the muscles whose trigger points could produce the pain drawing."""
    doc = reject_unknown_keys(document, ("regions", "intensity", "limit"))
    return sources_rank(doc.get("regions"), doc.get("intensity"), doc.get("limit"))


COMMANDS: dict[str, Handler] = {
    "score": handle_score,
    "change": handle_change,
    "triage": handle_triage,
    "duration": handle_duration,
    "severity": handle_severity,
    "leg-length": handle_leg_length,
    "sources": handle_sources,
    "plan": plan_build,  # assessment document → staged plan
    "progress": progress_evaluate,  # plan + sessions → stage, MCID, non-responder
}


def run_command(name: str, document: object) -> dict:
    """Run one engine command. Raises `EngineInputError` for an unknown command or bad input."""
    if name not in COMMANDS:
        raise EngineInputError(
            f"unknown command {name!r}; commands: {', '.join(sorted(COMMANDS))}", "command"
        )
    result = COMMANDS[name](require_mapping(document, ""))
    result.setdefault("reasons", [])
    result.setdefault("kb_version", kb_version())
    return result
