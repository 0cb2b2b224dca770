"""A clinic's instrument wording file: the sample (placeholder text only) loads, and every kind
of mistake is refused with a message naming the file, the instrument and the item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from myomap.clinical.kb import get_kb
from myomap.clinical.kb.wording import WordingFileError, wording_load

SAMPLE = Path(__file__).parent / "data" / "instrument_wording_sample.yaml"


def sample() -> dict:
    return yaml.safe_load(SAMPLE.read_text())


def write(tmp_path: Path, document, name: str = "wording.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document) if name.endswith(".yaml") else json.dumps(document))
    return path


def test_the_sample_gives_every_item_of_every_wordable_instrument():
    wording = wording_load(SAMPLE)
    kb = get_kb()
    assert sorted(wording.instruments) == ["fabq", "odi", "rmdq", "start_back"]
    for instrument_id, words in wording.instruments.items():
        assert list(words.items) == [item.id for item in kb.instruments[instrument_id].items]
    assert all(len(item.options) == 6 for item in wording.instruments["odi"].items.values())
    assert wording.instruments["start_back"].last_item_scale["very_much"].startswith("Sample")


def test_the_sample_holds_placeholder_text_only():
    texts = []
    for words in wording_load(SAMPLE).instruments.values():
        texts += [words.instructions, words.notice, *words.scale.values()]
        texts += [*words.last_item_scale.values()]
        for item in words.items.values():
            texts += [item.text, *item.options]
    assert all(text.startswith("Sample text") for text in texts if text)


def test_json_is_read_as_well(tmp_path):
    wording = wording_load(write(tmp_path, sample(), "wording.json"))
    assert "odi" in wording.instruments


def test_a_clinic_may_load_only_some_instruments(tmp_path):
    document = sample()
    del document["instruments"]["odi"], document["instruments"]["fabq"]
    assert sorted(wording_load(write(tmp_path, document)).instruments) == ["rmdq", "start_back"]


def _broken(change):
    document = sample()
    change(document)
    return document


BROKEN = [
    (lambda d: d.pop("myomap_instrument_wording"), "the file: missing myomap_instrument_wording"),
    (lambda d: d.update(myomap_instrument_wording=2), "myomap_instrument_wording: must be 1"),
    (lambda d: d["instruments"].update(sf36={"items": {}}), "instruments: unknown sf36"),
    (lambda d: d["instruments"].update(nprs={"items": {}}), "instruments.nprs: its wording is"),
    (
        lambda d: d["instruments"]["rmdq"]["items"].pop("statement_07"),
        "instruments.rmdq.items: missing statement_07",
    ),
    (
        lambda d: d["instruments"]["rmdq"]["items"].update(statement_25="x"),
        "instruments.rmdq.items: unknown statement_25",
    ),
    (
        lambda d: d["instruments"]["odi"]["items"]["lifting"]["options"].pop(),
        "instruments.odi.items.lifting.options: needs a list of 6 statements",
    ),
    (
        lambda d: d["instruments"]["odi"]["items"]["walking"].update(text="  "),
        "instruments.odi.items.walking.text: must be non-empty text",
    ),
    (
        lambda d: d["instruments"]["fabq"]["items"].update(item_03="a\x00b"),
        "instruments.fabq.items.item_03.text: must not contain a NUL",
    ),
    (
        lambda d: d["instruments"]["fabq"]["scale"].update({"7": "x"}),
        "instruments.fabq.scale: unknown 7; allowed: 0, 1, 2, 3, 4, 5, 6",
    ),
    (
        lambda d: d["instruments"]["start_back"]["last_item_scale"].update(sometimes="x"),
        "instruments.start_back.last_item_scale: unknown sometimes",
    ),
    (
        lambda d: d["instruments"]["rmdq"].update(last_item_scale={"x": "y"}),
        "instruments.rmdq.last_item_scale: this instrument has no last_item_scale",
    ),
    (
        lambda d: d["instruments"]["rmdq"]["items"].update(statement_02="x" * 2001),
        "instruments.rmdq.items.statement_02.text: is longer than the limit of 2000",
    ),
    (
        lambda d: d["instruments"]["start_back"]["items"].update(fear={"txt": "x"}),
        "instruments.start_back.items.fear: unknown txt; allowed: text",
    ),
]


@pytest.mark.parametrize("change, message", BROKEN)
def test_a_broken_file_is_refused_naming_where(tmp_path, change, message):
    path = write(tmp_path, _broken(change))
    with pytest.raises(WordingFileError) as refused:
        wording_load(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "content, message",
    [("instruments: [", "not valid YAML"), ("- a list", "the file: must be a mapping")],
)
def test_unreadable_files_are_refused(tmp_path, content, message):
    path = tmp_path / "wording.yaml"
    path.write_text(content)
    with pytest.raises(WordingFileError, match=message):
        wording_load(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(WordingFileError, match="no such file"):
        wording_load(tmp_path / "absent.yaml")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "wording.yaml"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(WordingFileError, match="not UTF-8"):
        wording_load(path)
