"""The body chart's repeated markup, built in one pass: the region checklist (the input without
JavaScript, and the list the touch chart writes into), the figures' region polygons and the
area panels' region buttons.

The checklist has a row per knowledge-base region, each with a checkbox, an intensity field and
a select of every sensation; the figures and panels have a polygon and a button per drawn shape.
Rendered through nested template loops they were most of the body-chart pages' cost: thousands
of template nodes per request for markup that is the same on every request but for the client's
own values. Here what comes from the knowledge base and the drawing (ids, labels, groups,
points, the list of sensations) is escaped and assembled once per knowledge-base version, and a
request only fills in its values (ticked, the intensity as typed, the chosen sensation, a refused
field's message, a region's fill and summary), escaping them as it goes.
`bodychart/_drawing_input.html` and `_svg.html` place the results; `bodychart.js` reads them by
their `data-region`, field names and ids, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from myomap.clinical.kb import KnowledgeBase, get_kb
from myomap.records.models import PainQuality


@dataclass(frozen=True)
class _Row:
    """A region's row around its values, every part already escaped."""

    id: str
    name: str  # after the row's classes, up to the checkbox's state
    intensity: str  # after the checkbox, up to the intensity's value
    intensity_end: str  # after the value, up to the intensity's closing
    quality: str  # after the intensity, up to the select's closing


@dataclass(frozen=True)
class _Static:
    version: str
    groups: tuple[tuple[str, tuple[_Row, ...]], ...]  # (legend, rows)
    options: tuple[tuple[str, str, str], ...]  # (value, '<option value="…"', '>label</option>')


def _row(region_id: str, label: str) -> _Row:
    rid, name = escape(region_id), escape(label)
    return _Row(
        id=rid,
        name=(
            f'" data-region="{rid}">\n'
            '        <label class="region-row-name"><input type="checkbox" name="regions" '
            f'value="{rid}" id="id_region_{rid}"'
        ),
        intensity=(
            f"> {name}</label>\n"
            '        <label class="region-row-field"><span class="row-field-label">Intensity'
            "</span>\n"
            f'          <input type="number" name="intensity_{rid}" id="id_intensity_{rid}" '
            'min="0" max="10" step="1" inputmode="numeric"\n'
            '                 value="'
        ),
        intensity_end=f'" aria-label="Intensity 0 to 10, {name}" placeholder="0–10"',
        quality=(
            "></label>\n"
            '        <label class="region-row-field"><span class="row-field-label">Sensation'
            "</span>\n"
            f'          <select name="quality_{rid}" id="id_quality_{rid}" '
            f'aria-label="Sensation, {name}"'
        ),
    )


def _static_build(kb: KnowledgeBase) -> _Static:
    rows: dict[str, list[_Row]] = {gid: [] for gid in kb.region_groups}
    for region in kb.regions.values():
        rows[region.group].append(_row(region.id, region.label))
    return _Static(
        version=kb.version,
        groups=tuple(
            (escape(kb.region_groups[gid].label), tuple(group))
            for gid, group in rows.items()
            if group
        ),
        options=tuple(
            (value, f'<option value="{escape(value)}"', f">{escape(label)}</option>")
            for value, label in PainQuality.choices
        ),
    )


_static: _Static | None = None


def _static_get() -> _Static:
    """The knowledge base's part, rebuilt when the knowledge base is another version."""
    global _static
    kb = get_kb()
    if _static is None or _static.version != kb.version:
        _static = _static_build(kb)
    return _static


def _options(static: _Static, chosen: str) -> str:
    return "".join(
        f"{start} selected{end}" if value == chosen else f"{start}{end}"
        for value, start, end in static.options
    )


@lru_cache(maxsize=4096)
def _static_text(text: str) -> str:
    """Escaped once: ids, labels and points come from the knowledge base and the drawing."""
    return escape(text)


def figure_polygons_html(shapes: list[dict]) -> SafeString:
    """A view's region polygons (`drawing_input`'s `views[].shapes`)."""
    t = _static_text
    return mark_safe(  # every value in it is escaped
        "".join(
            f'<polygon class="region {t(s["css"])}" points="{t(s["points"])}" '
            f'data-region="{t(s["region"])}" data-area="{t(s["area"])}" '
            f'aria-label="{t(s["label"])}"><title>{t(s["label"])}</title></polygon>\n      '
            for s in shapes
        )
    )


def zoom_polygons_html(shapes: list[dict]) -> SafeString:
    """An area panel's zoomed region polygons (`drawing_input`'s `areas[].shapes`)."""
    t = _static_text
    return mark_safe(  # every value in it is escaped
        "".join(
            f'<polygon class="region zoom-region {t(s["css"])}" points="{t(s["points"])}" '
            f'data-region="{t(s["region"])}"><title>{t(s["label"])}</title></polygon>\n'
            "            "
            for s in shapes
        )
    )


def region_buttons_html(shapes: list[dict]) -> SafeString:
    """An area panel's region buttons, pressed for a marked region, with what was marked."""
    t = _static_text
    out = []
    for s in shapes:
        marked = s["marked"]
        out.append(
            "          "
            f'<button type="button" class="region-button column-{t(s["column"])}'
            f'{" is-marked" if marked else ""}" data-region-button="{t(s["region"])}" '
            f'aria-pressed="{"true" if marked else "false"}">\n'
            f'            <span class="region-button-name">{t(s["label"])}</span>\n'
            '            <span class="region-button-state" data-region-summary>'
            f"{escape(s['summary']) if marked else 'not marked'}</span>\n"
            "          </button>\n"
        )
    return mark_safe("".join(out))  # every value in it is escaped


def _invalid(field: str, region_id: str) -> str:
    return f' aria-invalid="true" aria-describedby="err_{field}_{region_id}"'


def region_checklist_html(
    values: Mapping[str, Mapping[str, object]], errors: Mapping[str, str]
) -> SafeString:
    """The checklist's fieldsets, one row per region. `values`: region id → {"intensity": an
    int, the text as typed, or "", "quality": str} for every marked region (a region in
    `values` is ticked); `errors`: field name (`intensity_<region>`, `quality_<region>`) → the
    message shown under that row."""
    static = _static_get()
    unchosen = _options(static, "")
    out: list[str] = []
    for legend, rows in static.groups:
        out.append(f"    <fieldset>\n      <legend>{legend}</legend>\n")
        for row in rows:
            entry = values.get(row.id)
            quality = str((entry or {}).get("quality") or "")
            i_error = errors.get(f"intensity_{row.id}", "")
            q_error = errors.get(f"quality_{row.id}", "")
            classes = (" is-marked" if entry is not None else "") + (
                " has-error" if i_error or q_error else ""
            )
            out += [
                f'      <div class="region-row{classes}',
                row.name,
                " checked" if entry is not None else "",
                row.intensity,
                escape((entry or {}).get("intensity", "")),
                row.intensity_end,
                _invalid("intensity", row.id) if i_error else "",
                row.quality,
                _invalid("quality", row.id) if q_error else "",
                '>\n            <option value="">Sensation…</option>\n            ',
                _options(static, quality) if quality else unchosen,
                "\n          </select></label>\n",
            ]
            if i_error:
                out.append(
                    f'        <p class="field-error" id="err_intensity_{row.id}">'
                    f"{escape(i_error)}</p>\n"
                )
            if q_error:
                out.append(
                    f'        <p class="field-error" id="err_quality_{row.id}">'
                    f"{escape(q_error)}</p>\n"
                )
            out.append("      </div>\n")
        out.append("    </fieldset>\n")
    return mark_safe("".join(out))  # every value in it is escaped above
