"""Every benchmark of the project on PostgreSQL, each as a ratio to a baseline of the
same run, three runs each; writes docs/benchmarks.md (``make bench``).

    DATABASE_URL=postgres://... .venv/bin/python bench/run_all.py [--users 10000] [--runs 3]

A throw-away database (``bench_<name>``) is created, seeded and dropped. Measured:

1. the nightly recompute of every trainee (signals, engine, store), against one plain
   ``SELECT user_id, kind, count(*) ... GROUP BY user_id, kind`` over the same rows;
2. the archive store (the activities of a generated export written by the import
   service), against a raw COPY of the same rows into a copy of the same table; and
   the whole import (parse, store, estimate) against the same COPY, with its peak
   memory (each run in a fresh process);
3. pages served by gunicorn on loopback under wrk (a bounded Python loop without wrk):
   requests per second of a trivial logged-in page over those of each page measured;
4. the coach's cohort dashboard at 30 and 300 trainees with a year of history each
   (``bench/bench_cohort.py``, production settings, so Redis too: ``REDIS_URL``, by
   default the local server), against the coach's cohort list.

Ratios are what to compare between machines: both sides of each ratio run on the same
machine in the same minute. Absolute figures are recorded next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

TODAY = date(2026, 3, 16)
ARCHIVE_TODAY = date(2026, 11, 27)
KINDS = ("post", "comment", "reaction", "search", "connection", "message_sent", "share")


# --- Seeding ---------------------------------------------------------------------------------


def seed(users: int, per_user: int) -> list[int]:
    """``users`` trainees with ``per_user`` activities each over 90 days, written by COPY."""
    import random

    from accounts.models import User
    from scoring.models import NetworkState, ProfileState

    rng = random.Random(2026)
    created = User.objects.bulk_create(
        [User(email=f"bench{i}@example.com", password="!") for i in range(users)],
        batch_size=2000,
    )
    ids = [u.pk for u in created]
    now = timezone.now()
    with connection.cursor() as cursor:
        columns = "user_id, kind, occurred_on, count, words, counterpart, note, source, "
        columns += "external_key, created_at"
        with cursor.copy(f"COPY scoring_activity ({columns}) FROM STDIN") as copy:
            for pk in ids:
                for n in range(per_user):
                    kind = rng.choice(KINDS)
                    talk = kind == "message_sent" or (kind == "reaction" and n % 5 == 0)
                    copy.write_row(
                        (
                            pk,
                            "message_received" if talk and kind == "reaction" else kind,
                            TODAY - timedelta(days=rng.randrange(0, 90)),
                            rng.randint(1, 3),
                            rng.randint(3, 40) if kind == "comment" else None,
                            f"person-{rng.randrange(30)}" if talk else "",
                            "",
                            "manual",
                            "",
                            now,
                        )
                    )
    ProfileState.objects.bulk_create(
        [ProfileState(user_id=pk, has_photo=True, skills_count=rng.randint(0, 20)) for pk in ids],
        batch_size=2000,
    )
    NetworkState.objects.bulk_create(
        [NetworkState(user_id=pk, connections=rng.randint(50, 1500)) for pk in ids],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ids


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


# --- 1. Recompute ----------------------------------------------------------------------------


def bench_recompute(ids: list[int], chunk: int) -> dict[str, float]:
    from scoring import services
    from scoring.selectors import WINDOW_LONG, current_scoring_model, window_start

    model = current_scoring_model()
    since = window_start(TODAY, WINDOW_LONG)

    def group_by() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id, kind, count(*) FROM scoring_activity "
                "WHERE occurred_on >= %s AND occurred_on <= %s GROUP BY user_id, kind",
                [since, TODAY],
            )
            cursor.fetchall()

    def recompute() -> None:
        for start in range(0, len(ids), chunk):
            services.estimates_count_recompute(
                user_ids=ids[start : start + chunk], today=TODAY, model=model
            )

    baseline = timed(group_by)
    measured = timed(recompute)
    return {"baseline_s": baseline, "measured_s": measured, "ratio": measured / baseline}


# --- 2. Archive ------------------------------------------------------------------------------


def archive_case(out: Path) -> dict[str, float]:
    """One archive run in this (fresh) process: store step, whole import, raw COPY."""
    from django.core.files import File
    from django.db import transaction

    from scoring.archive import parse_upload
    from scoring.archive.services import _insert_activities, archive_import_run
    from scoring.models import Activity, ArchiveImport
    from tests.factories import UserFactory
    from tests.scoring.archive.generator import Sizes, build_archive

    path = out / "bench-archive.zip"
    if not path.exists():
        sizes = Sizes(
            connections=30_000,
            messages=20_000,
            comments=5_000,
            shares=3_000,
            reactions=10_000,
            invitations=3_000,
            searches=2_000,
        )
        path.write_bytes(build_archive("2026", sizes=sizes).data)
    data = path.read_bytes()
    records = parse_upload(data, today=ARCHIVE_TODAY, name="upload.zip").activities
    store_user = UserFactory()
    with transaction.atomic():
        store = timed(lambda: _insert_activities(store_user, records))
    rows = Activity.objects.filter(user=store_user).count()

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_activity_copy")
        cursor.execute("CREATE TABLE bench_activity_copy (LIKE scoring_activity INCLUDING ALL)")

    def raw_copy() -> None:
        with connection.cursor() as cursor:
            now = timezone.now()
            columns = "user_id, kind, occurred_on, count, words, counterpart, note, source, "
            columns += "external_key, created_at"
            with cursor.copy(f"COPY bench_activity_copy ({columns}) FROM STDIN") as copy:
                for a in records:
                    copy.write_row(
                        (
                            store_user.pk,
                            a.kind,
                            a.occurred_on,
                            a.count,
                            a.words,
                            a.counterpart,
                            "",
                            "import",
                            a.external_key,
                            now,
                        )
                    )

    with transaction.atomic():
        raw = timed(raw_copy)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_activity_copy")

    user = UserFactory(first_name="Alex", last_name="Rossi")
    record = ArchiveImport(user=user, original_name=path.name, size=len(data))
    with path.open("rb") as handle:
        record.file.save("upload", File(handle), save=True)
    whole = timed(lambda: archive_import_run(import_id=record.pk, today=ARCHIVE_TODAY))
    imported = Activity.objects.filter(user=user).count()
    peak = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return {
        "rows": rows,
        "raw_rows_s": len(records) / raw,
        "store_rows_s": rows / store,
        "store_ratio": raw / store * rows / len(records),
        "import_rows_s": imported / whole,
        "import_ratio": (imported / whole) / (len(records) / raw),
        "peak_mb": peak,
    }


# --- 3. Pages --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def page_fixtures() -> tuple[str, str]:
    """A trainee with a year of daily snapshots and estimates; returns a session cookie."""
    from decimal import Decimal

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from scoring.models import Estimate, SsiSnapshot
    from scoring.selectors import current_scoring_model

    trainee = User.objects.create_user(email="pages@example.com", password="x")
    model = current_scoring_model()
    days = [TODAY - timedelta(days=i) for i in range(365)]
    pillars = {p: Decimal("12.5") for p in ("brand", "people", "insights", "relationships")}
    SsiSnapshot.objects.bulk_create(
        [SsiSnapshot(user=trainee, date=d, total=Decimal(50), **pillars) for d in days]
    )
    Estimate.objects.bulk_create(
        [
            Estimate(
                user=trainee,
                date=d,
                model=model,
                total=Decimal(50),
                explanation={"pillars": [], "total": 50, "model_version": "1"},
                **pillars,
            )
            for d in days
        ]
    )
    session = SessionStore()
    session[SESSION_KEY] = str(trainee.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = trainee.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}", str(trainee.pk)


def load(url: str, cookie: str, seconds: float) -> float:
    """Requests per second for ``seconds``: wrk (2 connections) or a bounded Python loop."""
    if shutil.which("wrk"):
        done = subprocess.run(
            ["wrk", "-t1", "-c2", f"-d{seconds:.0f}s", "-H", f"Cookie: {cookie}", url],
            capture_output=True,
            text=True,
            check=True,
        )
        if "Non-2xx" in done.stdout or "Requests/sec:      0.00" in done.stdout:
            raise RuntimeError(f"{url} answered with errors:\n{done.stdout}")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))  # type: ignore[union-attr]
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        conn.request(
            "GET",
            parts.path + ("?" + parts.query if parts.query else ""),
            headers={"Cookie": cookie},
        )
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        count += 1
    return count / (time.perf_counter() - started)


def ready(url: str, cookie: str, timeout: float = 120) -> None:
    """Wait until both workers have booted and answer 200."""
    import urllib.request

    deadline, answered = time.monotonic() + timeout, 0
    while answered < 4:
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not answer {url} in {timeout:.0f} s")
        try:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=10) as response:
                answered += response.status == 200
        except OSError:
            time.sleep(0.5)


PAGES = {
    "settings page": "/settings/",
    "trainee dashboard, range 'all' (365 days)": "/dashboard/?range=all",
    "trainee dashboard, default range": "/dashboard/",
}
TRIVIAL = "/password/change/"


def bench_pages(runs: int, seconds: float) -> dict[str, list[dict[str, float]]]:
    cookie, _pk = page_fixtures()
    port = free_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="config.settings.test",
        CONN_MAX_AGE="60",
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    results: dict[str, list[dict[str, float]]] = {name: [] for name in PAGES}
    try:
        base = f"http://127.0.0.1:{port}"
        ready(base + TRIVIAL, cookie)
        load(base + TRIVIAL, cookie, 1)  # warm-up: imports, templates, connections
        for path in PAGES.values():
            load(base + path, cookie, 1)
        for _ in range(runs):
            for name, path in PAGES.items():
                trivial = load(base + TRIVIAL, cookie, seconds)
                page = load(base + path, cookie, seconds)
                results[name].append(
                    {"baseline_rps": trivial, "measured_rps": page, "ratio": trivial / page}
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


# --- Running and writing ---------------------------------------------------------------------


def bench_cohort(runs: int) -> dict:
    """The coach's cohort dashboard at 30 and 300 trainees (``bench/bench_cohort.py``, on
    a database of its own, seeded once and kept between runs; production settings, hence
    Redis)."""
    # The server of DATABASE_URL; the script adds "_bench" to its database's name.
    env = dict(os.environ, REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_cohort.py"), "--json", "--rounds", str(runs)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def spread(values: list[float], digits: int = 2) -> str:
    median = statistics.median(values)
    return f"{median:.{digits}f} ({min(values):.{digits}f} to {max(values):.{digits}f})"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg,) = cursor.fetchone()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Linux {platform.release()}, Python "
        f"{platform.python_version()}, PostgreSQL {pg} on loopback"
    )


def write(path: Path, args: argparse.Namespace, results: dict[str, object]) -> None:
    recompute = results["recompute"]
    archive = results["archive"]
    pages = results["pages"]
    assert isinstance(recompute, list) and isinstance(archive, list) and isinstance(pages, dict)
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run_all.py`). Every figure is a ratio to a baseline",
        "measured in the same run on the same machine; each is the median of "
        f"{args.runs} runs, with the lowest and highest in brackets.",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Machine: {machine()}",
        f"- Size: {args.users:,} trainees with {args.per_user} activities each in 90 days "
        f"({args.users * args.per_user:,} rows), recomputed in chunks of {args.chunk:,}; an "
        f"archive of {archive[0]['rows']:,.0f} activities; pages under wrk for "
        f"{args.seconds:.0f} s each with 2 connections, gunicorn with 2 workers.",
        "",
        "| Benchmark | Measured | Baseline (same run) | Ratio | Aim |",
        "|---|---|---|---|---|",
        "| Nightly recompute of every trainee "
        f"| {spread([r['measured_s'] for r in recompute])} s "
        f"| plain `GROUP BY user_id, kind` over the same rows: "
        f"{spread([r['baseline_s'] for r in recompute], 3)} s "
        f"| **{spread([r['ratio'] for r in recompute], 1)}x** the GROUP BY | at most 5x |",
        "| Archive store (activities of one export) "
        f"| {spread([a['store_rows_s'] for a in archive], 0)} rows/s "
        f"| raw COPY of the same rows into a copy of the table: "
        f"{spread([a['raw_rows_s'] for a in archive], 0)} rows/s "
        f"| **{spread([100 * a['store_ratio'] for a in archive], 0)}%** of COPY | at least 40% |",
        "| Whole archive import (parse, store, estimate) "
        f"| {spread([a['import_rows_s'] for a in archive], 0)} rows/s "
        "| the same raw COPY "
        f"| {spread([100 * a['import_ratio'] for a in archive], 0)}% of COPY | |",
        "| Peak memory of an import process "
        f"| {spread([a['peak_mb'] for a in archive], 0)} MB | | | at most 300 MB |",
    ]
    for name, runs in pages.items():
        lines.append(
            f"| Page: {name} | {spread([r['measured_rps'] for r in runs], 0)} requests/s "
            f"| trivial logged-in page ({TRIVIAL}): "
            f"{spread([r['baseline_rps'] for r in runs], 0)} requests/s "
            f"| costs **{spread([r['ratio'] for r in runs], 1)}x** the trivial page | |"
        )
    cohort = results["cohort"]
    assert isinstance(cohort, dict)
    rps = cohort["rps"]
    trivial = rps[COHORT_TRIVIAL]
    for size in (30, 300):
        runs = rps[f"dashboard, {size} trainees"]
        ratios = [100 * r / t for r, t in zip(runs, trivial, strict=True)]
        lines.append(
            f"| Page: cohort dashboard, {size} trainees "
            f"({cohort['queries'][f'dashboard, {size} trainees']} queries) "
            f"| {spread(runs, 0)} requests/s "
            f"| trivial coach page (the cohort list, {cohort['queries'][COHORT_TRIVIAL]} queries): "
            f"{spread(trivial, 0)} requests/s "
            f"| **{spread(ratios, 0)}%** of the trivial page "
            f"| {'at least 20%' if size == 300 else ''} |"
        )
    small, big = rps["dashboard, 30 trainees"], rps["dashboard, 300 trainees"]
    lines.append(
        "| Cohort dashboard, 30 against 300 trainees "
        f"| {cohort['rows_read_300']:,} rows read at 300 (`EXPLAIN ANALYZE`) | "
        f"| **{spread([s / b for s, b in zip(small, big, strict=True)], 2)}x** fewer requests/s "
        "at 300 | under 2x |"
    )
    lines += [
        "",
        f"The cohort dashboard: {cohort['tool']} with {cohort['connections']} connections for "
        f"{cohort['seconds']} s per page and round, gunicorn with {cohort['workers']} workers, "
        "the pages of each round interleaved and each ratio taken within its round; two "
        "cohorts of 30 and 300 trainees with a year of daily history each "
        "(`bench/bench_cohort.py`, below).",
    ]
    path.write_text("\n".join(lines) + "\n" + EXTRA.read_text(), encoding="utf-8")


EXTRA = ROOT / "bench" / "benchmarks-notes.md"
COHORT_TRIVIAL = "trivial (cohort list)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 10,000 trainees with 98 activities each (980,000 rows): the size the aims are set at.
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--per-user", type=int, default=98)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--case", default="")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("make bench runs on PostgreSQL: set DATABASE_URL=postgres://...")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    if args.case == "archive":  # a fresh process started below, on the bench database
        print(json.dumps(archive_case(out)))
        return
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results: dict[str, object] = {}
    try:
        started = time.perf_counter()
        ids = seed(args.users, args.per_user)
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
        results["recompute"] = [bench_recompute(ids, args.chunk) for _ in range(args.runs)]
        print("recompute", results["recompute"], flush=True)
        env = dict(os.environ, DATABASE_URL=database_url())
        archive = []
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, __file__, "--case", "archive"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            archive.append(json.loads(done.stdout.strip().splitlines()[-1]))
        results["archive"] = archive
        print("archive", archive, flush=True)
        results["pages"] = bench_pages(args.runs, args.seconds)
        print("pages", results["pages"], flush=True)
        results["cohort"] = bench_cohort(args.runs)
        print("cohort", results["cohort"], flush=True)
        write(args.out, args, results)
        print(f"wrote {args.out}")
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
