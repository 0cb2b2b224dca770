"""The `myomap engine` contract (docs/engine.md), through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from myomap.cli import app
from myomap.clinical.engine import COMMANDS, run_command
from myomap.clinical.explain import EngineInputError
from myomap.clinical.kb import get_kb

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()

VALID = {
    "score": {"instrument": "odi", "answers": [2, 1, 3, 1, 3, 2, 1, None, 2, 1]},
    "change": {"measure": "odi", "baseline": 40, "follow_up": 26},
    "triage": {"age": 42, "sex": "male", "findings": []},
    "duration": {"onset": "2026-09-01", "on": "2026-11-21"},
    "severity": {"pain_pattern": "persistent", "difficulties": ["lifting"]},
    "leg-length": {"block_test": {"mm": 8, "short_side": "left"}},
    "sources": {"regions": ["si_joint_r", "buttock_lower_r"], "intensity": {"si_joint_r": 6}},
}
INVALID = [
    ("score", {"instrument": "nprs", "value": 11}, "value"),
    ("score", {"instrument": "odi", "answers": [0, 0, 0, 6, 0, 0, 0, 0, 0, 0]}, "answers.3"),
    ("sources", {"regions": ["si_joint_r", "elbow_x"]}, "regions.1"),
    ("triage", {"age": 60, "findings": ["headache"]}, "findings.0"),
    ("duration", {"onset": "2026-9-1", "on": "2026-11-21"}, "onset"),
    ("change", {"measure": "sf36", "baseline": 1, "follow_up": 2}, "measure"),
    ("leg-length", {"block_test": {"mm": 8}}, "block_test.short_side"),
    ("severity", {"pain_pattern": "sometimes"}, "pain_pattern"),
    ("score", {"instrument": "nprs", "value": 3, "vale": 4}, "vale"),
]


def invoke(command: str, text: str):
    return runner.invoke(app, ["engine", command], input=text)


@pytest.mark.parametrize("command", sorted(VALID))
def test_every_command_answers_json_with_reasons_and_kb_version(command):
    result = invoke(command, json.dumps(VALID[command]))
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["kb_version"] == get_kb().version
    assert output["reasons"] and all(
        set(r) == {"rule", "text", "source"} for r in output["reasons"]
    )


def test_every_reason_cites_a_source_key_of_the_knowledge_base():
    known = set(get_kb().sources)
    for command, document in VALID.items():
        for reason in run_command(command, document)["reasons"]:
            assert reason["source"] in known, (command, reason)


def test_the_cli_offers_exactly_the_registered_commands():
    help_text = runner.invoke(app, ["engine", "--help"]).stdout
    for command in COMMANDS:
        assert command in help_text


@pytest.mark.parametrize(("command", "document", "field"), INVALID)
def test_invalid_input_exits_2_and_names_the_field(command, document, field):
    result = invoke(command, json.dumps(document))
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["field"] == field and error["message"]


def test_nprs_11_error_names_the_allowed_range():
    result = invoke("score", json.dumps({"instrument": "nprs", "value": 11}))
    assert "0 to 10" in json.loads(result.stdout)["error"]["message"]


def test_non_json_input_exits_2():
    result = invoke("severity", "{not json")
    assert (
        result.exit_code == 2 and "not valid JSON" in json.loads(result.stdout)["error"]["message"]
    )


def test_a_json_array_instead_of_an_object_exits_2():
    assert invoke("duration", "[1, 2]").exit_code == 2


def test_the_installed_console_script_follows_the_contract():
    script = Path(sys.executable).parent / "myomap"
    ok = subprocess.run([str(script), "engine", "change"], input=json.dumps(VALID["change"]),
                        capture_output=True, text=True, cwd=ROOT, check=False)  # fmt: skip
    assert ok.returncode == 0 and json.loads(ok.stdout)["important_absolute"] is True
    eleven = '{"instrument": "nprs", "value": 11}'
    bad = subprocess.run([str(script), "engine", "score"], input=eleven,
                         capture_output=True, text=True, cwd=ROOT, check=False)  # fmt: skip
    assert bad.returncode == 2 and json.loads(bad.stdout)["error"]["field"] == "value"


def test_an_unknown_command_is_an_input_error():
    with pytest.raises(EngineInputError) as error:
        run_command("diagnose", {})
    assert error.value.field == "command"


finding_ids = sorted(get_kb().red_flags.findings)
valid_documents = st.one_of(
    st.builds(lambda a: {"instrument": "odi", "answers": a},
              st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=10, max_size=10)),
    st.builds(lambda v: {"instrument": "nprs", "value": v}, st.integers(0, 10)),
    st.builds(lambda i, n: {"instrument": "start_back", "items": i, "item9": n},
              st.lists(st.integers(0, 1), min_size=8, max_size=8),
              st.sampled_from(["not_at_all", "slightly", "moderately", "very_much", "extremely"])),
).map(lambda d: ("score", d))  # fmt: skip
triage_documents = st.builds(
    lambda f, age, onset, weeks: ("triage", {"age": age, "findings": f, "onset_age": onset,
                                             "duration_weeks": weeks}),
    st.lists(st.sampled_from(finding_ids), unique=True, max_size=8) if finding_ids else st.just([]),
    st.integers(16, 100), st.one_of(st.none(), st.integers(10, 90)),
    st.one_of(st.none(), st.integers(0, 520)),
)  # fmt: skip
sides = st.sampled_from(["left", "right"])
leg_documents = st.builds(
    lambda t, a, b: ("leg-length", {k: v for k, v in (("true_length_mm", t),
                                                      ("apparent_length_mm", a),
                                                      ("block_test", b)) if v is not None}),
    st.one_of(st.none(), st.fixed_dictionaries({"left": st.integers(700, 1000),
                                                 "right": st.integers(700, 1000)})),
    st.one_of(st.none(), st.fixed_dictionaries({"left": st.integers(700, 1000),
                                                 "right": st.integers(700, 1000)})),
    st.one_of(st.none(), st.fixed_dictionaries({"mm": st.integers(0, 30),
                                                 "short_side": sides})),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.one_of(valid_documents, triage_documents, leg_documents))
def test_the_engine_never_raises_on_valid_input(command_and_document):
    command, document = command_and_document
    result = run_command(command, document)
    assert result["kb_version"] and isinstance(result["reasons"], list)
    json.dumps(result)


def assert_exit_2_contract(result) -> None:
    """Exit 0 with a JSON object, or exit 2 with exactly `{"error": {"message", "field"}}`."""
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    output = json.loads(result.stdout)
    if result.exit_code == 2:
        assert set(output) == {"error"} and set(output["error"]) == {"message", "field"}
        assert isinstance(output["error"]["message"], str) and output["error"]["message"]
        assert isinstance(output["error"]["field"], str)
    else:
        assert isinstance(output, dict) and "kb_version" in output


HOSTILE_INPUTS = {
    "a 5,000-digit integer": b'{"age": ' + b"9" * 5000 + b"}",
    "100,000-deep arrays": b"[" * 100_000,
    "100,000-deep objects": b'{"a": ' * 100_000,
    "invalid UTF-8": b'{"age": "\xff\xfe"}',
    "NaN": b'{"age": NaN}',
    "infinity written as 1e999": b'{"age": 1e999}',
    "a lone surrogate as a key": b'{"\\ud800": 1}',
    "nothing at all": b"",
    "a NUL byte": b'{"age": 4\x002}',
}


@pytest.mark.parametrize("stdin", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_hostile_stdin_exits_2_with_the_error_document(stdin):
    result = runner.invoke(app, ["engine", "triage"], input=stdin)
    assert result.exit_code == 2, result.output
    assert_exit_2_contract(result)


def test_the_console_script_keeps_the_contract_on_a_huge_integer_and_deep_nesting():
    script = Path(sys.executable).parent / "myomap"
    for stdin in (HOSTILE_INPUTS["a 5,000-digit integer"], HOSTILE_INPUTS["100,000-deep arrays"]):
        done = subprocess.run([str(script), "engine", "plan"], input=stdin,
                              capture_output=True, cwd=ROOT, check=False)  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert json.loads(done.stdout)["error"]["field"] == "$"


commands = st.sampled_from(sorted(COMMANDS))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(), inner, max_size=6),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(commands, json_values)
def test_any_json_document_on_stdin_keeps_the_exit_2_contract(command, document):
    assert_exit_2_contract(invoke(command, json.dumps(document)))


@settings(max_examples=300, deadline=None)
@given(commands, st.binary(max_size=400))
def test_any_byte_sequence_on_stdin_keeps_the_exit_2_contract(command, stdin):
    assert_exit_2_contract(runner.invoke(app, ["engine", command], input=stdin))


def _paths(value, prefix=()):
    yield prefix
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(
        value, list) else ()  # fmt: skip
    for key, child in children:
        yield from _paths(child, (*prefix, key))


def _replaced(value, path, new):
    if not path:
        return new
    if isinstance(value, dict):
        return {k: _replaced(v, path[1:], new) if k == path[0] else v for k, v in value.items()}
    return [_replaced(v, path[1:], new) if i == path[0] else v for i, v in enumerate(value)]


EXAMPLE = json.loads((ROOT / "docs/examples/desk_worker.assessment.json").read_text())
NEAR_VALID = [
    *VALID.items(),
    ("plan", EXAMPLE),
    ("progress", {"plan": run_command("plan", EXAMPLE), "sessions": [
        {"number": 1, "nprs_before": 6, "criteria_met": []}]}),
]  # fmt: skip
odd_values = (
    st.none() | st.booleans() | st.integers() | st.integers(-(10**300), 10**300)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=6)
    | st.sampled_from([[], {}, [[]], [{}], "", "left", "odi"])
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_valid_document_with_any_value_swapped_is_answered_or_refused_never_crashes(data):
    command, document = data.draw(st.sampled_from(NEAR_VALID))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(document))))
        document = _replaced(document, path, data.draw(odd_values))
    try:
        json.dumps(run_command(command, document))
    except EngineInputError as error:
        assert error.message and isinstance(error.field, str)
