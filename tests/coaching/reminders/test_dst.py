"""Daily digests across daylight-saving changes, on the database: ticks every quarter
of an hour through the day of each change and the next; one digest per local day, at
the hour. (The pure schedule tests run the same at five- and ten-minute ticks.)"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.test import TestCase

from coaching.models import Notification
from coaching.reminders import schedule, services
from tests.factories import UserFactory

EVERY = timedelta(minutes=15)


@pytest.mark.parametrize(
    ("zone", "change", "hours"),
    [
        ("Europe/Rome", date(2026, 3, 29), (2, 3, 8)),  # 02:00 → 03:00
        ("Europe/Rome", date(2026, 10, 25), (2, 8)),  # 03:00 → 02:00, 02:00 twice
        ("America/New_York", date(2026, 3, 8), (2, 8)),
        ("America/New_York", date(2026, 11, 1), (1, 8)),  # 01:00 twice
    ],
)
def test_one_digest_per_local_day_at_the_chosen_hour(db, add_task, zone, change, hours):
    days = [change, change + timedelta(days=1)]
    users = {
        hour: UserFactory(time_zone=zone, reminder_hour=hour, working_days=list(range(7)))
        for hour in hours
    }
    for user in users.values():
        for day in days:
            add_task(user, day)
    # From 00:00 local of the first day to the end of the last one, in UTC.
    now = schedule.hour_start(days[0], 0, zone)
    end = schedule.hour_start(days[-1] + timedelta(days=1), 0, zone)
    while now < end:
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.reminders_tick(now=now)
        now += EVERY
    for hour, user in users.items():
        digests = Notification.objects.filter(user=user, kind="daily_digest").order_by("period_key")
        assert [n.period_key for n in digests] == [d.isoformat() for d in days], hour
        for notification in digests:
            begins = schedule.hour_start(date.fromisoformat(notification.period_key), hour, zone)
            # Sent by the first tick at or after the local hour began.
            assert begins <= notification.sent_at < begins + EVERY, (hour, notification)
        emails = [m for m in mail.outbox if m.to == [user.email] and "Today's tasks" in m.subject]
        assert len(emails) == len(days)


def test_the_spring_gap_hour_comes_with_the_next_one(db, add_task):
    """02:00 does not exist in Rome on 29 March 2026: the 02:00 and 03:00 digests both
    arrive at 03:00 CEST (01:00 UTC), once."""
    early = UserFactory(reminder_hour=2, working_days=list(range(7)))
    add_task(early, date(2026, 3, 29))
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reminders_tick(now=datetime(2026, 3, 29, 0, 50, tzinfo=UTC))
    assert not Notification.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reminders_tick(now=datetime(2026, 3, 29, 1, 0, tzinfo=UTC))
        services.reminders_tick(now=datetime(2026, 3, 29, 1, 10, tzinfo=UTC))
    assert len([m for m in mail.outbox if "Today's tasks" in m.subject]) == 1
