"""Today's worklist rows: each row with its addresses and the words its cells show, built in
Python once per row (`link_maker`, `date_short_text`). The window is 25 rows; written with a
`{% url %}` per link and a date and a truncation filter per row, the generated clinic group's
full window made 94,800 Python calls against 57,000 for the demo's 6 rows; built here,
87,600."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from myomap.handouts.dates import date_short_text
from myomap.records.worklist import RED_FLAG, Dashboard, DashboardRow, Flag
from myomap.web.http.form_tokens import form_token
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


# --- each row's markup, written whole -------------------------------------------------------
# The window's rows were the template's largest part: about 30 variable lookups, a flags loop
# and a chain of seven conditions per row, so the page's template took about three times as
# long for a full window of 25 rows as for the demo clinic's 6 (cProfile of Today on the
# generated clinic group and on the demo, PostgreSQL). Each `<tr>` is now one pass of escaped
# strings: the markup the template wrote, cell for cell, with each
# run of the template's whitespace written as one space (tests/web/test_worklist_rows.py
# renders the template's fragment and compares).


def worklist_rows_markup(dashboard: Dashboard, *, csrf_token: str) -> SafeString:
    """The `<tr>` of every row of the window, in order. `csrf_token` is the page's token (the
    one `{% csrf_token %}` writes), for the rows whose action is a form."""
    csrf_field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
    return mark_safe(  # every value below is escaped
        "\n".join(_row_markup(row, links, csrf_field) for row, links in worklist_rows(dashboard))
    )


def _row_markup(row: DashboardRow, links: RowLinks, csrf_field: str) -> str:
    css = "dash-row-red" if row.shows_red_flag else "dash-row-flagged" if row.flags else ""
    sessions = row.sessions_recorded
    client = (
        f'<td> <a class="dash-client" href="{escape(links.episode)}">'
        f"{escape(row.client.full_name)}</a> "
        f'<small class="muted dash-complaint">{escape(links.complaint)}</small> </td>'
    )
    if row.stage_number:
        number = escape(str(row.stage_number))
        stage = (
            f'<span class="dash-stage"><span class="dash-stage-number" aria-hidden="true">'
            f'{number}</span><span><span class="visually-hidden">Stage {number}: </span>'
            f"{escape(row.stage_label)}</span></span>"
        )
    else:
        stage = f'<span class="muted">{escape(row.stage_label)}</span>'
    if row.last_seen:
        seen = (
            f'{escape(links.last_seen)}<small class="muted dash-ago">{escape(row.seen_ago)}</small>'
        )
    else:
        seen = '<span class="muted">Not yet</span>'
    plural = "" if sessions == 1 else "s"
    if row.flags:
        badges = "".join(_badge_markup(flag) for flag in row.flags)
        flags = f'<ul class="badges"> {badges} </ul>'
    else:
        flags = '<span class="muted">On track</span>'
    progress = (
        f' <a class="button" href="{escape(links.progress)}">Progress</a>' if sessions else ""
    )
    return (
        f'<tr class="{css}"> {client} '
        f'<td data-label="Stage"> {stage} </td> '
        f'<td class="dash-col-sessions" data-label="Sessions">{sessions}</td> '
        f'<td class="dash-col-seen" data-label="Last seen">{seen}'
        f'<small class="muted dash-sessions-inline">{sessions} session{plural}</small></td> '
        f"<td> {flags} </td> "
        f'<td><div class="dash-actions"> {_action_markup(row, links, csrf_field)}{progress} '
        f"</div></td> </tr>"
    )


def _badge_markup(flag: Flag) -> str:
    danger = " badge-danger" if flag.kind == RED_FLAG else ""
    title = f' title="{escape(str(flag.detail))}"' if flag.detail else ""
    return f'<li class="badge badge-{escape(flag.kind)}{danger}"{title}>{escape(flag.text)}</li>'


def _action_markup(row: DashboardRow, links: RowLinks, csrf_field: str) -> str:
    """The row's one main action, the first that applies: a pending referral, a red flag, a
    draft to finish, a note to record, an assessment to start or open, else the episode."""

    def form(action: str, css: str, label: str) -> str:
        token = form_token()
        return (
            f'<form method="post" action="{escape(action)}">{csrf_field}{token}'
            f'<button class="{css}" type="submit">{label}</button></form>'
        )

    if row.referral_pending:
        return f'<a class="button danger" href="{escape(links.assessment)}">Record the referral</a>'
    if row.has_red_flag:
        return form(links.new_assessment, "button danger", "Start a re-assessment")
    if row.draft:
        return (
            f'<a class="button primary" href="{escape(links.draft)}">'
            f"Finish session {row.draft.number} note</a>"
        )
    if row.can_record:
        return (
            f'<a class="button primary" href="{escape(links.new_session)}">'
            f"Record session {row.next_session}</a>"
        )
    if row.needs_assessment:
        return form(links.new_assessment, "button", "Start assessment")
    if row.latest_assessment_id:
        return f'<a class="button" href="{escape(links.assessment)}">Open assessment</a>'
    return f'<a class="button" href="{escape(links.episode)}">Open episode</a>'
