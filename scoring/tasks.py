"""Thin Celery tasks: take ids, load rows, call one service."""

from datetime import date, datetime

from celery import shared_task
from django.db import OperationalError

from outbox.celery import instant_or_now

from . import services


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def estimates_recompute_task(
    user_ids: list[int], day: str | None = None, now: str | None = None
) -> int:
    """Recompute the estimates of these users for ``day`` (default: each user's today at
    ``now``, or at the time the task runs).

    Returns how many estimates were stored. Users that no longer exist are skipped.
    """
    return services.estimates_recompute_chunk(
        user_ids=user_ids,
        now=datetime.fromisoformat(now) if now else None,
        day=date.fromisoformat(day) if day else None,
    )


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def estimates_recompute_dispatch_task(now: str | None = None, local_hour: int | None = None) -> int:
    """The morning recompute: enqueue one chunk task per chunk of trainee ids, for the
    zones where ``local_hour`` is under way (all trainees without it).

    Returns how many trainees were sent. A repeated run enqueues the same chunks, whose
    upserts leave one estimate per trainee and day.
    """
    return services.estimates_recompute_dispatch(
        now=instant_or_now(now), local_hour=local_hour
    ).trainees


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def cohort_days_recompute_task(user_id: int, days: list[str]) -> int:
    """Refresh the cohort days (averages, shared drops) a trainee's snapshots affect."""
    return services.cohort_days_recompute_for_user(
        user_id=user_id, days=[date.fromisoformat(d) for d in days]
    )
