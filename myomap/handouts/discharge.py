"""The discharge summary a therapist sends to the client's GP: a JSON-ready view model.

Everything in it is read from the records passed in (measures, progress review, plan); the
only sentences composed here join those facts ("Pain (NPRS) improved by 4 points (57 %), a
clinically important change."). Nothing absent is left out silently: a measure that was not
re-measured says so, and measures never taken are named.
"""

from __future__ import annotations

from datetime import date

from myomap.clinical.kb import get_kb
from myomap.handouts.cards import card_from_prescription, stage_cards_build
from myomap.handouts.dates import date_iso, date_text
from myomap.handouts.outcomes import MEASURES, measure_row_build

TITLE = "Discharge summary"
# The same letter while treatment goes on (episode still active or referred): no "at discharge"
# wording and no maintenance programme, which would be the last stage's, not the current one.
INTERIM_TITLE = "Interim progress report"
DOSE_BY_THERAPIST = "dose set by the treating therapist"


def discharge_summary_build(
    *,
    clinic_name: str,
    therapist_name: str,
    client: dict,
    episode: dict,
    measures: list[dict],
    progress: dict | None,
    stage_labels: dict[str, str],
    sessions_count: int,
    first_session_on: date | None,
    last_session_on: date | None,
    plan_output: dict | None,
    written_on: date,
    interim: bool = False,
    recipient: dict | None = None,
    signatory: dict | None = None,
    letterhead: str = "",
    programme: list[dict] | None = None,
    discharge: dict | None = None,
) -> dict:
    """Build the letter's view model. Raises ValueError naming a bad measure field.
    `interim` titles it as a progress report written before discharge. `recipient` is the GP
    (`name`, `practice`), `signatory` the clinician's `profession` and `registration_number`,
    `letterhead` the clinic's own heading. `programme`: the home programme to continue — the
    exercises the client was given and not stopped, `[{"exercise", "dose", "sides"?}]`;
    without it, the plan's last stage with exercises. `discharge`: what the clinician
    confirmed, `{"on": date, "reason": text, "to": text}`."""
    rows = _measure_rows(measures, progress)
    sessions = _sessions(sessions_count, first_session_on, last_session_on)
    client_model = _client(client)
    episode_model = _episode(episode)
    return {
        "kind": "discharge_summary",
        "title": INTERIM_TITLE if interim else TITLE,
        "interim": interim,
        "clinic_name": clinic_name,
        "therapist_name": therapist_name,
        "recipient": _recipient(recipient),
        "signatory": {
            "profession": (signatory or {}).get("profession", ""),
            "registration_number": (signatory or {}).get("registration_number", ""),
        },
        "letterhead_lines": [line for line in letterhead.splitlines() if line.strip()],
        "written_on": written_on.isoformat(),
        "written_on_text": date_text(written_on),
        "client": client_model,
        "episode": episode_model,
        "summary": _summary(client_model, episode_model, sessions),
        "sessions": sessions,
        "measures": rows,
        "not_measured": [MEASURES[m][0] for m in MEASURES if m not in {r["measure"] for r in rows}],
        "outcome": _outcome(rows, progress),
        "stages": _stages(progress, stage_labels),
        "maintenance": _maintenance(progress, plan_output, programme),
        "discharge": _discharge(discharge),
        "sources": list(
            dict.fromkeys(k for r in rows if r["change"] for k in r["change"]["sources"])
        ),
        "kb_version": (progress or {}).get("kb_version")
        or (plan_output or {}).get("kb_version")
        or get_kb().version,
    }


def _recipient(recipient: dict | None) -> dict:
    name = ((recipient or {}).get("name") or "").strip()
    practice = ((recipient or {}).get("practice") or "").strip()
    return {
        "name": name,
        "practice_lines": [line for line in practice.splitlines() if line.strip()],
        # "Dear Dr Patel," when the GP is named; the neutral greeting otherwise.
        "salutation": f"Dear {name}," if name else "Dear Doctor,",
    }


def _client(client: dict) -> dict:
    born = client.get("date_of_birth")
    return {
        "name": client.get("name", ""),
        "date_of_birth": date_iso(born),
        "date_of_birth_text": date_text(born),
        "age": client.get("age"),
    }


def _episode(episode: dict) -> dict:
    onset = episode.get("onset_date")
    return {
        "onset_date": date_iso(onset),
        "onset_text": date_text(onset),
        "complaint": (episode.get("complaint") or "").strip(),
        "status": (episode.get("status") or "").strip(),
    }


def _sessions(count: int, first: date | None, last: date | None) -> dict:
    plural = "session" if count == 1 else "sessions"
    if first and last and first != last:
        text = f"{count} treatment {plural}, from {date_text(first)} to {date_text(last)}."
    elif first:
        text = f"{count} treatment {plural}, on {date_text(first)}."
    else:
        text = f"{count} treatment {plural}."
    return {
        "count": count,
        "first_on": date_iso(first),
        "first_on_text": date_text(first),
        "last_on": date_iso(last),
        "last_on_text": date_text(last),
        "text": text,
    }


def _summary(client: dict, episode: dict, sessions: dict) -> str:
    """'Alex Morgan, aged 42, attended 6 treatment sessions from … to … for right-sided low back
    pain (onset 1 September 2026).' — only the parts that were recorded."""
    parts = [client["name"]]
    if client["age"] is not None:
        parts[0] += f", aged {client['age']},"
    count = sessions["count"]
    parts.append(f"attended {count} treatment {'session' if count == 1 else 'sessions'}")
    if sessions["first_on_text"] and sessions["last_on_text"] != sessions["first_on_text"]:
        parts.append(f"from {sessions['first_on_text']} to {sessions['last_on_text']}")
    elif sessions["first_on_text"]:
        parts.append(f"on {sessions['first_on_text']}")
    if episode["complaint"]:
        parts.append(f"for {episode['complaint']}")
    if episode["onset_text"]:
        parts.append(f"(onset {episode['onset_text']})")
    return " ".join(parts) + "."


def _measure_rows(measures: list[dict], progress: dict | None) -> list[dict]:
    items = list(measures)
    nprs = (progress or {}).get("nprs")
    # Pain is what the progress review judges; if the caller passed no NPRS row, the review's
    # own baseline and latest figures stand in rather than the letter going without it.
    if nprs and not any(item.get("measure") == "nprs" for item in items):
        latest = {"value": nprs["latest"], "label": f"session {nprs.get('session', '?')}"}
        # Appended, not prepended, so error fields still index the caller's own list.
        items.append({"measure": "nprs", "first": {"value": nprs["baseline"]}, "last": latest})
    rows = [measure_row_build(item, index) for index, item in enumerate(items)]
    order = list(MEASURES)
    return sorted(rows, key=lambda row: order.index(row["measure"]))


def _outcome(rows: list[dict], progress: dict | None) -> dict:
    sentences = [row["sentence"] for row in rows]
    nprs = (progress or {}).get("nprs") or {}
    if progress and progress.get("non_responder"):
        sentences.append(
            f"By session {nprs.get('session', '?')} pain had not improved by a clinically "
            "important amount (non-responder alert at review)."
        )
    if not sentences:
        sentences.append("No outcome measures were recorded for this episode.")
    return {"sentences": sentences, "text": " ".join(sentences)}


def _stage_name(stage_id: str, stage_labels: dict[str, str]) -> str:
    if stage_id in stage_labels:
        return stage_labels[stage_id]
    kb_stage = next((s for s in get_kb().stages if s.id == stage_id), None)
    return kb_stage.name if kb_stage else stage_id.replace("_", " ")


def _stages(progress: dict | None, stage_labels: dict[str, str]) -> dict:
    if progress is None:
        return {"recorded": False, "completed": [], "current": None}
    completed = [
        {
            "id": item["stage"],
            "name": _stage_name(item["stage"], stage_labels),
            "at_session": item.get("at_session"),
        }
        for item in progress.get("completed_stages", [])
    ]
    current = progress.get("current_stage")
    # Once the last stage is completed the review still names it as current; the letter
    # lists it once, as completed.
    if current is None or current in {item["id"] for item in completed}:
        return {"recorded": True, "completed": completed, "current": None}
    return {
        "recorded": True,
        "completed": completed,
        "current": {"id": current, "name": _stage_name(current, stage_labels)},
    }


def _discharge(discharge: dict | None) -> dict | None:
    if not discharge:
        return None
    on = discharge.get("on")
    return {
        "on": date_iso(on),
        "on_text": date_text(on),
        "reason": (discharge.get("reason") or "").strip(),
        "to": (discharge.get("to") or "").strip(),
    }


def _maintenance(
    progress: dict | None, plan_output: dict | None, programme: list[dict] | None
) -> dict:
    discharge = (progress or {}).get("discharge") or {}
    if programme is not None:
        stage = None
        cards = [
            card_from_prescription(item["exercise"], item.get("dose") or "", item.get("sides"))
            for item in programme
        ]
    else:
        stage = _last_stage_with_exercises(plan_output)
        cards = [] if stage is None else stage_cards_build(stage)
    exercises = [
        {
            "id": card["id"],
            "name": card["name"],
            "kind_label": card["kind_label"],
            "side": card["side"],
            # The client-facing "your therapist will set this" reads wrongly in a GP letter.
            "dose": DOSE_BY_THERAPIST if card["dose_from"] == "not_set" else card["dose"],
            "dose_from": card["dose_from"],
        }
        for card in cards
    ]
    return {
        "proposed": bool(discharge.get("proposed")),
        "text": discharge.get("text", ""),
        "trigger_point_checks": discharge.get("trigger_point_checks", ""),
        "stage_id": None if stage is None else stage["id"],
        "exercises": exercises,
    }


def _last_stage_with_exercises(plan_output: dict | None) -> dict | None:
    stages = (plan_output or {}).get("stages") or []
    return next((s for s in reversed(stages) if s.get("exercises")), None)
