"""Thin Celery tasks of privacy: they call one service."""

from __future__ import annotations

from datetime import UTC

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import services


def _transient() -> tuple[type[BaseException], ...]:
    """Errors worth a retry: the database or the storage (disk, S3) briefly away."""
    errors: list[type[BaseException]] = [OperationalError, OSError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError

        errors += [BotoCoreError, ClientError]
    except ImportError:  # pragma: no cover - django-storages[s3] is a dependency
        pass
    return tuple(errors)


@shared_task(
    acks_late=True,
    autoretry_for=_transient(),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def storage_files_delete_task(names: list[str]) -> int:
    """Delete a deleted account's uploads from storage (idempotent: gone stays gone)."""
    return services.storage_files_delete(names=names)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def activities_prune_task() -> int:
    """Housekeeping (beat, nightly): delete raw activity past the retention period."""
    return services.activities_prune(today=timezone.now().astimezone(UTC).date())
