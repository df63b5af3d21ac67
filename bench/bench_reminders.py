"""Benchmark of reminders: 10,000 users queued and sent to a local mail backend.

Run from the project root (a throw-away test database is created and dropped):

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/bench_reminders.py
    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=config.settings.test \\
        .venv/bin/python bench/bench_reminders.py [--file]

Every user is a trainee in Rome whose chosen hour is 08:00, with two tasks due on the
day; half of them recorded no SSI in the last week, so they are also due the weekly
prompt. One tick at 08:00 local finds them, fans them out in chunks of 500 user ids and
sends (Celery eager: the chunks run in this process one after the other, as one worker
would). Measures
1. the tick's selection alone (which users are due, per kind);
2. the whole tick: selection, writing the notifications, claiming, rendering both parts
   of every e-mail in the user's language, sending to the locmem backend (or, with
   ``--file``, to readable files in a temporary folder);
3. the same tick again: nothing more may be sent.
and counts the e-mails per (recipient, subject): every count must be exactly 1.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

USERS = int(os.environ.get("BENCH_USERS", "10000"))
DAY = date(2026, 11, 25)  # a Wednesday
AT_EIGHT = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Rome


def seed() -> None:
    from accounts.localtime import week_start
    from accounts.models import User
    from coaching.models import Plan, Task, TaskSource
    from scoring.models import SsiSnapshot

    users = User.objects.bulk_create(
        [
            User(
                email=f"bench{i}@example.com",
                password="!",
                first_name=f"Bench{i}",
                time_zone="Europe/Rome",
                reminder_hour=8,
                language="it" if i % 3 == 0 else "en",
            )
            for i in range(USERS)
        ],
        batch_size=2000,
    )
    plans = Plan.objects.bulk_create(
        [
            Plan(
                user=u,
                week_start=week_start(DAY),
                strategy="strongest",
                focus_pillar="brand",
                budget_minutes=60,
            )
            for u in users
        ],
        batch_size=2000,
    )
    Task.objects.bulk_create(
        [
            Task(
                plan=p,
                user_id=p.user_id,
                title=title,
                pillar="insights",
                minutes=10,
                due_date=DAY,
                source=TaskSource.COACH,
            )
            for p in plans
            for title in ("Comment on two posts in your niche", "Send three invitations")
        ],
        batch_size=5000,
    )
    quarter = Decimal("10")
    SsiSnapshot.objects.bulk_create(
        [
            SsiSnapshot(
                user=u,
                date=DAY - timedelta(days=1),
                brand=quarter,
                people=quarter,
                insights=quarter,
                relationships=quarter,
                total=quarter * 4,
            )
            for u in users[::2]
        ],
        batch_size=5000,
    )


def main() -> None:
    to_files = "--file" in sys.argv
    setup_test_environment()
    folder = tempfile.mkdtemp(prefix="bench-mail-")
    if to_files:
        from django.conf import settings

        settings.MAILERS = {
            "default": {
                "BACKEND": "config.mail.DecodedFileBackend",
                "OPTIONS": {"file_path": folder},
            }
        }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from coaching.models import Notification
        from coaching.reminders import selectors, services

        vendor = connection.vendor
        seed()
        start = time.perf_counter()
        batches = selectors.reminders_due(now=AT_EIGHT)
        select_s = time.perf_counter() - start
        due = sum(len(b.user_ids) for b in batches)
        print(f"selection on {vendor}: {due:,} reminders due in {select_s:.2f} s")

        mail.outbox = []
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = services.reminders_tick(now=AT_EIGHT)
            total_s = time.perf_counter() - start
        sent = Notification.objects.filter(status="sent").count()
        print(
            f"whole tick on {vendor}: {sent:,} reminders to {USERS:,} users in {total_s:.1f} s "
            f"({sent / total_s:,.0f}/s; {result.chunks} chunks, {len(queries)} queries)"
        )
        emails, duplicates = count_sent(folder if to_files else None)
        print(f"  e-mails: {emails:,}, duplicates: {duplicates}")

        start = time.perf_counter()
        services.reminders_tick(now=AT_EIGHT)
        services.reminders_tick(now=AT_EIGHT + timedelta(minutes=10))
        again_s = time.perf_counter() - start
        after, _duplicates = count_sent(folder if to_files else None)
        print(
            f"  the same tick again, and the next: {after - emails} more e-mails, {again_s:.2f} s"
        )
        if duplicates or after != emails or emails != sent:
            raise SystemExit("FAILED: duplicates or missing e-mails")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(folder, ignore_errors=True)


def count_sent(folder: str | None) -> tuple[int, int]:
    """(e-mails, duplicates): a duplicate is a second e-mail with the same recipient and
    subject (each kind has its own subject)."""
    if folder is None:
        pairs = [(m.to[0], m.subject) for m in mail.outbox]
    else:
        pairs = []
        for path in Path(folder).glob("*"):
            for block in path.read_text().split("-" * 79):
                to = re.search(r"^To: (.*)$", block, re.M)
                subject = re.search(r"^Subject: (.*)$", block, re.M)
                if to and subject:
                    pairs.append((to.group(1), subject.group(1)))
    counts = Counter(pairs)
    return len(pairs), sum(n - 1 for n in counts.values() if n > 1)


if __name__ == "__main__":
    main()
