"""Render a handout template as a web page or as PDF bytes (the Django shell over the pure view
models in `programme` and `discharge`).

The same template and the same stylesheet serve both: on screen the page links
`handouts/handout.css` through `{% static %}` (and `handout-narrow.css` for phones); for PDF,
`for_pdf=True` drops those links and the screen-only actions, and the stylesheet is handed to
WeasyPrint directly, so rendering never needs a web server or a network.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from myomap.handouts.pdf import HANDOUT_CSS
from myomap.handouts.pdf_cache import pdf_from_html_cached

HOME_PROGRAMME_TEMPLATE = "handouts/home_programme.html"
DISCHARGE_SUMMARY_TEMPLATE = "handouts/discharge_summary.html"


def handout_html(template_name: str, context: dict, *, for_pdf: bool = False, request=None) -> str:
    return render_to_string(template_name, {**context, "for_pdf": for_pdf}, request=request)


def handout_pdf(template_name: str, context: dict) -> bytes:
    """The handout as PDF bytes; rendered once per distinct HTML (`pdf_cache`)."""
    html = handout_html(template_name, context, for_pdf=True)
    return pdf_from_html_cached(html, stylesheets=[HANDOUT_CSS])


def home_programme_pdf(programme: dict) -> bytes:
    """PDF of a `home_programme_build` result."""
    return handout_pdf(HOME_PROGRAMME_TEMPLATE, {"programme": programme})


def discharge_summary_pdf(summary: dict, *, chart_svg: str | None = None) -> bytes:
    """PDF of a `discharge_summary_build` result; `chart_svg` is a trusted, server-rendered SVG
    string (never user input): the template inserts it with `|safe`."""
    return handout_pdf(DISCHARGE_SUMMARY_TEMPLATE, {"summary": summary, "chart_svg": chart_svg})
