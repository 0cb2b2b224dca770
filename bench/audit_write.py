"""Benchmark the audit write of a read page: one request's three reads gathered into one event,
inserted without the chain-head lock and chained by whoever holds it, with 1 and 16 threads
writing at once on a throwaway database; then the chain is verified.

    .venv/bin/python bench/audit_write.py [--requests 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/audit_write.py

Figures are printed; nothing here is a test (docs/audit.md).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.django_db import percentiles, throwaway_database  # noqa: E402


def one_request(actor) -> float:
    from django.db import connection

    from myomap.accounts.audit import audit_record, audit_request_scope

    started = time.perf_counter()
    with audit_request_scope(path="/episodes/bench/"):
        for kind in ("client", "episode", "plan"):
            audit_record(actor=actor, action="read", object_type=kind, object_id="bench")
    elapsed = (time.perf_counter() - started) * 1000
    connection.close_if_unusable_or_obsolete()
    return elapsed


def run(actor, threads: int, requests: int) -> tuple[list[float], float]:
    from django.db import connection

    samples: list[float] = []
    lock = threading.Lock()

    def worker(count: int) -> None:
        mine = [one_request(actor) for _ in range(count)]
        with lock:
            samples.extend(mine)
        connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(requests // threads,)) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return samples, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=320)
    args = parser.parse_args()
    with throwaway_database():
        from django.contrib.auth import get_user_model
        from django.db import connection

        from myomap.accounts.actor import actor_for_user
        from myomap.accounts.audit import audit_chain_verify
        from myomap.accounts.models import AuditEvent, Clinic, Membership, Role

        clinic = Clinic.objects.create(name="Bench clinic")
        user = get_user_model().objects.create_user(username="bench")
        Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN)
        actor = actor_for_user(user, remote_addr="127.0.0.1")
        print(f"{connection.vendor}: audit write of one read request (3 objects, 1 event)")
        print("threads  requests/s  p50 ms  p95 ms")
        for threads in (1, 16):
            samples, seconds = run(actor, threads, args.requests)
            p50, p95 = percentiles(samples)
            print(f"{threads:>7}  {len(samples) / seconds:>10.0f}  {p50:>6.1f}  {p95:>6.1f}")
        result = audit_chain_verify()
        print(result.describe(), f"({AuditEvent.objects.count()} rows)")


if __name__ == "__main__":
    main()
