"""Pain between visits: the client's diary NPRS by day beside the NPRS on arrival at each
session, on one calendar axis (x = days since the first point), so a rise after a visit is seen
against what the clinician measured."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from myomap.charts.clinical import trend_sentence
from myomap.charts.improvement import measure_range
from myomap.charts.model import Series
from myomap.charts.svg import chart_svg

MAX_DATE_TICKS = 7


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b}"


def diary_chart_svg(
    diary: Sequence[tuple[date, int]],
    sessions: Sequence[tuple[date, int]],
    *,
    chart_id: str = "diary-chart",
) -> str:
    """Diary NPRS (solid, circles) and session NPRS on arrival (dashed, squares) by date."""
    days = sorted({d for d, _ in diary} | {d for d, _ in sessions})
    start = days[0] if days else date.today()

    def x(day: date) -> float:
        return float((day - start).days)

    diary_series = Series("Diary pain", [(x(d), v) for d, v in diary], css="diary")
    session_series = Series(
        "Pain on arrival at a session",
        [(x(d), v) for d, v in sessions],
        css="before",
        dashed=True,
        marker="square",
    )
    step = max(1, -(-len(days) // MAX_DATE_TICKS))
    ticks = [(x(d), _day_text(d)) for d in days[::step]]
    if days and ticks[-1][0] != x(days[-1]):
        ticks.append((x(days[-1]), _day_text(days[-1])))

    def where(value: float) -> str:
        return _day_text(date.fromordinal(start.toordinal() + int(value)))

    desc = " ".join(
        s
        for s in (
            trend_sentence("Diary pain", diary_series.present(), where),
            trend_sentence("Pain on arrival at sessions", session_series.present(), where),
        )
        if s
    )
    return chart_svg(
        title="Pain between visits (NPRS)",
        desc=desc or "No diary entries yet.",
        x_label="Date",
        y_label="NPRS (0–10)",
        y_range=measure_range("nrs"),
        series=[diary_series, session_series],
        x_ticks=ticks,
        chart_id=chart_id,
    )
