"""Today's worklist rows: each row with its addresses and the words its cells show, built in
Python once per row (`link_maker`, `date_short_text`). The window is 25 rows; written with a
`{% url %}` per link and a date and a truncation filter per row, the generated clinic group's
full window made 94,800 Python calls against 57,000 for the demo's 6 rows; built here,
87,600."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import Truncator

from myomap.handouts.dates import date_short_text
from myomap.records.worklist import Dashboard, DashboardRow
from myomap.web.presenters.links import link_maker

COMPLAINT_SHOWN = 64  # characters of the complaint under the client's name


@dataclass(frozen=True)
class RowLinks:
    episode: str
    progress: str
    new_session: str
    new_assessment: str
    assessment: str  # the latest assessment, "" when there is none
    draft: str  # the draft note, "" when there is none
    complaint: str  # truncated
    last_seen: str  # "3 Dec", "" when never seen


def worklist_rows(dashboard: Dashboard) -> list[tuple[DashboardRow, RowLinks]]:
    episode, progress = link_maker("episode_detail"), link_maker("episode_progress")
    new_session, new_assessment = link_maker("session_new"), link_maker("assessment_new")
    assessment, draft = link_maker("assessment_detail"), link_maker("session_detail")
    rows = []
    for row in dashboard.rows:
        pk = row.episode.pk
        links = RowLinks(
            episode=episode(pk),
            progress=progress(pk),
            new_session=new_session(pk),
            new_assessment=new_assessment(pk),
            assessment=assessment(row.latest_assessment_id) if row.latest_assessment_id else "",
            draft=draft(row.draft.pk) if row.draft else "",
            complaint=Truncator(row.episode.complaint).chars(COMPLAINT_SHOWN),
            last_seen=date_short_text(row.last_seen, year=False),
        )
        rows.append((row, links))
    return rows
