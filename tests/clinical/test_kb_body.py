"""Regions, muscles, referral maps and sources of the clinical knowledge base."""

from __future__ import annotations

import pytest

from myomap.clinical.kb import get_kb, load_kb
from tests.clinical.test_kb_helpers import clinical_note_ids

SEED_MUSCLES = [  # the muscles the method names
    "quadratus_lumborum",
    "iliocostalis_lumborum",
    "longissimus_thoracis",
    "multifidus_rotatores_lumbar",
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "piriformis",
    "transversus_abdominis",
    "internal_oblique",
    "external_oblique",
    "iliopsoas",
    "semitendinosus_semimembranosus",
    "biceps_femoris",
    "adductor_longus_brevis",
    "adductor_magnus",
]


def test_the_knowledge_base_loads_and_validates():  # load time: bench/kb_and_charts.py
    assert load_kb().version


def test_get_kb_validates_once_and_returns_the_same_object():
    assert get_kb() is get_kb()


def test_the_version_is_a_version_number_plus_a_content_hash():
    number, _, digest = get_kb().version.partition("+")
    assert number.count(".") == 2 and len(digest) == 8


def test_there_are_exactly_90_regions_with_sides_and_views():
    kb = get_kb()
    assert len(kb.regions) == 90
    assert kb.regions["si_joint_r"].side == "right"
    assert kb.regions["si_joint_r"].base == "si_joint"
    assert kb.regions["sacrum"].side == "midline"
    assert {r.view for r in kb.regions.values()} == {"front", "back"}


def test_region_ids_are_exactly_those_of_the_clinical_notes():
    assert set(get_kb().regions) == set(clinical_note_ids()["regions"])


def test_muscle_ids_are_exactly_those_of_the_clinical_notes():
    assert set(get_kb().muscles) == set(clinical_note_ids()["muscles"])


@pytest.mark.parametrize("muscle_id", SEED_MUSCLES)
def test_every_seed_named_muscle_is_present(muscle_id):
    assert muscle_id in get_kb().muscles


def test_every_muscle_has_palpation_zones_sources_and_confidence():
    for muscle in get_kb().muscles.values():
        assert muscle.palpation.position and muscle.palpation.how, muscle.id
        assert muscle.essential_zones and muscle.trigger_points, muscle.id
        assert muscle.sources and muscle.confidence.overall, muscle.id


def test_every_referral_zone_is_a_body_chart_area():
    kb = get_kb()
    bases = {region.base for region in kb.regions.values()}
    for muscle in kb.muscles.values():
        zones = muscle.essential_zones + muscle.spillover_zones
        for tp in muscle.trigger_points:
            zones += tp.essential_zones + tp.spillover_zones
        assert set(zones) <= bases, muscle.id


def test_every_region_group_is_known():
    kb = get_kb()
    assert {region.group for region in kb.regions.values()} <= set(kb.region_groups)


def test_lower_rectus_abdominis_refers_to_both_sides():
    essential, _ = get_kb().muscle_zones("rectus_abdominis_lower", "left")
    assert {"si_joint_l", "si_joint_r"} <= set(essential)


def test_an_ipsilateral_muscle_refers_to_its_own_side_and_midline_areas_keep_their_id():
    essential, spillover = get_kb().muscle_zones("quadratus_lumborum", "right")
    assert "si_joint_r" in essential and "si_joint_l" not in essential
    assert "sacrum" in spillover


def test_muscles_referring_to_a_region_list_essential_zones_first():
    referrers = get_kb().muscles_referring_to("sacrum")
    weights = [weight for _, weight in referrers]
    assert weights == sorted(weights)  # "essential" sorts before "spillover"
    assert ("gluteus_medius", "essential") in [(m.id, w) for m, w in referrers]


def test_recalled_textbook_sources_say_so():
    kb = get_kb()
    for key in ("TS1", "TS2"):
        assert kb.sources[key].kind == "textbook_recall"
        assert "recalled" in (kb.sources[key].note or "")


def test_seed_pages_are_in_the_bibliography():
    kinds = [s.kind for s in get_kb().sources.values()]
    assert kinds.count("seed_page") == 5


def test_leg_length_and_pelvic_tests_carry_reliability_notes():
    kb = get_kb()
    assert kb.leg_length.threshold_mm == 5
    flagged = [t for t in kb.pelvic_tests.tests if t.low_reliability]
    assert flagged and all(t.kappa for t in flagged)
