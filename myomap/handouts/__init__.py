"""Handouts: the client's home programme and the discharge letter to the GP, as HTML and PDF.

Pure view models (no Django, no I/O beyond the knowledge base):
- `programme.home_programme_build(*, plan_output, stage_id, prescribed, clinic_name,
  client_name, therapist_name, issued_on, note="") -> dict`
- `discharge.discharge_summary_build(*, clinic_name, therapist_name, client, episode, measures,
  progress, stage_labels, sessions_count, first_session_on, last_session_on, plan_output,
  written_on, interim=False) -> dict`

Rendering (Django templates + WeasyPrint, offline):
- `pdf.pdf_from_html(html, *, stylesheets=None) -> bytes`; `pdf.HANDOUT_CSS` is the
  stylesheet for screen and print (`static/handouts/handout.css`); the web page also links
  `handout-narrow.css` for phones, which WeasyPrint is never given.
- `pdf_cache.pdf_from_html_cached(html, *, stylesheets) -> bytes`: the same, rendered once per
  distinct HTML, stylesheet and local file (Django's cache).
- `render.handout_html(template_name, context, *, for_pdf=False, request=None) -> str`,
  `render.home_programme_pdf(programme) -> bytes`,
  `render.discharge_summary_pdf(summary, *, chart_svg=None) -> bytes`.
- Templates `handouts/home_programme.html` (context `programme`) and
  `handouts/discharge_summary.html` (context `summary`, optional `chart_svg`, `chart_caption`),
  both extending `handouts/base_print.html` with a `screen_actions` block for the web layer.

Clinical honesty: every clinical sentence is the knowledge base's or the plan's own text; where
no dose is given the handout shows the clinician's text or says the therapist will set it.
"""
