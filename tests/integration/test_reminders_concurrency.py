"""The same reminder tick run twice and at the same time sends one e-mail per user and
kind: threads on PostgreSQL, and two real worker processes on a private Redis."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from accounts.localtime import week_start
from coaching.models import Notification, NotificationStatus, Plan, Task, TaskSource
from coaching.reminders import services
from tests.factories import UserFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration

WEDNESDAY = date(2026, 11, 25)
AT_EIGHT = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Rome


def _trainees_with_a_task(count: int) -> list:
    users = [UserFactory(reminder_hour=8, time_zone="Europe/Rome") for _ in range(count)]
    for user in users:
        plan = Plan.objects.create(
            user=user,
            week_start=week_start(WEDNESDAY),
            strategy="strongest",
            focus_pillar="brand",
            budget_minutes=60,
        )
        Task.objects.create(
            plan=plan,
            user=user,
            title="Comment on two posts",
            pillar="insights",
            minutes=10,
            due_date=WEDNESDAY,
            source=TaskSource.COACH,
        )
    return users


def _require_postgresql() -> None:
    from tests.integration.conftest import _missing

    if connection.vendor != "postgresql":
        _missing("concurrent ticks need PostgreSQL (set DATABASE_URL)")


def test_concurrent_ticks_in_threads_send_each_reminder_once(transactional_db):
    _require_postgresql()
    users = _trainees_with_a_task(12)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            # Inline: each thread writes and delivers its chunks itself, as a worker
            # would (eager Celery keeps process-wide state that threads would share).
            services.reminders_tick(now=AT_EIGHT, chunk_size=5, inline=True)
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    # And once more, afterwards.
    services.reminders_tick(now=AT_EIGHT, inline=True)
    sent = Counter((m.to[0], m.subject.split(" · ")[0]) for m in mail.outbox)
    # Each trainee: the daily digest and the SSI prompt (none recorded), once each.
    assert set(sent.values()) == {1}
    assert len(sent) == 2 * len(users)
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2 * len(users)


def test_the_same_tick_on_two_real_workers_sends_each_reminder_once(workers, tmp_path):
    users = _trainees_with_a_task(20)
    folder = tmp_path / "mail"
    for _ in range(2):
        workers.start(env={"TEST_EMAIL_DIR": str(folder)})
    from coaching.reminders.tasks import reminders_tick_task

    # The beat's tick delivered twice (e.g. a redelivery) and consumed by both workers.
    for _ in range(2):
        reminders_tick_task.apply_async(args=[AT_EIGHT.isoformat()])
    wait_for(
        lambda: (
            Notification.objects.filter(status=NotificationStatus.SENT).count() == 2 * len(users)
        ),
        timeout=60,
    )
    for worker in workers.workers:
        worker.stop()
    recipients = Counter(_sent_files(folder))
    assert len(recipients) == 2 * len(users)
    assert set(recipients.values()) == {1}
    assert {to for to, _subject in recipients} == {u.email for u in users}


def _sent_files(folder: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every e-mail the workers wrote to the folder."""
    found = []
    for path in folder.glob("*"):
        for block in path.read_text().split("-" * 79):
            to = re.search(r"^To: (.*)$", block, re.M)
            subject = re.search(r"^Subject: (.*)$", block, re.M)
            if to and subject:
                found.append((to.group(1), subject.group(1)))
    return found
