"""Outcome measures per episode for a clinic, as CSV for service evaluation: for every episode
and every instrument scored at two assessments or more, the first (baseline) and the latest
score, the improvement and whether it reached the clinically important change (the engine's
`change_run`, with its thresholds and sources).

De-identified (`deidentified=True`): no names, no dates of birth, no record ids — each client
gets a pseudonym for this export only, age at onset in whole years (90 and over as "90+"), and
every date of a client moved by one random whole number of days (1 to 365, either direction,
the same for all of that client's dates, so intervals between visits are kept). Audited as an
EXPORT with the row count. See docs/api.md."""

from __future__ import annotations

import csv
import io
import secrets
from datetime import date, timedelta

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_record
from myomap.accounts.models import AuditAction
from myomap.clinical.engine import change_run
from myomap.clinical.measures import INSTRUMENTS, change_measures
from myomap.records.models import Assessment, Episode

IDENTIFIED = ["client_id", "given_name", "family_name", "date_of_birth"]
COMMON = [
    "episode", "sex", "age_at_onset", "onset_date", "status", "instrument", "assessments",
    "baseline_on", "baseline", "latest_on", "latest", "improvement", "improvement_percent",
    "important_absolute", "important_relative", "kb_version",
]  # fmt: skip


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _rows(episode: Episode, assessments: list[Assessment]) -> list[dict]:
    rows = []
    for instrument in INSTRUMENTS:
        scored = [
            (a.assessed_on, a.scores[instrument]["score"])
            for a in assessments
            if (a.scores or {}).get(instrument, {}).get("scored")
        ]
        if not scored:
            continue
        (first_on, first), (last_on, last) = scored[0], scored[-1]
        row = {"instrument": instrument, "assessments": len(scored), "baseline_on": first_on,
               "baseline": first, "latest_on": last_on, "latest": last}  # fmt: skip
        measure = change_measures().get(instrument)
        if len(scored) > 1 and measure and not isinstance(first, dict):
            change = change_run(measure, first, last)
            row.update({key: change.get(key) for key in (
                "improvement", "improvement_percent", "important_absolute",
                "important_relative", "kb_version")})  # fmt: skip
        rows.append(row)
    return rows


def outcomes_csv_for_user(*, actor: Actor, deidentified: bool = False) -> str:
    actor.require_clinical()
    episodes = Episode.objects.filter(clinic=actor.clinic).select_related("client")
    by_episode: dict = {}
    for a in Assessment.objects.filter(clinic=actor.clinic).order_by("number"):
        by_episode.setdefault(a.episode_id, []).append(a)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=(COMMON if deidentified else IDENTIFIED + COMMON))
    writer.writeheader()
    pseudonyms: dict = {}
    shifts: dict = {}
    episode_numbers: dict = {}
    count = 0
    ordered = sorted(episodes, key=lambda e: (e.client.family_name, e.client_id, e.onset_date))
    for episode in ordered:
        client = episode.client
        if deidentified:
            pseudonyms.setdefault(client.pk, f"C{len(pseudonyms) + 1:04d}")
            magnitude = secrets.randbelow(365) + 1
            shifts.setdefault(client.pk, timedelta(days=magnitude * secrets.choice((-1, 1))))
        shift = shifts.get(client.pk, timedelta(0))
        episode_numbers[client.pk] = episode_numbers.get(client.pk, 0) + 1
        age = _age(client.date_of_birth, episode.onset_date)
        base = {
            "episode": f"{pseudonyms[client.pk]}-E{episode_numbers[client.pk]}"
            if deidentified
            else str(episode.pk),
            "sex": client.sex,
            "age_at_onset": "90+" if deidentified and age >= 90 else age,
            "onset_date": episode.onset_date + shift,
            "status": episode.status,
        }
        if not deidentified:
            base.update({"client_id": str(client.pk), "given_name": client.given_name,
                         "family_name": client.family_name,
                         "date_of_birth": client.date_of_birth})  # fmt: skip
        for row in _rows(episode, by_episode.get(episode.pk, [])):
            row["baseline_on"] += shift
            row["latest_on"] += shift
            writer.writerow({**base, **row})
            count += 1
    audit_record(
        actor=actor, action=AuditAction.EXPORT, object_type="outcomes_csv",
        detail={"deidentified": deidentified, "rows": count},
    )  # fmt: skip
    return out.getvalue()
