"""What the body chart shows is computed before rendering: areas that cover every shape once,
one button per shape, a marked region with no intensity drawn apart from any rating, what was
marked in words, the client's own wording; the clinician panel reads the drawing through the
scoped, audited selector, and no template tag library for the chart remains."""

from __future__ import annotations

import dataclasses
import importlib.util

import pytest
from django.template.loader import render_to_string

from myomap.clinical.kb import get_kb
from myomap.errors import Forbidden, NotFound
from myomap.records.painmap import assessment_pain_map_save, pain_map_get_for_user
from myomap.web.bodychart.geometry import drawing_load
from myomap.web.bodychart.presenter import (
    assessment_chart,
    drawing_input,
    entry_summary,
    pain_class,
)
from tests.audit_helpers import audited
from tests.factories import make_assessment, make_episode


@pytest.fixture
def assessment(owner, client_record):
    return make_assessment(owner, make_episode(owner, client_record, days_since_onset=30))


def test_every_shape_is_in_exactly_one_area_of_its_view_and_inside_the_zoomed_box():
    drawing = drawing_load()
    for view, shapes in drawing.shapes.items():
        areas = [a for a in drawing.areas if a.view == view]
        members = [s.region for a in areas for s in a.shapes]
        assert sorted(members) == sorted(s.region for s in shapes), view
        for area in areas:
            x, y, w, h = area.box
            for shape in area.shapes:
                x0, y0, x1, y1 = shape.box()
                assert x <= x0 and y <= y0 and x1 <= x + w and y1 <= y + h, shape.region
    # 100 shapes for the 90 regions: five sided areas are drawn on both views.
    assert sum(len(a.shapes) for a in drawing.areas) == 100
    assert {s.region for a in drawing.areas for s in a.shapes} == set(get_kb().regions)


def test_no_intensity_is_its_own_class_and_never_a_middle_rating():
    assert pain_class({"intensity": None, "quality": ""}) == "is-marked pain-unrated"
    assert pain_class({"intensity": "", "quality": "ache"}) == "is-marked pain-unrated"
    assert pain_class({"intensity": 5, "quality": ""}) == "is-marked pain-mid"
    assert pain_class({"intensity": "11", "quality": ""}) == "is-marked"  # refused, shown back
    assert pain_class(None) == ""


def test_what_was_marked_is_said_in_words():
    assert entry_summary({"intensity": 7, "quality": "burning"}) == "intensity 7, burning"
    assert entry_summary({"intensity": None, "quality": ""}) == "no intensity"
    assert entry_summary(None) == ""


def test_the_drawing_input_renders_a_button_per_shape_and_the_plain_checklist():
    chart = drawing_input({"sacrum": {"intensity": None, "quality": ""}}, audience="client")
    html = render_to_string("bodychart/_drawing_input.html", {"chart": chart})
    assert html.count("data-region-button=") == 100
    assert html.count('name="regions"') == 90
    assert 'data-region-button="sacrum" aria-pressed="true"' in html
    assert "Your left" in html and "Client's left" not in html
    assert 'class="region is-marked pain-unrated"' in html


def test_a_refused_field_is_named_beside_its_row():
    errors = {"intensity_flank_l": ["Intensity for Flank / lateral waist (L) must be 0–10."]}
    chart = drawing_input({"flank_l": {"intensity": "12", "quality": ""}}, errors)
    html = render_to_string("bodychart/_drawing_input.html", {"chart": chart})
    assert 'href="#id_intensity_flank_l"' in html
    assert 'id="err_intensity_flank_l"' in html and 'value="12"' in html


def test_the_clinician_panel_reads_the_drawing_through_the_audited_selector(
    people, actor_of, assessment
):
    actor = actor_of(people.owner)
    assessment_pain_map_save(
        actor=actor, assessment_id=assessment.pk, entries=[{"region": "si_joint_r"}]
    )
    chart = assessment_chart(actor, assessment)
    assert chart["input"]["marked_count"] == 1
    assert chart["candidates"]["candidates"][0]["essential_labels"]
    reads = audited(action="read", object_type="pain_map", object_id=str(assessment.pk))
    assert reads and reads[-1]["detail"] == {"regions": 1}


def test_the_pain_map_selector_refuses_front_desk_and_another_clinic(people, actor_of, assessment):
    with pytest.raises(Forbidden):
        pain_map_get_for_user(actor=actor_of(people.front_desk), assessment=assessment)
    with pytest.raises(NotFound):
        pain_map_get_for_user(actor=actor_of(people.outsider), assessment=assessment)


def test_no_body_chart_template_tag_library_remains():
    assert importlib.util.find_spec("myomap.web.templatetags.bodychart") is None


def test_the_checklist_shows_back_what_was_typed_escaped_with_the_chosen_sensation():
    chart = drawing_input({"flank_l": {"intensity": '"><b>12', "quality": "burning"}})
    html = str(chart["checklist"])
    assert "<b>" not in html and 'value="&quot;&gt;&lt;b&gt;12"' in html
    assert html.count(" selected>") == 1 and '<option value="burning" selected>' in html
    assert 'value="flank_l" id="id_region_flank_l" checked>' in html
    assert html.count(" checked>") == 1


def test_the_chart_follows_a_new_knowledge_base(monkeypatch):
    from myomap.web.bodychart import markup

    kb = get_kb()
    region = kb.regions["sacrum"]
    renamed = dataclasses.replace(
        kb,
        version=kb.version + "-renamed",
        regions={**kb.regions, "sacrum": region.model_copy(update={"label": "Renamed <sacrum>"})},
    )
    monkeypatch.setattr(markup, "get_kb", lambda: renamed)
    html = str(markup.region_checklist_html({}, {}))
    assert "> Renamed &lt;sacrum&gt;</label>" in html and f"> {region.label}</label>" not in html
    monkeypatch.undo()
    assert f"> {region.label}</label>" in str(markup.region_checklist_html({}, {}))
