"""The session note on a tablet (820 px) and a phone (390 px): every control is at least 44 px
tall, every control has a label, nothing runs off the side, the dose inputs show their units and
the technique picker can be filtered; screenshots at 1280, 820 and 390 px are saved under
var/screenshots/ to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const form = document.querySelector("form.session-note");
  for (const el of form.querySelectorAll("input:not([type=hidden]), select, textarea, button")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const tick = el.type === "checkbox" || el.type === "radio";
    // A tick box is hit through its label, so the label is the target that must be 44 px.
    const target = tick && el.closest("label") ? el.closest("label").getBoundingClientRect() : box;
    const name = el.name || el.id;
    if (target.height < 44) problems.push(`${name}: ${Math.round(target.height)} px tall`);
    if (box.right > width + 1) problems.push(`${name}: runs off the side`);
    const labelled = el.labels && el.labels.length || el.getAttribute("aria-label")
      || el.tagName === "BUTTON" && el.textContent.trim();
    if (!labelled) problems.push(`${name}: no label`);
  }
  if (document.documentElement.scrollWidth > width + 1) problems.push("page scrolls sideways");
  return problems;
}"""


def _open_note(page, live_server, planned_episode):
    page.goto(f"{live_server.url}/episodes/{planned_episode.pk}/")
    page.get_by_role("link", name="Record session 1").first.click()
    expect(page.get_by_role("heading", name="Session 1")).to_be_visible()


@pytest.mark.parametrize("width", [820, 390])
def test_every_note_control_is_finger_sized_and_labelled(
    page, live_server, planned_episode, logged_in_page, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 1000})
    logged_in_page("olivia")
    _open_note(page, live_server, planned_episode)
    assert page.evaluate(MEASURE) == []
    # Each dose input has its visible label and its unit beside it.
    row = page.locator("fieldset.technique-row").first
    for label, unit in (
        ("Pressure", "lb"),
        ("Hold", "s"),
        ("Repetitions", "reps"),
        ("Minutes", "min"),
    ):
        field = row.locator(".dose-field", has=page.get_by_text(label, exact=True))
        expect(field.locator("label")).to_be_visible()
        expect(field.locator(".unit")).to_have_text(unit)
    # A technique name is shown whole, not clipped to its first word.
    select = row.locator("select[name$=_technique]")
    clipped = select.evaluate(
        "s => { const c = document.createElement('canvas').getContext('2d');"
        " c.font = getComputedStyle(s).font;"
        " return [...s.options].filter(o => c.measureText(o.text).width > s.clientWidth - 24)"
        ".map(o => o.text); }"
    )
    if width >= 820:
        assert clipped == []
    else:  # a phone cannot show the longest names whole; the picker gets the whole row
        row_width = row.evaluate("r => r.getBoundingClientRect().width")
        assert select.evaluate("s => s.getBoundingClientRect().width") > 0.85 * row_width
    screenshot(page, f"note-form-{width}")


def test_the_technique_picker_filters_and_the_note_saves(
    page, live_server, planned_episode, logged_in_page, screenshot
):
    from myomap.records.models import TreatmentSession

    page.set_viewport_size({"width": 1280, "height": 900})
    logged_in_page("olivia")
    _open_note(page, live_server, planned_episode)
    screenshot(page, "note-form-1280")
    page.get_by_label("Re-screened: no new red flag").check()
    page.get_by_label("Pain before (NPRS 0–10)").fill("5")
    own = page.locator("fieldset.technique-row", has_text="your own").first
    own.locator(".picker-filter").fill("ischaemic")
    technique = own.locator("select[name$=_technique]")
    shown = technique.evaluate(
        "s => [...s.options].filter(o => !o.hidden && o.value).map(o => o.value)"
    )
    assert shown == ["ischemic_compression"]  # one match left is chosen for you
    expect(technique).to_have_value("ischemic_compression")
    own.locator("select[name$=_muscle]").select_option("quadratus_lumborum")
    own.locator("select[name$=_side]").select_option("right")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Session 1 saved as a draft")).to_be_visible()
    session = TreatmentSession.objects.get()
    assert ("ischemic_compression", "quadratus_lumborum") in {
        (row.technique, row.muscle) for row in session.techniques.all()
    }
