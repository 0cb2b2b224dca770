"""The engine contract (docs/engine.md): the one entry to the clinical core for every edge.

Two ways in, one validation:
- `run_command(name, document)` for a whole JSON document (the CLI, the API's engine routes):
  `COMMANDS` maps each `myomap engine` command name to a handler that takes the decoded
  document and returns the output dict (with `reasons` and `kb_version`);
- typed functions for the records layer (`severity_run`, `leg_length_run`, `triage_run`,
  `plan_run`, `progress_run`, `answers_score`, `change_run`, `duration_run`, `sources_run`,
  `document_check`, `section_check`, `reasoning_run`). Each command's handler is the same
  function, so a stored section is refused exactly as the same document on standard input.

All raise `EngineInputError(message, field)` on invalid input. The CLI builds one sub-command per
entry of `COMMANDS`, so a new command is added here with two lines: the function and the entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from myomap.clinical.assessment import SECTION_MODELS, Assessment, assessment_parse
from myomap.clinical.explain import EngineInputError, kb_version, require_mapping
from myomap.clinical.measures import change_evaluate, score_answers, score_instrument
from myomap.clinical.planning import plan_build
from myomap.clinical.posture import leg_length_interpret
from myomap.clinical.progress import progress_evaluate
from myomap.clinical.reasoning import reasoning_summarise
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


def score_run(document: dict) -> dict:
    """Score an outcome measure (ODI, RMDQ, STarT Back, NPRS, PSFS, FABQ)."""
    return score_instrument(reject_unknown_keys(document, SCORE_KEYS))


def answers_score(instrument: str, answers: object, *, name_max: int | None = None) -> dict:
    """Score stored answers of one instrument: the same scorers as `score_run`, from the shape
    a questionnaire page stores (`answers_document` in myomap/clinical/measures.py)."""
    return score_answers(instrument, answers, name_max=name_max)


def change_run(measure: object, baseline: object, follow_up: object) -> dict:
    """Change against baseline with absolute and relative MCIDs."""
    return change_evaluate(measure, baseline, follow_up)


def duration_run(onset: object, on: object = None, recurrent: object = False) -> dict:
    """Episode duration class from the onset date."""
    return duration_classify(onset, on, recurrent)


def severity_run(document: dict) -> dict:
    """Severity level with matched criteria and contradictions."""
    return severity_classify(reject_unknown_keys(document, SEVERITY_KEYS))


def leg_length_run(document: dict) -> dict:
    """Interpret leg-length and pelvic findings, with lift advice."""
    return leg_length_interpret(reject_unknown_keys(document, LEG_LENGTH_KEYS))


def triage_run(document: dict) -> dict:
    """Red-flag triage: urgency, suspected conditions with their findings, safety-netting."""
    return triage_evaluate(document)


def sources_run(regions: object, intensity: object = None, limit: object = None) -> dict:
    """Rank the muscles whose trigger points could produce the pain drawing."""
    return sources_rank(regions, intensity, limit)


def plan_run(document: dict) -> dict:
    """Build a staged treatment plan from an assessment document."""
    return plan_build(document)


def progress_run(document: dict) -> dict:
    """Judge progress: current stage, advancement, MCID, non-responder, discharge."""
    return progress_evaluate(document)


def document_check(document: object) -> Assessment:
    """The assessment document as the plan command reads it; refused as `myomap engine plan`
    would refuse it."""
    return assessment_parse(document)


def section_check(section: str, document: Mapping[str, object]) -> None:
    """The keys of one stored section of the assessment document, checked against its model
    before empty values are dropped: an unknown key is refused naming it and the allowed ones,
    even when its value is empty (the values are checked with the whole document)."""
    reject_unknown_keys(dict(document), SECTION_MODELS[section].model_fields)


def posture_interpret(posture: Mapping[str, object]) -> dict:
    """The stored posture section read by the leg-length command (the section's other findings,
    such as the SIJ provocation count, are for the reasoning, not for leg length)."""
    return leg_length_run({key: value for key, value in posture.items() if key in LEG_LENGTH_KEYS})


def reasoning_run(parsed: Assessment) -> dict:
    """The causal chain and five elements over a parsed assessment, with the leg-length reading
    it needs computed once."""
    leg_length = leg_length_interpret(parsed.posture.leg_length_input())
    return reasoning_summarise(parsed, leg_length=leg_length)


def keyed_command(run: Callable[..., dict], keys: tuple[str, ...]) -> Handler:
    """The command for a typed function whose arguments are the document's keys, in order (an
    absent key is passed as null, as the function's callers may)."""

    def handler(document: dict) -> dict:
        doc = reject_unknown_keys(document, keys)
        return run(*(doc.get(key) for key in keys))

    handler.__doc__ = run.__doc__
    return handler


COMMANDS: dict[str, Handler] = {
    "score": score_run,
    "change": keyed_command(change_run, ("measure", "baseline", "follow_up")),
    "triage": triage_run,
    "duration": keyed_command(duration_run, ("onset", "on", "recurrent")),
    "severity": severity_run,
    "leg-length": leg_length_run,
    "sources": keyed_command(sources_run, ("regions", "intensity", "limit")),
    "plan": plan_run,
    "progress": progress_run,
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
