"""What the reminder commands share (their --now is accounts.commands.parse_now)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from accounts.commands import parse_now
from coaching.reminders import services


class ReminderCommand(BaseCommand):
    kinds: tuple[str, ...] | None = None

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="The instant to act as (ISO 8601 with its offset, e.g. ...Z)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )

    def handle(self, *args, now: str | None = None, dry_run: bool = False, **options) -> None:
        instant = parse_now(now)
        result = services.reminders_tick(
            now=instant, kinds=self.kinds, dry_run=dry_run, inline=not dry_run
        )
        if dry_run:
            for line in result.preview:
                self.stdout.write(line)
            self.stdout.write(
                f"Dry run at {instant.isoformat()}: {len(result.preview)} would be sent."
            )
            return
        self.stdout.write(self.style.SUCCESS(f"{result.sent} sent at {instant.isoformat()}."))
