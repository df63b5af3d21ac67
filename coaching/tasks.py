"""Thin Celery tasks: take ids, load rows, call one service."""

from datetime import date

from celery import shared_task
from django.db import OperationalError

from outbox.celery import instant_or_now

from . import services, summaries


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def plans_generate_task(
    user_ids: list[int], week: str | None = None, now: str | None = None
) -> int:
    """Make the week's plan (in each trainee's own time zone) for these trainees.

    ``week`` is the Monday the dispatcher found due and ``now`` the instant it looked;
    without them, this week at the time the task runs. Returns how many plans were
    created; trainees who already have one are skipped, so the task is safe to re-run.
    """
    return services.plans_generate_chunk(
        user_ids=user_ids,
        now=instant_or_now(now),
        week_start=date.fromisoformat(week) if week else None,
    )


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def plans_weekly_dispatch_task(now: str | None = None) -> int:
    """The frequent tick of the Monday plans: enqueue the chunks of trainees still without one.

    Returns how many trainees were sent. Running it again sends only those still missing.
    """
    return services.plans_weekly_dispatch(now=instant_or_now(now)).trainees


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def trainee_summaries_refresh_task(user_ids: list[int], now: str | None = None) -> int:
    """Recompute the cohort dashboard's rows of these trainees (as of ``now``)."""
    return summaries.trainee_summaries_refresh(user_ids=user_ids, now=instant_or_now(now))


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def trainee_summaries_rollover_task(now: str | None = None) -> int:
    """The frequent tick after each trainee's local midnight: enqueue the refresh of the
    rows whose day has turned (and of missing ones). Returns how many trainees."""
    return summaries.trainee_summaries_rollover(now=instant_or_now(now))
