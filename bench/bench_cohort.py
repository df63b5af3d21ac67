"""Benchmark of the coach's cohort dashboard under gunicorn, against a trivial page.

Needs PostgreSQL and Redis (the production settings): it creates (once) and fills a
database of its own, ``<your database>_bench``, with two cohorts of 30 and 300 trainees,
each with a year of daily snapshots, about three activities a day, daily estimates and
weekly plans, then serves it with gunicorn on a free loopback port and loads it with
``wrk`` (Debian's package; a bounded Python loop if it is missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ssi REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/bench_cohort.py [--seconds 10] [--reseed]

It prints requests per second of the trivial page (the coach's cohort list: session,
user, one query) and of the dashboard of each cohort, measured in the same run, the
query counts, and for each query of the 300-trainee page the rows PostgreSQL read and
the buffers it touched (``EXPLAIN (ANALYZE, BUFFERS)``). Before measuring it rebuilds
the dashboard's stored rows (``trainee_summaries_rebuild``), as the rollover job keeps
them fresh for the day.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAYS = 365
#: ``--json``: the report goes to stderr, the results to stdout as one JSON line.
JSON = False
SIZES = (30, 300)
PASSWORD = "bench-pass-2026"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (and REDIS_URL): production settings.")
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: production settings need Redis.")
    base, name = url.rsplit("/", 1)
    return f"{base}/{name.split('?')[0]}_bench"


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(size: int, rng: random.Random, today: date) -> int:
    """A cohort of ``size`` trainees with a year of history; returns its id."""
    from accounts.models import Cohort, Membership, Role, User
    from coaching.models import Outcome, Plan, Task, TaskStatus, TaskTemplate
    from scoring import vocabulary
    from scoring.models import Activity, ActivityKind, Estimate, SsiSnapshot
    from scoring.selectors import current_scoring_model
    from scoring.services import cohort_days_recompute

    cohort = Cohort.objects.create(
        name=f"Bench {size}",
        start_date=today - timedelta(days=DAYS),
        end_date=today + timedelta(days=60),
    )
    coach = User.objects.get(email="bench.coach@example.com")
    cohort.coaches.add(coach)
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench{size}.{i}@example.com",
                first_name=f"Trainee{i}",
                last_name=f"Cohort{size}",
                password="!",
                role=Role.TRAINEE,
                show_on_leaderboard=i % 3 == 0,
            )
            for i in range(size)
        ]
    )
    Membership.objects.bulk_create([Membership(user=u, cohort=cohort) for u in users])
    model = current_scoring_model()
    habit = TaskTemplate.objects.filter(cadence="daily").first() or TaskTemplate.objects.first()
    kinds = [ActivityKind.POST, ActivityKind.COMMENT, ActivityKind.REACTION, ActivityKind.SEARCH]
    for user in users:
        level = rng.uniform(20, 70)
        snapshots, estimates, activities = [], [], []
        for back in range(DAYS, -1, -1):
            day = today - timedelta(days=back)
            level = min(95, max(5, level + rng.uniform(-0.6, 0.7)))
            pillars = {
                p: Decimal(str(round(level / 4 + rng.uniform(-2, 2), 6)))
                for p in vocabulary.PILLARS
            }
            pillars = {p: min(Decimal(25), max(Decimal(0), v)) for p, v in pillars.items()}
            total = sum(pillars.values())
            snapshots.append(SsiSnapshot(user=user, date=day, total=total, **pillars))
            estimates.append(
                Estimate(user=user, date=day, model=model, total=total, explanation={}, **pillars)
            )
            for _ in range(3):
                activities.append(Activity(user=user, kind=rng.choice(kinds), occurred_on=day))
        SsiSnapshot.objects.bulk_create(snapshots)
        Estimate.objects.bulk_create(estimates)
        Activity.objects.bulk_create(activities)
        plans = Plan.objects.bulk_create(
            [
                Plan(
                    user=user,
                    week_start=today - timedelta(days=today.weekday() + 7 * w),
                    strategy="strongest",
                    focus_pillar="brand",
                    budget_minutes=120,
                )
                for w in range(DAYS // 7)
            ]
        )
        tasks, outcomes = [], []
        for plan in plans:
            for d in range(7):
                day = plan.week_start + timedelta(days=d)
                if day > today:
                    continue
                done = d < 5 and rng.random() < 0.85
                tasks.append(
                    Task(
                        user=user,
                        plan=plan,
                        template=habit,
                        pillar=habit.pillar,
                        minutes=10,
                        due_date=day,
                        is_habit=True,
                        status=TaskStatus.DONE if done else TaskStatus.TODO,
                        completed_on=day if done else None,
                    )
                )
            for _ in range(3):
                done = rng.random() < 0.6
                tasks.append(
                    Task(
                        user=user,
                        plan=plan,
                        title="Comment under two posts of prospects",
                        pillar=habit.pillar,
                        minutes=20,
                        due_date=plan.week_start + timedelta(days=rng.randrange(5)),
                        status=TaskStatus.DONE if done else TaskStatus.TODO,
                        completed_on=plan.week_start if done else None,
                    )
                )
            outcomes.append(
                Outcome(
                    user=user,
                    week_start=plan.week_start,
                    meetings_booked=rng.randrange(4),
                    opportunities_created=rng.randrange(3),
                )
            )
        Task.objects.bulk_create(tasks)
        Outcome.objects.bulk_create(outcomes)
    days = {today - timedelta(days=i) for i in range(DAYS + 1)}
    cohort_days_recompute(cohort=cohort, days=days)
    return cohort.pk


def prepare(reseed: bool) -> dict[str, int]:
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import Cohort, Role, User

    call_command("migrate", verbosity=0)
    today = date.today()
    if reseed:
        Cohort.objects.filter(name__startswith="Bench ").delete()
        User.objects.filter(email__startswith="bench").delete()
    coach, _ = User.objects.get_or_create(
        email="bench.coach@example.com", defaults={"role": Role.COACH, "first_name": "Bench"}
    )
    coach.set_password(PASSWORD)
    coach.save()
    ids = {}
    rng = random.Random(2026)
    for size in SIZES:
        cohort = Cohort.objects.filter(name=f"Bench {size}").first()
        if cohort is None:
            from django.db import transaction

            started = time.perf_counter()
            with transaction.atomic():
                ids[str(size)] = seed(size, rng, today)
            print(f"seeded {size} trainees in {time.perf_counter() - started:.0f} s", flush=True)
        else:
            ids[str(size)] = cohort.pk
    # The history was written in bulk, past the writes that keep the dashboard's stored
    # rows: build them once for today (what the rollover job does after local midnight).
    from django.utils import timezone

    from coaching import summaries

    started = time.perf_counter()
    rows = summaries.trainee_summaries_rebuild(now=timezone.now())
    print(f"rebuilt {rows} dashboard rows in {time.perf_counter() - started:.1f} s", flush=True)
    # Fresh statistics, as autovacuum would have them on a database that grew over a year.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login_cookie(base: str) -> str:
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="bench.coach@example.com"))
    return f"sessionid={client.cookies['sessionid'].value}"


def load(url: str, cookie: str, seconds: int, connections: int) -> float:
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-H", f"Cookie: {cookie}", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            raise SystemExit(f"{url}: {errors.group(1)} failed responses\n{out}")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    # Bounded fallback: one connection, sequential requests.
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    count, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
            response.read()
        count += 1
    return count / seconds


def queries_of(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="bench.coach@example.com"))
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(captured)


def plans(path: str) -> int:
    """EXPLAIN (ANALYZE, BUFFERS) of every query the page runs: rows read and buffers.
    Returns the rows read in all."""

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="bench.coach@example.com"))
    with CaptureQueriesContext(connection) as captured:
        client.get(path)

    def rows_read(node: dict) -> int:
        own = (
            node.get("Actual Rows", 0) * node.get("Actual Loops", 1)
            if "Scan" in node["Node Type"]
            else 0
        )
        return own + sum(rows_read(child) for child in node.get("Plans", []))

    total = 0
    for query in captured.captured_queries:
        sql = query["sql"].strip()
        if not sql.startswith(("SELECT", "WITH")):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            (plan,) = cursor.fetchone()
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
        top = plan["Plan"]
        buffers = top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
        total += rows_read(top)
        print(
            f"{rows_read(top):>7} rows read {buffers:>6} buffers {plan['Execution Time']:6.1f} ms"
            f"  {' '.join(sql.split())[:80]}",
            file=sys.stderr if JSON else sys.stdout,
        )
    return total


def spread(values: list[float], digits: int = 1) -> str:
    """The median of the rounds with the lowest and highest in brackets (as make bench)."""
    median = statistics.median(values)
    return f"{median:.{digits}f} ({min(values):.{digits}f} to {max(values):.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--json", action="store_true", help="the results as JSON (make bench)")
    args = parser.parse_args()
    global JSON
    JSON = args.json
    url = bench_database_url()
    ensure_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghij"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Production insists on these; the benchmark serves no public address, sends no mail.
        "SITE_URL": os.environ.get("SITE_URL", "https://bench.example.com"),
        "EMAIL_URL": os.environ.get("EMAIL_URL", "smtp://127.0.0.1:25"),
        "CONN_MAX_AGE": "60",
    }
    os.environ.update(env)
    ids = prepare(args.reseed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        # gunicorn.conf.py's production settings, but no worker recycled in the middle of
        # a round, and the request log (one line per request) kept out of the report.
        env={**env, "GUNICORN_MAX_REQUESTS": "0"},
        stderr=server_log,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/login/")
                break
            except OSError:
                time.sleep(0.2)
        cookie = login_cookie(base)
        pages = {"trivial (cohort list)": "/coach/"}
        for size in SIZES:
            pages[f"dashboard, {size} trainees"] = f"/coach/cohorts/{ids[str(size)]}/"
        counts = {name: queries_of(path) for name, path in pages.items()}
        results: dict[str, list[float]] = {name: [] for name in pages}
        for _round in range(args.rounds):  # interleaved: load from elsewhere hits all alike
            for name, path in pages.items():
                load(base + path, cookie, 2, args.connections)  # warm-up
                results[name].append(load(base + path, cookie, args.seconds, args.connections))
        # Each round's ratio to the trivial page of the same round; the median of rounds.
        trivial_runs = results["trivial (cohort list)"]
        tool = "wrk" if shutil.which("wrk") else "python loop"
        if args.json:
            rows = plans(pages["dashboard, 300 trainees"])
            print(
                json.dumps(
                    {
                        "tool": tool,
                        "seconds": args.seconds,
                        "connections": args.connections,
                        "workers": args.workers,
                        "rps": results,
                        "queries": counts,
                        "rows_read_300": rows,
                    }
                )
            )
            return
        print(
            f"\ngunicorn -w {args.workers}, {tool} -c{args.connections}, "
            f"{args.seconds} s per run, median of {args.rounds} interleaved rounds"
        )
        for name in pages:
            runs = results[name]
            ratios = [100 * r / t for r, t in zip(runs, trivial_runs, strict=True)]
            print(
                f"{name:28} {spread(runs)} req/s  {spread(ratios)}% of trivial  "
                f"{counts[name]} queries"
            )
        small, big = results["dashboard, 30 trainees"], results["dashboard, 300 trainees"]
        fall = [s / b for s, b in zip(small, big, strict=True)]
        print(f"{'30 trainees / 300 trainees':28} {spread(fall, 2)}x")
        plans(pages["dashboard, 300 trainees"])
    finally:
        if server.poll() is not None:  # it stopped by itself: say why
            server_log.seek(0)
            sys.stderr.write(server_log.read().decode(errors="replace")[-4000:])
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
