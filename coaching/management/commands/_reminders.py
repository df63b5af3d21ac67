"""Shared by the reminder commands: parse ``--now`` and report a tick."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coaching.reminders import services


def parse_now(value: str | None) -> datetime:
    if not value:
        return timezone.now()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--now must be an ISO date and time, e.g. 2026-03-29T07:00Z: {value!r}"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class ReminderCommand(BaseCommand):
    kinds: tuple[str, ...] | None = None

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="The instant to act as (ISO, UTC unless it names an offset)."
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
