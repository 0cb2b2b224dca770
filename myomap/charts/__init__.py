"""Server-side SVG charts, written in the project: pure Python, no Django, no chart library.
The same markup goes into the progress page and, inline, into PDFs rendered by WeasyPrint. No
inline styles anywhere (strict CSP): presentation attributes for looks and a class on every
group for a stylesheet to restyle.

- `chart_svg(...)` — the generic builder over `Series`, `Threshold` and `Band`.
- `nprs_chart_svg`, `measure_chart_svg`, `trigger_point_chart_svg` — the progress charts;
  `nprs_chart` — the NPRS chart with its caption and data table, for every page and letter.
- `important_improvement_level(measure, baseline)` — where the MCID line is drawn.
"""

from myomap.charts.clinical import (
    measure_chart_svg,
    nprs_chart,
    nprs_chart_svg,
    stage_bands,
    trigger_point_chart_svg,
)
from myomap.charts.improvement import important_improvement_level
from myomap.charts.model import Band, Series, Threshold
from myomap.charts.svg import chart_svg

__all__ = [
    "Band",
    "Series",
    "Threshold",
    "chart_svg",
    "important_improvement_level",
    "measure_chart_svg",
    "nprs_chart",
    "nprs_chart_svg",
    "stage_bands",
    "trigger_point_chart_svg",
]
