"""The body chart's drawing is data: every KB region has a shape on each view the KB puts it on,
no shape names an unknown region, and the patient's left is drawn on the correct side."""

from __future__ import annotations

from myomap.clinical.kb import get_kb
from myomap.web.bodychart.geometry import drawing_load


def _centre_x(points: str) -> float:
    xs = [float(pair.split(",")[0]) for pair in points.split()]
    return sum(xs) / len(xs)


def test_every_kb_region_has_a_shape_and_no_shape_is_unknown():
    assert drawing_load().regions() == set(get_kb().regions)


def test_each_region_is_drawn_on_the_views_the_kb_gives_it():
    drawing = drawing_load()
    for region in get_kb().regions.values():
        drawn = {
            s.view for shapes in drawing.shapes.values() for s in shapes if s.region == region.id
        }
        assert drawn == {region.view, *region.also_on}, region.id


def test_left_is_the_patients_left_on_each_view():
    shapes = {(s.region, s.view): s.points for v in drawing_load().shapes.values() for s in v}
    # Back view: the patient's left is on the viewer's left; front view: on the viewer's right.
    assert (
        _centre_x(shapes[("si_joint_l", "back")]) < 100 < _centre_x(shapes[("si_joint_r", "back")])
    )
    assert _centre_x(shapes[("groin_l", "front")]) > 100 > _centre_x(shapes[("groin_r", "front")])
    assert _centre_x(shapes[("flank_l", "front")]) > 100 > _centre_x(shapes[("flank_l", "back")])


def test_every_shape_lies_inside_the_drawing_box():
    drawing = drawing_load()
    for shapes in drawing.shapes.values():
        for shape in shapes:
            for pair in shape.points.split():
                x, y = (float(n) for n in pair.split(","))
                assert 0 <= x <= drawing.width and 0 <= y <= drawing.height, shape.region
