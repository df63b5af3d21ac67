"""Housekeeping of archive imports: retry or fail the dead ones, delete leftover uploads.

The same job as ``scoring.archive.tasks.archive_imports_cleanup_task``; idempotent.
"""

from django.core.management.base import BaseCommand

from scoring.archive.services import archive_imports_cleanup


class Command(BaseCommand):
    help = (
        "Queue again or fail archive imports that died, and delete uploads that are no "
        "longer needed."
    )

    def handle(self, *args, **options) -> None:
        outcome = archive_imports_cleanup()
        self.stdout.write(
            f"{outcome['requeued']} interrupted import(s) queued again, "
            f"{outcome['failed']} stuck import(s) failed, {outcome['deleted']} file(s) deleted."
        )
