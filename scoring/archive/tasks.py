"""The Celery task of the archive import: thin, with a time limit."""

from celery import shared_task

from . import services

# The benchmark's large generated export imports in seconds (bench/bench_archive.py);
# minutes mean something is wrong.
SOFT_TIME_LIMIT = 10 * 60
TIME_LIMIT = SOFT_TIME_LIMIT + 60


@shared_task(soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT, acks_late=True)
def archive_import_task(import_id: int) -> str | None:
    """Run one queued import; a repeated delivery finds it claimed and does nothing."""
    record = services.archive_import_run(import_id=import_id)
    return record.status if record else None


@shared_task(soft_time_limit=4 * 60, time_limit=5 * 60)
def archive_imports_cleanup_task() -> dict[str, int]:
    """Housekeeping: fail dead imports, delete leftover uploads."""
    return services.archive_imports_cleanup()
