"""Benchmark of scoring: estimates per second, and the dashboard with a long history.

Run from the project root (a throw-away test database is created and dropped):

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/bench_scoring.py
    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=config.settings.test \
        .venv/bin/python bench/bench_scoring.py

Measures
1. the pure engine: estimates per second for 10,000 synthetic users;
2. estimates_recompute end to end (signals from the database, engine, upsert) for the
   same 10,000 users, in chunks of 1,000 as the nightly job will run it;
3. the dashboard of a trainee with two years of daily snapshots and estimates: median
   server time over repeated requests and the number of queries.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from scoring import vocabulary  # noqa: E402

USERS = 10_000
CHUNK = 1_000
TODAY = date(2026, 3, 16)
DASHBOARD_DAYS = 730
DASHBOARD_RUNS = 30


def bench_engine(rng: random.Random) -> float:
    from scoring import engine

    signals = [
        engine.Signals(
            **{
                key: rng.uniform(0, engine.DEFAULT_TARGETS[key] * 1.5)
                for key in vocabulary.FACTOR_KEYS
            }
        )
        for _ in range(USERS)
    ]
    start = time.perf_counter()
    for s in signals:
        engine.estimate(s)
    return USERS / (time.perf_counter() - start)


def seed_users(rng: random.Random) -> list[int]:
    from accounts.models import User
    from scoring.models import Activity, ActivityKind, NetworkState, ProfileState

    users = User.objects.bulk_create(
        [User(email=f"bench{i}@example.com", password="!") for i in range(USERS)],
        batch_size=2000,
    )
    kinds = [
        ActivityKind.POST,
        ActivityKind.COMMENT,
        ActivityKind.REACTION,
        ActivityKind.SEARCH,
        ActivityKind.CONNECTION,
        ActivityKind.MESSAGE_SENT,
        ActivityKind.INVITATION_SENT,
    ]
    activities = [
        Activity(
            user=user,
            kind=rng.choice(kinds),
            occurred_on=TODAY - timedelta(days=rng.randrange(0, 90)),
            count=rng.randint(1, 5),
            words=rng.randint(3, 40),
        )
        for user in users
        for _ in range(10)
    ]
    Activity.objects.bulk_create(activities, batch_size=5000)
    ProfileState.objects.bulk_create(
        [ProfileState(user=u, has_photo=True, skills_count=rng.randint(0, 20)) for u in users],
        batch_size=2000,
    )
    NetworkState.objects.bulk_create(
        [NetworkState(user=u, connections=rng.randint(50, 1500)) for u in users], batch_size=2000
    )
    return [u.pk for u in users]


def bench_recompute(ids: list[int]) -> tuple[float, int]:
    from scoring import services
    from scoring.selectors import current_scoring_model

    model = current_scoring_model()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        for i in range(0, len(ids), CHUNK):
            services.estimates_recompute(users=ids[i : i + CHUNK], today=TODAY, model=model)
        elapsed = time.perf_counter() - start
    return len(ids) / elapsed, len(queries) // (len(ids) // CHUNK)


def bench_dashboard(rng: random.Random) -> tuple[float, int]:
    from accounts.models import User
    from scoring.models import Estimate, SsiSnapshot
    from scoring.selectors import current_scoring_model

    trainee = User.objects.create_user(email="long.history@example.com", password="x")
    model = current_scoring_model()
    snapshots, estimates = [], []
    for i in range(DASHBOARD_DAYS):
        day = TODAY - timedelta(days=i)
        pillars = {p: Decimal(str(round(rng.uniform(5, 20), 6))) for p in vocabulary.PILLARS}
        snapshots.append(
            SsiSnapshot(user=trainee, date=day, total=sum(pillars.values()), **pillars)
        )
        estimates.append(
            Estimate(
                user=trainee,
                date=day,
                model=model,
                total=sum(pillars.values()),
                explanation={"pillars": [], "total": 0, "model_version": "1"},
                **pillars,
            )
        )
    SsiSnapshot.objects.bulk_create(snapshots)
    Estimate.objects.bulk_create(estimates)
    client = Client()
    client.force_login(trainee)
    timings = []
    for run in range(DASHBOARD_RUNS + 3):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/dashboard/?range=all")
            elapsed = time.perf_counter() - start
        assert response.status_code == 200
        assert b'class="series series-official" d="M' in response.content
        if run >= 3:  # warm-up: template loading, first connection
            timings.append(elapsed)
    return statistics.median(timings) * 1000, len(queries)


def main() -> None:
    setup_test_environment()
    rng = random.Random(2026)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor = connection.vendor
        per_second = bench_engine(rng)
        print(f"engine only: {per_second:,.0f} estimates/second ({USERS:,} users)")
        ids = seed_users(rng)
        per_second, queries = bench_recompute(ids)
        print(
            f"estimates_recompute on {vendor}: {per_second:,.0f} estimates/second "
            f"({USERS:,} users in chunks of {CHUNK:,}; {queries} queries per chunk)"
        )
        median_ms, queries = bench_dashboard(rng)
        print(
            f"dashboard with {DASHBOARD_DAYS} daily snapshots on {vendor}, range 'all': "
            f"median {median_ms:.1f} ms over {DASHBOARD_RUNS} requests, {queries} queries"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
