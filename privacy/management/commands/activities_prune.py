from datetime import UTC

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.commands import parse_now
from privacy import services


class Command(BaseCommand):
    help = "Delete raw activity older than ACTIVITY_RETENTION_MONTHS (0: keep it all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count the rows.")
        parser.add_argument("--chunk", type=int, help="Rows deleted per transaction.")
        parser.add_argument("--now", help="The instant to count back from (ISO 8601 with offset).")

    def handle(
        self,
        *args,
        dry_run: bool = False,
        chunk: int | None = None,
        now: str | None = None,
        **options,
    ) -> None:
        if chunk is not None and chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        instant = parse_now(now)
        count = services.activities_prune(
            today=instant.astimezone(UTC).date(), dry_run=dry_run, chunk_size=chunk
        )
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} activities {verb}.")
