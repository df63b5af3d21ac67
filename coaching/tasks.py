"""Thin Celery tasks: take ids, load rows, call one service."""

from celery import shared_task
from django.db import OperationalError

from accounts.models import Role, User

from . import services


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def plans_generate_task(user_ids: list[int]) -> int:
    """Make this week's plan (in each trainee's own time zone) for these trainees.

    Returns how many plans were created; trainees who already have one are skipped, so
    the task is safe to re-run.
    """
    users = User.objects.filter(pk__in=user_ids, role=Role.TRAINEE, is_active=True)
    return services.plans_generate_for_users(users=users)


# The reminders' tasks live beside their code; importing them here registers them with
# the worker (autodiscovery looks at coaching.tasks only).
from .reminders.tasks import (  # noqa: E402, F401
    notification_send_task,
    notifications_cleanup_task,
    reminders_send_task,
    reminders_tick_task,
)
