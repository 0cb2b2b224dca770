"""A large generated clinic, to measure pages at the size of a clinic group.

    .venv/bin/python -m bench.scale_data --clients 10000 --sessions 200000

Writes into the database the installation uses: the SQLite file under MYOMAP_VAR_DIR (default
`var/`), or the PostgreSQL database named by DATABASE_URL; migrations are applied first. It
adds one clinic ("Scale clinic") with an owner, a clinician and a front-desk user, and prints
how long each part took.

How the data stays valid: one template episode is assessed, planned and treated through the
real services (so its assessment results, plan output and notes are exactly what the pages
would have stored); every other episode is a copy of that template with its own client, dates,
pain scores and session count, written with `bulk_create` in batches. Signed notes respect the
database triggers that lock them: a batch's notes and technique rows are inserted unsigned,
then signed in one UPDATE (the triggers refuse changes only once a note is signed). Generated
rows write no audit events: nobody read or wrote them. About 5 % of episodes stay active (as
in a clinic with years of history); one active episode in ten ends with a draft note.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLINIC_NAME = "Scale clinic"
USERS = [
    ("scale-owner", "Olu", "Adeyemi", "owner"),
    ("scale-clinician", "Kim", "Lindqvist", "clinician"),
    ("scale-frontdesk", "Ravi", "Menon", "front_desk"),
]
MAX_SESSIONS = 60  # the longest episode generated: the progress engine's budget size
BATCH_EPISODES = 400
GIVEN = (
    "Maria James Helen Tomasz Aisha Grace Daniel Ruth Omar Chloe Lena Marco Priya Sean Yusuf "
    "Ingrid Pablo Mei Femi Anja Noah Zara Ivan Leila Hugo Nina Tariq Eva Kofi Sofia Liam Amara "
    "Jonas Hana Diego Elif Rory Maya Sami Alice"
).split()
FAMILY = (
    "Okafor Whitfield Brandt Nowak Rahman Liu Mensah Castellano Smith Jones Patel Kowalski "
    "Murphy Haddad Silva Novak Fischer Rossi Kim Osei Dubois Larsen Moreau Petrov Hughes Ali "
    "Nakamura Schmidt Costa Walsh Eriksen Garcia Singh Brown Tanaka Horvat Byrne Khan Weber "
    "Lopez Quinn Adeyemi Berg Ivanova Sato Obi Mendes Clarke Varga Yilmaz"
).split()


@dataclass
class Template:
    clinic: object
    clinician: object
    assessment: object
    findings: list
    pain_entries: list
    plan: object
    session: object
    techniques: list


def _django_setup() -> None:
    """As `myomap init` does: the installation's secret key file (once), then Django."""
    from myomap.cli.server import secret_key_ensure

    secret_key_ensure()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
    import django

    django.setup()


def _users_create():
    from django.contrib.auth import get_user_model

    from myomap.accounts.models import Clinic, Membership

    model = get_user_model()
    clinic = Clinic.objects.create(name=CLINIC_NAME)
    users = {}
    for username, first, last, role in USERS:
        user = model.objects.create_user(
            username=username,
            first_name=first,
            last_name=last,
            password=secrets.token_urlsafe(16),  # never printed: bench.pages sets its own
        )
        Membership.objects.create(user=user, clinic=clinic, role=role)
        users[role] = user
    return clinic, users


def _template_create(clinic, clinician) -> Template:
    """One episode through the services: assessment, palpation, pain map, plan, a signed note."""
    from bench.progress_page import _note
    from myomap.accounts.actor import actor_for_user
    from myomap.demo import DEMO_FINDING, DEMO_PAIN_MAP, DEMO_POSTURE, DEMO_SEVERITY
    from myomap.records.assessments.findings import muscle_finding_add
    from myomap.records.assessments.measures import assessment_measure_save
    from myomap.records.assessments.services import (
        assessment_create,
        assessment_posture_save,
        assessment_red_flags_save,
        assessment_severity_save,
    )
    from myomap.records.models import Client, Episode
    from myomap.records.painmap import assessment_pain_map_save
    from myomap.records.plans.services import plan_generate
    from myomap.records.sessions.services import session_create, session_sign

    actor = actor_for_user(clinician, remote_addr="127.0.0.1")
    client = Client.objects.create(
        clinic=clinic, given_name="Template", family_name="Aaronson",
        date_of_birth=date(1980, 1, 1), sex="female", occupation="desk",
    )  # fmt: skip
    episode = Episode.objects.create(
        clinic=clinic, client=client, created_by=clinician,
        onset_date=date.today() - timedelta(days=2000), complaint="Right-sided low back ache",
    )  # fmt: skip
    assessment = assessment_create(
        actor=actor, episode_id=episode.pk, assessed_on=date.today() - timedelta(days=1990)
    )
    saved = {"actor": actor, "assessment_id": assessment.pk}
    assessment_red_flags_save(**saved, data={"findings": []})
    assessment_measure_save(**saved, instrument="nprs", answers=6)
    assessment_measure_save(**saved, instrument="odi", answers=[2, 1, 3, 1, 3, 2, 1, None, 2, 2])
    assessment_severity_save(**saved, data=DEMO_SEVERITY)
    assessment_posture_save(**saved, data=DEMO_POSTURE)
    muscle_finding_add(**saved, data=DEMO_FINDING)
    assessment_pain_map_save(**saved, entries=DEMO_PAIN_MAP)
    plan = plan_generate(**saved)
    session = session_create(actor=actor, episode_id=episode.pk, note=_note(1))
    session_sign(actor=actor, session_id=session.pk)
    Episode.objects.filter(pk=episode.pk).update(status="discharged")
    assessment.refresh_from_db()
    return Template(
        clinic=clinic,
        clinician=clinician,
        assessment=assessment,
        findings=list(assessment.muscle_findings.all()),
        pain_entries=list(assessment.pain_entries.all()),
        plan=plan,
        session=session,
        techniques=list(session.techniques.all()),
    )


def _copy(instance, **changes):
    """A new unsaved row with the instance's column values (a fresh id), changed as given."""
    model = type(instance)
    values = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key
    }
    values.update(changes)
    return model(**values)


def _session_counts(episodes: int, sessions: int, rng: random.Random) -> list[int]:
    """Sessions per episode summing to `sessions`, spread from 1 to MAX_SESSIONS around the
    mean; the first episodes get MAX_SESSIONS when the total allows (the longest case)."""
    mean = sessions / episodes
    peak = min(MAX_SESSIONS, 3 * mean)
    counts = [
        max(1, min(MAX_SESSIONS, round(rng.triangular(1, peak, mean)))) for _ in range(episodes)
    ]
    long_ones = min(20, episodes // 50) if mean * 3 >= MAX_SESSIONS else 0
    counts[:long_ones] = [MAX_SESSIONS] * long_ones
    diff, i = sessions - sum(counts), long_ones
    while diff and (diff < 0 or episodes * MAX_SESSIONS > sum(counts)):
        j = long_ones + (i % max(1, episodes - long_ones))
        step = 1 if diff > 0 else -1
        if 1 <= counts[j] + step <= MAX_SESSIONS:
            counts[j] += step
            diff -= step
        i += 1
        if i > 100 * episodes:  # cannot reach the total within the bounds
            break
    return counts


def _client(t: Template, rng: random.Random, n: int, given: str, family: str):
    from myomap.records.models import Client

    return Client(
        clinic_id=t.clinic.pk,
        given_name=given,
        family_name=family,
        date_of_birth=date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 65)),
        sex=rng.choice(["female", "male"]),
        occupation=rng.choice(["desk", "manual", "athlete", "other"]),
        phone=f"07700 {n % 1000000:06d}",
        email=f"{given.lower()}.{family.lower()}.{n}@example.org",
    )


def _batch_write(t: Template, rng: random.Random, start: int, counts: list[int], active_every: int):
    """Clients, episodes, assessments with findings and pain maps, plans, and signed notes with
    their technique rows, for one batch of episodes — one transaction."""
    from django.db import transaction
    from django.utils import timezone

    from myomap.records.models import (
        Assessment,
        Client,
        Episode,
        MuscleFinding,
        PainMapEntry,
        Plan,
        TechniqueApplied,
        TreatmentSession,
    )

    today = date.today()
    clients, episodes, assessments, findings, pains, plans = [], [], [], [], [], []
    sessions, techniques, drafts = [], [], []
    for offset, count in enumerate(counts):
        n = start + offset
        if offset % 6 != 5:  # else one client in five comes back with a second episode
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            clients.append(_client(t, rng, n, given, family))
        client = clients[-1]
        active = n % active_every == 0 and offset % 6 != 4  # a first of two is over
        span = count * 7 + 14
        onset = today - timedelta(days=span + (0 if active else rng.randrange(60, 1800)))
        episode = Episode(
            clinic_id=t.clinic.pk,
            client=client,
            onset_date=onset,
            complaint="Low back ache, worse after long days sitting.",
            status="active" if active else rng.choice(["discharged", "maintenance"]),
            created_by_id=t.clinician.pk,
        )
        episodes.append(episode)
        assessment = _copy(t.assessment, episode_id=None, assessed_on=onset + timedelta(days=7))
        assessment.episode = episode
        assessments.append(assessment)
        for row in t.findings:
            copy = _copy(row, assessment_id=None)
            copy.assessment = assessment
            findings.append(copy)
        for row in t.pain_entries:
            copy = _copy(row, assessment_id=None)
            copy.assessment = assessment
            pains.append(copy)
        plan = _copy(t.plan, episode_id=None, assessment_id=None)
        plan.episode, plan.assessment = episode, assessment
        plans.append(plan)
        baseline = rng.randint(4, 8)
        for number in range(1, count + 1):
            before = max(0, min(10, baseline - number // 4 + rng.randint(-1, 1)))
            session = _copy(
                t.session,
                episode_id=None,
                plan_id=None,
                number=number,
                seen_on=assessment.assessed_on + timedelta(days=7 * number),
                nprs_before=before,
                nprs_after=max(0, before - rng.randint(0, 2)),
                subjective=f"Visit {number}: the ache eases for a day or two after treatment.",
                signed_at=None,
                signed_by_id=None,
            )
            session.episode, session.plan = episode, plan
            sessions.append(session)
            if active and n % (active_every * 10) == 0 and number == count:
                drafts.append(session)
            for row in t.techniques:
                copy = _copy(row, session_id=None)
                copy.session = session
                techniques.append(copy)
    with transaction.atomic():
        for model, rows in (
            (Client, clients),
            (Episode, episodes),
            (Assessment, assessments),
            (MuscleFinding, findings),
            (PainMapEntry, pains),
            (Plan, plans),
            (TreatmentSession, sessions),
            (TechniqueApplied, techniques),
        ):
            for row in rows:  # the objects were linked before their parents had saved ids
                for field in model._meta.concrete_fields:
                    if field.is_relation and field.name in row._state.fields_cache:
                        setattr(row, field.attname, getattr(row, field.name).pk)
            model.objects.bulk_create(rows, batch_size=1000)
        draft_ids = {s.pk for s in drafts}
        to_sign = [s.pk for s in sessions if s.pk not in draft_ids]
        for i in range(0, len(to_sign), 900):  # SQLite's bound-parameter limit
            TreatmentSession.objects.filter(pk__in=to_sign[i : i + 900]).update(
                signed_at=timezone.now(), signed_by_id=t.clinician.pk
            )
    return len(sessions)


def generate(clients: int, sessions: int, *, seed: int = 17, quiet: bool = False) -> dict:
    """Build the clinic; returns {clinic, clinician, seconds, ...}. Importable by tests."""
    from myomap.accounts.models import Clinic
    from myomap.records.models import Client

    say = (lambda *a: None) if quiet else print
    if Clinic.objects.filter(name=CLINIC_NAME).exists():
        raise SystemExit(f"This database already holds a {CLINIC_NAME!r}; use an empty one.")
    rng = random.Random(seed)
    started = time.perf_counter()
    clinic, users = _users_create()
    template = _template_create(clinic, users["clinician"])
    # The template is one client and episode; one client in five has a second episode.
    episodes = max(1, round((clients - 1) * 6 / 5))
    counts = _session_counts(episodes, max(episodes, sessions - 1), rng)
    written = 0
    active_every = 20
    for start in range(0, episodes, BATCH_EPISODES):
        chunk = counts[start : start + BATCH_EPISODES]
        written += _batch_write(template, rng, start, chunk, active_every)
        if not quiet and (start // BATCH_EPISODES) % 5 == 0:
            elapsed = time.perf_counter() - started
            say(f"  {start + len(chunk):>7} episodes, {written:>8} sessions, {elapsed:6.1f} s")
    from myomap.web.http.db_statistics import statistics_refresh

    statistics_refresh(full=True)  # as `myomap init` does
    seconds = time.perf_counter() - started
    return {
        "clinic": clinic,
        "clinician": users["clinician"],
        "owner": users["owner"],
        "clients": Client.objects.filter(clinic=clinic).count(),
        "episodes": episodes + 1,
        "sessions": written + 1,
        "seconds": seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    if args.clients < 2 or args.sessions < args.clients:
        parser.error("--clients must be at least 2 and --sessions at least --clients")
    _django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    print(f"Generating {args.clients} clients / {args.sessions} sessions ({connection.vendor}):")
    made = generate(args.clients, args.sessions, seed=args.seed)
    if connection.vendor == "postgresql":
        # A clinic's database is vacuumed by autovacuum as it fills, over months; one written in
        # two minutes has not been yet, and its visibility map would send every index-only scan
        # to the table rows, as no running clinic's does. (Not in `generate`: the tests call
        # it inside a transaction, where VACUUM cannot run.)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
    print(
        f"{made['clients']} clients, {made['episodes']} episodes, {made['sessions']} sessions in "
        f"{made['seconds']:.1f} s ({connection.vendor}); clinician login: "
        f"{made['clinician'].username} (bench.pages sets its password)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
