"""The Celery tasks of the archive import: thin, with time limits."""

from celery import Task, shared_task
from django.conf import settings

from . import services


# The benchmark's large generated export imports in seconds (bench/bench_archive.py);
# minutes mean something is wrong. The hard limit is also the lease of a running import
# (settings.ARCHIVE_IMPORT_TIME_LIMIT): once it has passed, the worker is dead.
@shared_task(
    bind=True,
    soft_time_limit=settings.ARCHIVE_IMPORT_SOFT_TIME_LIMIT,
    time_limit=settings.ARCHIVE_IMPORT_TIME_LIMIT,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=settings.ARCHIVE_IMPORT_MAX_ATTEMPTS,
)
def archive_import_task(self: Task, import_id: int) -> str | None:
    """Run one import. A repeated delivery finds it claimed or ended and does nothing;
    the delivery that follows a dead worker takes the import over."""
    try:
        record = services.archive_import_run(import_id=import_id)
    except services.ImportLeased as held:
        # Another attempt holds the import (a message handed out again at once after its
        # worker process died, or a second queueing): look again when its lease is over.
        if self.request.retries >= self.max_retries:
            return None  # housekeeping takes it over from here
        raise self.retry(countdown=held.retry_in + 1) from None
    return record.status if record else None


@shared_task(soft_time_limit=4 * 60, time_limit=5 * 60)
def archive_imports_cleanup_task() -> dict[str, int]:
    """Housekeeping: take over or fail dead imports, delete leftover uploads."""
    return services.archive_imports_cleanup()
