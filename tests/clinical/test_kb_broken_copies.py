"""A broken copy of a KB file fails with a message naming the file, the entry and the field."""

from __future__ import annotations

import pytest

from myomap.clinical.kb import KbError, load_kb
from tests.clinical.test_kb_helpers import copy_kb, replace_in


def _error(folder) -> KbError:
    with pytest.raises(KbError) as caught:
        load_kb(folder)
    return caught.value


def test_a_dangling_region_id_names_file_entry_and_field(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder,
        "muscles.yaml",
        "essential_zones: [si_joint, buttock_lower",
        "essential_zones: [si_joynt, buttock_lower",
    )
    error = _error(folder)
    assert (error.file, error.entry, error.field) == (
        "muscles.yaml",
        "quadratus_lumborum",
        "essential_zones.0",
    )
    assert "si_joynt" in str(error) and "muscles.yaml" in str(error)


def test_an_unknown_key_names_file_entry_and_field(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder, "muscles.yaml", "    group: gluteal\n", "    group: gluteal\n    colour: red\n"
    )
    error = _error(folder)
    assert (error.file, error.entry, error.field) == ("muscles.yaml", "gluteus_maximus", "colour")


def test_a_missing_source_names_file_entry_and_field(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(folder, "muscles.yaml", "sources: [TS2, NAMTPT_QL", "sources: [NOPE2099, NAMTPT_QL")
    error = _error(folder)
    assert (error.file, error.entry, error.field) == (
        "muscles.yaml",
        "quadratus_lumborum",
        "sources.0",
    )
    assert "NOPE2099" in str(error)


def test_a_muscle_without_sources_is_an_error(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder, "muscles.yaml", "sources: [TS2, NAMTPT_QL, FITVIP_QL, ABERDEEN_QL]", "sources: []"
    )
    error = _error(folder)
    assert (error.entry, error.field) == ("quadratus_lumborum", "sources")


def test_a_duplicate_id_names_file_entry_and_field(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder, "muscles.yaml", "  - id: iliocostalis_lumborum\n", "  - id: quadratus_lumborum\n"
    )
    error = _error(folder)
    assert (error.file, error.entry, error.field) == ("muscles.yaml", "quadratus_lumborum", "id")
    assert "duplicate" in error.problem


def test_a_trigger_point_zone_outside_its_muscle_map_is_an_error(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder,
        "muscles.yaml",
        "        essential_zones: [greater_trochanter]\n",
        "        essential_zones: [heel]\n",
    )
    error = _error(folder)
    assert error.field == "trigger_points.1.essential_zones.0"


def test_a_missing_file_is_named(tmp_path):
    folder = copy_kb(tmp_path)
    (folder / "regions.yaml").unlink()
    assert _error(folder).file == "regions.yaml"
