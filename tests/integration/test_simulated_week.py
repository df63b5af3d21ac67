"""A week of simulated time on a real worker and a real Redis: the beat's hourly work.

The clock is the ``now`` each scheduled task takes: the test plays the beat, sending the
three dispatching entries (morning estimates, Monday plans, reminders) for every hour
of the week from Monday 2026-11-30 05:05 UTC, and waits after each hour until the
worker has run everything that hour fanned out. Then it checks that the plans,
estimates, e-mails and notifications are exactly what the rules say, once each, and
that playing a day again adds nothing.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import redis

from accounts.models import ReminderKind
from coaching.models import Notification, NotificationStatus, Plan, Task, TaskStatus
from coaching.seed import catalogue_sync
from outbox.models import OutboxMessage
from scoring.models import Estimate
from tests.factories import CohortFactory, UserFactory
from tests.integration.conftest import wait_for
from tests.scoring.factories import ActivityFactory, SnapshotFactory

pytestmark = pytest.mark.integration

START = datetime(2026, 11, 30, 5, 5, tzinfo=UTC)  # Monday: 06:05 in Rome, 00:05 in New York
HOURS = 7 * 24
WEEK = [date(2026, 11, 30) + timedelta(days=n) for n in range(7)]
MON_FRI = [0, 1, 2, 3, 4]


def _people():
    # An earlier transactional test flushed the tables, the catalogue's data migration
    # included: without templates the plans would have no tasks to remind anyone of.
    catalogue_sync()
    cohort = CohortFactory(name="Simulated week")
    joined = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    # Rome: active every day, SSI last recorded on Friday 27th, so asked again on Friday.
    rome = UserFactory(
        email="rome@example.com",
        time_zone="Europe/Rome",
        reminder_hour=8,
        working_days=MON_FRI,
        date_joined=joined,
    )
    SnapshotFactory(user=rome, date=date(2026, 11, 27))
    for day in [date(2026, 11, 29), *WEEK]:
        ActivityFactory(user=rome, occurred_on=day)
    # New York: every day a working day, never recorded an SSI, last active on the 26th:
    # asked for the SSI on Monday, nudged on Tuesday (five quiet days).
    new_york = UserFactory(
        email="ny@example.com",
        time_zone="America/New_York",
        reminder_hour=9,
        working_days=[0, 1, 2, 3, 4, 5, 6],
        date_joined=joined,
    )
    ActivityFactory(user=new_york, occurred_on=date(2026, 11, 26))
    # Idle since joining: both weekly reminders on Monday.
    idle = UserFactory(
        email="idle@example.com",
        time_zone="Europe/Rome",
        reminder_hour=7,
        working_days=MON_FRI,
        date_joined=joined,
    )
    coach = UserFactory(
        email="coach@example.com",
        role="coach",
        time_zone="Europe/Rome",
        reminder_hour=8,
        date_joined=joined,
    )
    for trainee in (rome, new_york, idle):
        cohort.memberships.create(user=trainee, joined_at=joined)
    cohort.coaches.add(coach)
    return rome, new_york, idle, coach


def _drained(broker: redis.Redis) -> bool:
    """Nothing queued, nothing being run, nothing waiting in the outbox: twice in a row."""
    for _ in range(2):
        if broker.llen("celery") or broker.hlen("unacked") or OutboxMessage.objects.exists():
            return False
        time.sleep(0.02)
    return True


def _play(hours: range, broker: redis.Redis) -> None:
    from coaching.reminders.tasks import reminders_tick_task
    from coaching.tasks import plans_weekly_dispatch_task
    from scoring.tasks import estimates_recompute_dispatch_task

    for hour in hours:
        now = (START + timedelta(hours=hour)).isoformat()
        # The beat's entries, as config/celery.py schedules them (in their order).
        estimates_recompute_dispatch_task.apply_async(args=[now], kwargs={"local_hour": 4})
        plans_weekly_dispatch_task.apply_async(args=[now])
        reminders_tick_task.apply_async(args=[now])
        wait_for(lambda: _drained(broker), timeout=60, interval=0.02)


def _emails(folder: Path) -> Counter:
    """(recipient, subject) of every e-mail the worker wrote."""
    found: Counter = Counter()
    for path in folder.glob("*"):
        for block in path.read_text().split("-" * 79):
            to = re.search(r"^To: (.*)$", block, re.M)
            subject = re.search(r"^Subject: (.*)$", block, re.M)
            if to and subject:
                found[(to.group(1), subject.group(1))] += 1
    return found


def _due_days(user) -> list[date]:
    """The working days of the week on which the user's plan has a task due."""
    days = set(
        Task.objects.filter(user=user, status=TaskStatus.TODO).values_list("due_date", flat=True)
    )
    return sorted(d for d in days if d in WEEK and d.weekday() in user.working_days)


def test_a_simulated_week_does_exactly_what_the_rules_say_once_each(
    workers, redis_server, tmp_path
):
    rome, new_york, idle, coach = _people()
    mail = tmp_path / "mail"
    workers.start(env={"TEST_EMAIL_DIR": str(mail)})
    broker = redis.Redis.from_url(redis_server.url)

    _play(range(HOURS), broker)

    # Plans: one for this week each, made on Monday from 06:00 in the trainee's own zone.
    assert sorted(Plan.objects.values_list("user_id", "week_start")) == sorted(
        (t.pk, date(2026, 11, 30)) for t in (rome, new_york, idle)
    )
    # Estimates: one per trainee and local day, made at 04:xx in their zone. The week
    # starts after 04:00 on Monday in Rome (so Rome's run Tuesday to next Monday) and
    # before it in New York (Monday to Sunday); making Monday's plan in Rome, after
    # 04:00, stored the estimate it was planned from.
    estimates = Counter(Estimate.objects.values_list("user_id", "date"))
    assert set(estimates.values()) == {1}
    rome_days = [WEEK[0]] + [d + timedelta(days=1) for d in WEEK]
    assert set(estimates) == (
        {(rome.pk, d) for d in rome_days}
        | {(idle.pk, d) for d in rome_days}
        | {(new_york.pk, d) for d in WEEK}
    )

    # Notifications: what each rule says, for whom and for which period, all sent.
    expected = [
        (t.pk, ReminderKind.DAILY_DIGEST, d.isoformat())
        for t in (rome, new_york, idle)
        for d in _due_days(t)
    ] + [
        (rome.pk, ReminderKind.SSI_PROMPT, "2026-W49"),  # Friday: 7 days since the 27th
        (new_york.pk, ReminderKind.SSI_PROMPT, "2026-W49"),
        (new_york.pk, ReminderKind.INACTIVITY, "2026-W49"),  # Tuesday: 5 quiet days
        (idle.pk, ReminderKind.SSI_PROMPT, "2026-W49"),
        (idle.pk, ReminderKind.INACTIVITY, "2026-W49"),
        (coach.pk, ReminderKind.COACH_DIGEST, "2026-W49"),
    ]
    assert _due_days(rome) and _due_days(new_york) and _due_days(idle)
    notifications = list(Notification.objects.values_list("user_id", "kind", "period_key"))
    assert sorted(notifications) == sorted(expected)
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    # The SSI prompt and the nudge came on the days the rules name (7 and 5 days on).
    assert Notification.objects.get(user=rome, kind=ReminderKind.SSI_PROMPT).payload["days"] == 7
    assert (
        Notification.objects.get(user=new_york, kind=ReminderKind.INACTIVITY).payload["days"] == 5
    )

    # E-mails: one per notification, to its user, none twice (a daily digest has the
    # same subject every day, so they are counted per recipient and subject).
    emails = _emails(mail)
    per_recipient = Counter()
    for (to, _subject), count in emails.items():
        per_recipient[to] += count
    by_user = Counter(user_id for user_id, _kind, _key in expected)
    assert per_recipient == Counter({u.email: by_user[u.pk] for u in (rome, new_york, idle, coach)})
    assert sum(emails.values()) == len(expected)

    # Monday played again (a beat restarted, a redelivered hour): nothing new.
    _play(range(24), broker)
    assert Notification.objects.count() == len(expected)
    assert Plan.objects.count() == 3
    assert Counter(Estimate.objects.values_list("user_id", "date")) == estimates
    assert _emails(mail) == emails
