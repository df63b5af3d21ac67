"""Thin Celery tasks: take ids, load rows, call one service."""

from datetime import date

from celery import shared_task
from django.db import OperationalError

from accounts.models import User

from . import services


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def estimates_recompute_task(user_ids: list[int], day: str | None = None) -> int:
    """Recompute the estimates of these users for ``day`` (default: each user's today).

    Returns how many estimates were stored. Users that no longer exist are skipped.
    """
    users = list(User.objects.filter(pk__in=user_ids).only("pk", "time_zone"))
    if day is not None:
        return len(services.estimates_recompute(users=users, today=date.fromisoformat(day)))
    by_day: dict[date, list[User]] = {}
    for user in users:
        by_day.setdefault(services.user_today(user), []).append(user)
    return sum(
        len(services.estimates_recompute(users=group, today=today))
        for today, group in by_day.items()
    )


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


# The archive import's tasks live beside its code; importing them here registers them
# with the worker (autodiscovery looks at scoring.tasks only).
from .archive.tasks import archive_import_task, archive_imports_cleanup_task  # noqa: E402, F401
