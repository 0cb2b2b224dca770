"""A client's data on request: the whole record as one zip (`client_export_for_user`), and
erasure (`client_erase`) once the clinic's retention period has ended — before then the request
is recorded and refused with the date it becomes possible. Owners and clinicians only; the
front desk can do neither. Rules and reasons: docs/backup.md ("A client's data on request")."""

from __future__ import annotations

import csv
import datetime
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction, Clinic
from myomap.errors import ApplicationError, ValidationFailed
from myomap.records.models import (
    Addendum,
    Assessment,
    Client,
    DiaryAlert,
    DiaryEntry,
    DiarySettings,
    Episode,
    ErasureOutcome,
    ErasureRequest,
    ExerciseStop,
    MuscleFinding,
    PainMapEntry,
    Plan,
    ProgressDecision,
    RedFlagAction,
    SessionSafetyCheck,
    TechniqueApplied,
    TreatmentSession,
)
from myomap.records.selectors import client_get_for_user

EXPORT_FORMAT = "myomap-client-record/1"
RETENTION_YEARS_RANGE = (1, 100)


# ---------------------------------------------------------------- the record as data


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    return value


def _row(obj: models.Model, names: dict[int, str]) -> dict[str, Any]:
    """Every stored field of one row; people as their names, the clinic left out (it is the
    exporting clinic), other links as ids."""
    user_model = get_user_model()
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.is_relation:
            target = getattr(obj, field.attname)
            if field.related_model is Clinic:
                continue
            if field.related_model is user_model:
                row[field.name] = names.get(target) if target is not None else None
                continue
            row[field.name] = _value(target)
            continue
        row[field.name] = _value(getattr(obj, field.attname))
    return row


def _people(clinic: Clinic) -> dict[int, str]:
    users = get_user_model().objects.filter(membership__clinic=clinic)
    return {user.pk: user.get_full_name() or user.get_username() for user in users}


def _record(client: Client, clinic: Clinic) -> dict[str, Any]:
    names = _people(clinic)
    episodes = []
    for episode in Episode.objects.filter(clinic=clinic, client=client).order_by("onset_date"):
        assessments = []
        for assessment in Assessment.objects.filter(episode=episode).order_by("number"):
            assessments.append(
                {
                    **_row(assessment, names),
                    "muscle_findings": [
                        _row(f, names) for f in MuscleFinding.objects.filter(assessment=assessment)
                    ],
                    "pain_map": [
                        _row(e, names) for e in PainMapEntry.objects.filter(assessment=assessment)
                    ],
                    "red_flag_actions": [
                        _row(a, names) for a in RedFlagAction.objects.filter(assessment=assessment)
                    ],
                }
            )
        sessions = []
        for session in TreatmentSession.objects.filter(episode=episode).order_by("number"):
            sessions.append(
                {
                    **_row(session, names),
                    "techniques": [
                        _row(t, names) for t in TechniqueApplied.objects.filter(session=session)
                    ],
                    "addenda": [_row(a, names) for a in Addendum.objects.filter(session=session)],
                    "safety_check": [
                        _row(c, names) for c in SessionSafetyCheck.objects.filter(session=session)
                    ],
                }
            )
        episodes.append(
            {
                **_row(episode, names),
                "assessments": assessments,
                "plans": [_row(p, names) for p in Plan.objects.filter(episode=episode)],
                "sessions": sessions,
                "progress_decisions": [
                    _row(d, names) for d in ProgressDecision.objects.filter(episode=episode)
                ],
                "diary_entries": [
                    _row(d, names) for d in DiaryEntry.objects.filter(episode=episode)
                ],
                "diary_alerts": [
                    _row(a, names) for a in DiaryAlert.objects.filter(episode=episode)
                ],
                "diary_settings": [
                    _row(d, names) for d in DiarySettings.objects.filter(episode=episode)
                ],
                "exercise_stops": [
                    _row(s, names) for s in ExerciseStop.objects.filter(episode=episode)
                ],
            }
        )
    session_ids = [str(s["id"]) for e in episodes for s in e["sessions"]]
    addendum_ids = [str(a["id"]) for e in episodes for s in e["sessions"] for a in s["addenda"]]
    imported = _imported_provenance(session_ids + addendum_ids)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "clinic": clinic.name,
        "client": _row(client, names),
        "episodes": episodes,
        **_portal_record(client, names),
        "imported_provenance": (
            [_row(p, names) for p in imported.order_by("imported_at")]
            if imported is not None
            else []
        ),
        "erasure_requests": [
            _row(r, names) for r in ErasureRequest.objects.filter(clinic=clinic, client=client)
        ],
    }


# A link's token hash is a credential, not the client's data: it never leaves the database.
_PORTAL_SECRETS = {"token_hash"}


def _portal_record(client: Client, names: dict[int, str]) -> dict[str, list[dict[str, Any]]]:
    """The client's portal links (when issued, to where, opened, revoked) and everything they
    answered before a visit. The portal app builds on the records, so it is reached by name."""
    found: dict[str, list[dict[str, Any]]] = {}
    for key, label, order in (
        ("portal_links", "PortalLink", "created_at"),
        ("previsit_answers", "PreVisitAnswers", "updated_at"),
    ):
        try:
            model = django_apps.get_model("portal", label)
        except LookupError:
            continue
        rows = model.objects.filter(client=client).order_by(order)
        found[key] = [
            {k: v for k, v in _row(row, names).items() if k not in _PORTAL_SECRETS} for row in rows
        ]
    return found


def _measures_csv(record: dict[str, Any]) -> str:
    """One line per measurement: questionnaire scores at each assessment, pain at each visit."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["episode_onset", "date", "recorded_at", "measure", "score", "band", "note"])
    for episode in record["episodes"]:
        onset = episode["onset_date"]
        for assessment in episode["assessments"]:
            where = f"assessment {assessment['number']} ({assessment['kind']})"
            for measure, score in sorted((assessment["scores"] or {}).items()):
                if not isinstance(score, dict) or not score.get("scored"):
                    continue
                band = score.get("band") or score.get("risk") or ""
                writer.writerow(
                    [onset, assessment["assessed_on"], where, measure, score.get("score"), band, ""]
                )
        for session in episode["sessions"]:
            where = f"session {session['number']}"
            state = "signed" if session["signed_at"] else "draft"
            for measure in ("nprs_before", "nprs_after", "discomfort"):
                if session[measure] is not None:
                    writer.writerow(
                        [onset, session["seen_on"], where, measure, session[measure], "", state]
                    )
    return out.getvalue()


# The edge that asks for an export supplies the letters: 'letters/<file name>' → PDF bytes
# for the given episodes (the handouts package's `handout_pdfs_for_user`). Records hold the data;
# drawing documents is presentation.
LetterPdfs = Callable[..., dict[str, bytes]]


@dataclass(frozen=True)
class ClientExport:
    filename: str
    content: bytes


def client_export_for_user(
    *, actor: Actor, client_id: uuid.UUID | str, letters: LetterPdfs
) -> ClientExport:
    """The client's whole record as a zip: record.json, the FHIR bundle, measures.csv and the
    PDFs (`letters(actor=…, episode_ids=…)`)."""
    actor.require_clinical()
    client = client_get_for_user(actor=actor, client_id=client_id, audit=False)
    record = _record(client, actor.clinic)
    from myomap.exchange.fhir_export import client_bundle_for_user

    fhir = client_bundle_for_user(actor=actor, client_id=client.pk)
    pdfs = letters(actor=actor, episode_ids=[episode["id"] for episode in record["episodes"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("record.json", json.dumps(record, indent=2, ensure_ascii=False))
        archive.writestr("record.fhir.json", json.dumps(fhir, indent=2, ensure_ascii=False))
        archive.writestr("measures.csv", _measures_csv(record))
        for name, pdf in sorted(pdfs.items()):
            archive.writestr(name, pdf)
        archive.writestr("README.txt", _EXPORT_README)
    audit_object(
        actor,
        AuditAction.EXPORT,
        "client_record",
        client,
        {"episodes": len(record["episodes"]), "pdfs": len(pdfs)},
    )
    today = timezone.localdate().isoformat()
    family = slugify(client.family_name) or "client"
    return ClientExport(filename=f"record-{family}-{today}.zip", content=buffer.getvalue())


_EXPORT_README = """\
This archive holds one client's whole record as kept by Myomap.

record.json   every stored field: details, episodes of care, assessments (questionnaires,
              findings, pain drawing, red-flag actions), plans, session notes with the
              techniques applied and addenda, progress decisions, home exercises stopped
              (with the reason), the diary kept between visits (entries, alerts, reminder
              settings), portal links and the answers sent before a visit, who first wrote
              an imported note, erasure requests
record.fhir.json  the same record as a FHIR R4 Bundle, for another clinical system
measures.csv  the outcome measures: questionnaire scores at each assessment, pain (NPRS)
              before and after each session
letters/      the home programme and the letter to the GP of each episode that has them (PDF)
"""


# ---------------------------------------------------------------- retention and erasure


def clinic_retention_set(*, actor: Actor, years: str | int | None) -> Clinic:
    """The owner sets how many years clinical records are kept after the last care."""
    actor.require_owner()
    low, high = RETENTION_YEARS_RANGE
    try:
        value = int(str(years).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        raise ValidationFailed(
            {"record_retention_years": [f"Enter a whole number of years from {low} to {high}."]}
        )
    with transaction.atomic():
        clinic = Clinic.objects.select_for_update().get(pk=actor.clinic.pk)
        previous = clinic.record_retention_years
        clinic.record_retention_years = value
        clinic.save(update_fields=["record_retention_years"])
        audit_object(
            actor,
            AuditAction.UPDATE,
            "clinic",
            clinic,
            {"record_retention_years": [previous, value]},
        )
    actor.clinic.record_retention_years = value
    return clinic


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def client_last_care_on(client: Client) -> datetime.date:
    """The last day anything was recorded for the client: registration, an episode, an
    assessment, a session or an addendum — the retention period counts from here."""
    days = [timezone.localdate(client.updated_at)]
    episodes = Episode.objects.filter(client=client)
    for moment in episodes.values_list("updated_at", flat=True):
        days.append(timezone.localdate(moment))
    days += Assessment.objects.filter(episode__client=client).values_list("assessed_on", flat=True)
    days += TreatmentSession.objects.filter(episode__client=client).values_list(
        "seen_on", flat=True
    )
    days += [
        timezone.localdate(moment)
        for moment in Addendum.objects.filter(session__episode__client=client).values_list(
            "created_at", flat=True
        )
    ]
    return max(days)


@dataclass(frozen=True)
class Erasure:
    erased: bool
    possible_from: datetime.date | None
    retention_years: int | None
    request: ErasureRequest
    message: str


def client_erasure_status(*, actor: Actor, client: Client) -> dict[str, Any]:
    """For the client page: the retention in force, the date erasure becomes possible, and
    earlier requests."""
    actor.require_clinical()
    years = actor.clinic.record_retention_years
    last = client_last_care_on(client)
    return {
        "retention_years": years,
        "last_care_on": last,
        "possible_from": _add_years(last, years) if years else None,
        "requests": list(
            ErasureRequest.objects.filter(clinic=actor.clinic, client=client).order_by(
                "-requested_at"
            )
        ),
    }


def _imported_provenance(object_ids: list[str]):
    """Who first wrote the client's imported notes (kept by the API app, linked by id)."""
    try:
        model = django_apps.get_model("api", "ImportedProvenance")
    except LookupError:
        return None
    return model.objects.filter(object_id__in=object_ids)


def _portal_rows(client: Client) -> dict[str, int]:
    """The client's portal links (their browser sessions and form tokens go with them) and the
    answers sent through them. The portal app builds on the records, so it is reached by name."""
    counts = {}
    for key, label in (("previsit_answers", "PreVisitAnswers"), ("portal_links", "PortalLink")):
        try:
            model = django_apps.get_model("portal", label)
        except LookupError:
            continue
        counts[key] = model.objects.filter(client=client).delete()[0]
    return counts


def _delete_record(client: Client) -> dict[str, int]:
    """Delete everything recorded for the client, children first (the links are PROTECT so
    that nothing clinical is ever deleted by accident)."""
    sessions = TreatmentSession.objects.filter(episode__client=client)
    assessments = Assessment.objects.filter(episode__client=client)
    imported = _imported_provenance(
        [str(pk) for pk in sessions.values_list("pk", flat=True)]
        + [
            str(pk)
            for pk in Addendum.objects.filter(session__in=sessions).values_list("pk", flat=True)
        ]
    )
    counts = {
        **_portal_rows(client),
        "imported_provenance": imported.delete()[0] if imported is not None else 0,
        "safety_checks": SessionSafetyCheck.objects.filter(session__in=sessions).delete()[0],
        "addenda": Addendum.objects.filter(session__in=sessions).delete()[0],
        "techniques": TechniqueApplied.objects.filter(session__in=sessions).delete()[0],
        "sessions": sessions.delete()[0],
        "progress_decisions": ProgressDecision.objects.filter(episode__client=client).delete()[0],
        "plans": Plan.objects.filter(episode__client=client).delete()[0],
        "findings": MuscleFinding.objects.filter(assessment__in=assessments).delete()[0],
        "pain_map": PainMapEntry.objects.filter(assessment__in=assessments).delete()[0],
        "red_flag_actions": RedFlagAction.objects.filter(assessment__in=assessments).delete()[0],
        "assessments": assessments.delete()[0],
        # The client's own diary between visits (alerts point at entries: they go first).
        "diary_alerts": DiaryAlert.objects.filter(episode__client=client).delete()[0],
        "diary_entries": DiaryEntry.objects.filter(episode__client=client).delete()[0],
        "diary_settings": DiarySettings.objects.filter(episode__client=client).delete()[0],
        "exercise_stops": ExerciseStop.objects.filter(episode__client=client).delete()[0],
        "episodes": Episode.objects.filter(client=client).delete()[0],
    }
    ErasureRequest.objects.filter(client=client).update(client=None)
    counts["clients"] = Client.objects.filter(pk=client.pk).delete()[0]
    return counts


def client_erase(
    *,
    actor: Actor,
    client_id: uuid.UUID | str,
    confirm: str,
    today: datetime.date | None = None,
) -> Erasure:
    """Carry out a client's erasure request if the retention period has ended; otherwise record
    the request as refused, with the date it becomes possible. `confirm` must repeat the
    client's family name, so a slip of the mouse erases nothing."""
    actor.require_clinical()
    client = client_get_for_user(actor=actor, client_id=client_id, audit=False)
    if confirm.strip().casefold() != client.family_name.strip().casefold():
        raise ValidationFailed(
            {"confirm": ["Type the client's family name exactly to confirm the request."]}
        )
    years = actor.clinic.record_retention_years
    if not years:
        raise ApplicationError(
            "The clinic's retention period for clinical records is not set: the owner sets it "
            "first (it depends on the law where the clinic works).",
            field="record_retention_years",
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        last = client_last_care_on(client)
        possible_from = _add_years(last, years)
        request = ErasureRequest(
            clinic=actor.clinic,
            client=client,
            requested_by=actor.user,
            retention_years=years,
            last_care_on=last,
            possible_from=possible_from,
        )
        if today < possible_from:
            request.outcome = ErasureOutcome.REFUSED_RETENTION
            request.save()
            audit_object(
                actor,
                AuditAction.CREATE,
                "erasure_request",
                request,
                {"outcome": request.outcome, "possible_from": possible_from.isoformat()},
            )
            return Erasure(
                erased=False,
                possible_from=possible_from,
                retention_years=years,
                request=request,
                message=(
                    f"Erasure refused for now: the clinic keeps clinical records for {years} "
                    f"years after the last care ({last:%d %B %Y}). The request is recorded; "
                    f"erasure becomes possible on {possible_from:%d %B %Y}."
                ),
            )
        request.outcome = ErasureOutcome.ERASED
        request.save()
        counts = _delete_record(client)
        request.refresh_from_db()
        # No name, no date of birth, no client id: only what was deleted, and when it could be.
        audit_object(
            actor,
            AuditAction.DELETE,
            "erasure_request",
            request,
            {"outcome": request.outcome, "deleted": counts},
        )
    return Erasure(
        erased=True,
        possible_from=possible_from,
        retention_years=years,
        request=request,
        message="The client's records were erased. The request is kept without personal data.",
    )
