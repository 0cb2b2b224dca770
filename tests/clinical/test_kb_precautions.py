"""The precautions file: the vocabulary the engine contract names, and dangling ids refused."""

from __future__ import annotations

import pytest

from myomap.clinical.kb import KbError, get_kb, load_kb
from tests.clinical.test_kb_helpers import copy_kb, replace_in

VOCABULARY = {
    "pregnancy", "postpartum", "anticoagulant_therapy", "bleeding_disorder", "osteoporosis",
    "long_term_corticosteroids", "dvt_history_or_risk", "active_cancer", "recent_surgery",
    "hip_replacement", "fragile_skin", "peripheral_neuropathy", "inflammatory_arthritis",
    "hypermobility", "local_skin_lesion_or_infection", "varicose_veins", "fever",
}  # fmt: skip


def _error(folder) -> KbError:
    with pytest.raises(KbError) as caught:
        load_kb(folder)
    return caught.value


def test_the_precaution_vocabulary_is_complete():
    assert set(get_kb().precautions.precautions) == VOCABULARY


def test_every_precaution_rule_states_its_sources_and_confidence():
    book = get_kb().precautions
    for entry in [*book.precautions.values(), *book.pathways.values()]:
        assert entry.sources and entry.confidence
        for rule in entry.rules:
            assert rule.sources and rule.confidence in ("high", "medium", "low") and rule.text


def test_red_flag_findings_that_are_precautions_map_to_them():
    implied = {f: p.id for p in get_kb().precautions.precautions.values() for f in p.implied_by}
    assert implied == {
        "osteoporosis": "osteoporosis",
        "long_term_corticosteroids": "long_term_corticosteroids",
        "history_of_cancer": "active_cancer",
        "diabetes": "peripheral_neuropathy",
    }


def test_a_dangling_technique_id_in_a_precaution_rule_is_an_error(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder,
        "precautions.yaml",
        'items: [cross_fiber_friction], action: avoid, text: "No cross-fibre friction on anti',
        'items: [cross_fibre_friction], action: avoid, text: "No cross-fibre friction on anti',
    )
    error = _error(folder)
    assert (error.file, error.entry, error.field) == (
        "precautions.yaml",
        "anticoagulant_therapy",
        "rules.0.items.0",
    )
    assert "cross_fibre_friction" in str(error)


def test_a_dangling_muscle_in_a_palpation_caution_is_an_error(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(folder, "precautions.yaml", "{muscle: piriformis, text:", "{muscle: piriform, text:")
    error = _error(folder)
    assert error.file == "precautions.yaml" and "piriform" in str(error)


def test_an_unknown_item_group_is_an_error(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder,
        "precautions.yaml",
        'items: ["@deep_pressure"], muscles: [soleus], action: avoid, text: "No deep or sus',
        'items: ["@deepest"], muscles: [soleus], action: avoid, text: "No deep or sus',
    )
    error = _error(folder)
    assert error.entry == "postpartum" and "@deepest" in str(error)


def test_a_no_figure_parameter_the_rules_techniques_do_not_dose_is_an_error(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder, "precautions.yaml", "no_figure_for: [hold, duration]", "no_figure_for: [holt]"
    )
    error = _error(folder)
    assert (error.entry, error.field) == ("osteoporosis", "rules.4.no_figure_for.0")
    assert "holt" in str(error)


def test_no_figure_belongs_on_a_technique_modify_rule_only(tmp_path):
    folder = copy_kb(tmp_path)
    replace_in(
        folder,
        "precautions.yaml",
        'items: [kettlebell_swing], action: avoid, text: "No kettlebell swing with osteo',
        'items: [kettlebell_swing], action: avoid, no_figure_for: [hold], text: "No kettlebell '
        "swing with osteo",
    )
    error = _error(folder)
    assert error.entry == "osteoporosis" and "no_figure_for" in str(error)
