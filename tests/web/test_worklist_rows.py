"""Today's rows written whole by the presenter are the markup the template wrote: its
fragment, kept here as it was, is rendered by Django over rows that take every branch, and
the two are compared with each run of whitespace as one space (the form tokens are random)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.template import Context, Template

from myomap.records.worklist import (
    ADVANCE_PROPOSED,
    RED_FLAG,
    REFERRED,
    UNSIGNED,
    Flag,
    NoteRef,
)
from myomap.web.presenters.worklist_rows import worklist_rows, worklist_rows_markup

# The template's fragment as it was before the presenter wrote the rows.
TEMPLATE_ROWS = (Path(__file__).parent / "data" / "worklist_rows_template.html").read_text()

CSRF = "csrf-token-of-the-page"


@dataclass
class FakeClient:
    full_name: str


@dataclass
class FakeEpisode:
    complaint: str
    pk: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass
class FakeRow:
    """What the template and the presenter read of a `DashboardRow`."""

    client: FakeClient
    episode: FakeEpisode
    flags: list = field(default_factory=list)
    has_red_flag: bool = False
    shows_red_flag: bool = False
    referral_pending: bool = False
    draft: NoteRef | None = None
    can_record: bool = False
    needs_assessment: bool = False
    latest_assessment_id: str | None = None
    stage_number: int | None = None
    stage_label: str = "No plan yet"
    sessions_recorded: int = 0
    last_seen: date | None = None
    seen_ago: str = ""
    next_session: int = 1


@dataclass
class FakeDashboard:
    rows: list


def _rows() -> list[FakeRow]:
    red = Flag(RED_FLAG, "Red flag: refer before treating", 'Refer today: "cauda" <signs>')
    rescreen = Flag(RED_FLAG, "Red-flag re-screen: refer soon", ["See the GP this week"])
    referred = Flag(REFERRED, "Referred — awaiting outcome: GP, 3 Dec", "Referred to GP & co.")
    advance = Flag(ADVANCE_PROPOSED, "Ready to advance to Build endurance — decide")
    unsigned = Flag(UNSIGNED, "1 unsigned note")
    assessed = str(uuid.uuid4())
    return [
        FakeRow(
            FakeClient("Ruth O'Neill"),
            FakeEpisode("Sharp <pain> & numbness " * 5),
            flags=[red],
            has_red_flag=True,
            shows_red_flag=True,
            referral_pending=True,
            latest_assessment_id=assessed,
        ),
        FakeRow(
            FakeClient("Helen Brandt"),
            FakeEpisode("Constant ache"),
            flags=[red, unsigned],
            has_red_flag=True,
            shows_red_flag=True,
            stage_number=1,
            stage_label="Relieve muscular spasm",
            sessions_recorded=7,
            last_seen=date(2026, 12, 2),
            seen_ago="yesterday",
            draft=NoteRef(uuid.uuid4(), 7),
            latest_assessment_id=assessed,
        ),
        FakeRow(
            FakeClient("Anna Kowalski"),
            FakeEpisode("Night pain"),
            flags=[rescreen, unsigned],
            shows_red_flag=True,
            draft=NoteRef(uuid.uuid4(), 6),
            stage_number=1,
            stage_label="Relieve muscular spasm",
            sessions_recorded=5,
            last_seen=date(2026, 11, 26),
            seen_ago="7 days ago",
            latest_assessment_id=assessed,
        ),
        FakeRow(
            FakeClient("Tomasz Nowak"),
            FakeEpisode("Lifting"),
            flags=[unsigned],
            draft=NoteRef(uuid.uuid4(), 8),
            stage_number=5,
            stage_label="Build endurance",
            sessions_recorded=1,
            last_seen=date(2026, 11, 30),
            seen_ago="3 days ago",
        ),
        FakeRow(
            FakeClient("Maria Okafor"),
            FakeEpisode("Right-sided"),
            flags=[advance],
            can_record=True,
            stage_number=2,
            stage_label="Restore flexibility",
            sessions_recorded=4,
            last_seen=date(2026, 12, 1),
            seen_ago="2 days ago",
            next_session=5,
            latest_assessment_id=assessed,
        ),
        FakeRow(FakeClient("James <b>Whitfield</b>"), FakeEpisode(""), needs_assessment=True),
        FakeRow(
            FakeClient("Grace Liu"),
            FakeEpisode("Numbness"),
            flags=[referred],
            latest_assessment_id=assessed,
        ),
        FakeRow(
            FakeClient("Omar Haddad"),
            FakeEpisode("Stiff"),
            stage_number=3,
            stage_label="Restore proper biomechanics",
            sessions_recorded=2,
            last_seen=date(2026, 10, 1),
            seen_ago="9 weeks ago",
        ),
    ]


def _comparable(markup: str) -> str:
    markup = re.sub(
        r'name="form_token" value="[0-9a-f-]{36}"', 'name="form_token" value="T"', markup
    )
    return re.sub(r"\s+", " ", markup).strip()


def test_todays_rows_are_the_markup_the_template_wrote_for_every_branch():
    dashboard = FakeDashboard(_rows())
    context = Context({"worklist_rows": worklist_rows(dashboard), "csrf_token": CSRF})
    expected = _comparable(Template(TEMPLATE_ROWS).render(context))
    written = _comparable(worklist_rows_markup(dashboard, csrf_token=CSRF))
    assert written == expected
    # The comparison can fail: the branches are all there, and the values are escaped.
    for words in (
        "Record the referral",
        "Start a re-assessment",
        "Finish session 8 note",
        "Finish session 6 note",
        "Record session 5",
        "Start assessment",
        "Open assessment",
        "Open episode",
        "On track",
        "Not yet",
        "1 session<",
        "&lt;b&gt;Whitfield",
        "&quot;cauda&quot;",
    ):
        assert words in written, words
    assert written.count(CSRF) == 2 and "<b>" not in written
    # Every row with a red-flag badge is marked red, the re-screen's included.
    assert written.count('<tr class="dash-row-red">') == 3


def test_an_empty_window_writes_no_rows():
    assert worklist_rows_markup(FakeDashboard([]), csrf_token=CSRF) == ""
