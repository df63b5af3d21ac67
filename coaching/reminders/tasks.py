"""Thin Celery tasks of the reminders: take ids (and the tick's instant), call one service."""

from __future__ import annotations

import smtplib
from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from outbox.celery import instant_or_now

from . import schedule, services

# Transient failures of a whole chunk (database gone, mail server unreachable on connect):
# the chunk is retried; the rows it already delivered are skipped by their claim.
TRANSIENT = (OperationalError, OSError, smtplib.SMTPException)


@shared_task(acks_late=True, time_limit=5 * 60, soft_time_limit=4 * 60)
def reminders_tick_task(now: str | None = None) -> int:
    """Every few minutes (beat): queue the reminders whose local hour has come."""
    return services.reminders_tick(now=instant_or_now(now)).chunks


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=60,
    retry_backoff_max=900,
    max_retries=5,
    time_limit=10 * 60,
    soft_time_limit=9 * 60,
)
def reminders_send_task(kind: str, day: str, user_ids: list[int], now: str | None = None) -> int:
    """Write and deliver one kind of reminder for one local day to a chunk of users."""
    result = services.reminders_send(
        kind=kind, day=date.fromisoformat(day), user_ids=user_ids, now=instant_or_now(now)
    )
    return result.sent


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=services.MAX_ATTEMPTS,
    time_limit=2 * 60,
    soft_time_limit=90,
)
def notification_send_task(self, notification_id: int) -> str:
    """Deliver one notification; a failed e-mail is retried later with a growing delay.

    The service counts the attempts and records the failure after the last one, so
    the retries end even if this task is redelivered.
    """
    outcome = services.notification_deliver(notification_id=notification_id)
    if outcome.retry:
        raise self.retry(countdown=schedule.retry_countdown(outcome.attempts))
    return "sent" if outcome.sent else "failed" if outcome.failed else "skipped"


@shared_task(acks_late=True, time_limit=5 * 60, soft_time_limit=4 * 60)
def notifications_cleanup_task() -> int:
    """Housekeeping (beat, nightly): delete notifications read long ago."""
    return services.notifications_cleanup(now=timezone.now())
