"""Make this week's plan for every active trainee whose Monday 06:00 has come.

    manage.py coaching_generate_plans                 # in this process
    manage.py coaching_generate_plans --enqueue       # one Celery task per chunk
    manage.py coaching_generate_plans --dry-run --now 2026-11-30T05:00:00+00:00

The same service as the scheduled tick; re-running is safe (one plan per trainee and week).
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.commands import parse_now
from coaching import services


class Command(BaseCommand):
    help = "Make this week's plan for every active trainee who has none yet (safe to re-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the trainees without a plan."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Send each chunk to the Celery workers."
        )
        parser.add_argument("--now", help="The instant to act as of (ISO 8601 with offset).")
        parser.add_argument("--chunk", type=int, help="Trainees per chunk.")

    def handle(
        self,
        *args,
        dry_run: bool = False,
        enqueue: bool = False,
        now: str | None = None,
        chunk: int | None = None,
        **options,
    ) -> None:
        if chunk is not None and chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        instant = parse_now(now)
        result = services.plans_weekly_dispatch(
            now=instant, dry_run=dry_run, inline=not enqueue, chunk_size=chunk
        )
        weeks = ", ".join(f"{week} ({len(zones)} zones)" for week, zones in result.weeks.items())
        self.stdout.write(f"Weeks due: {weeks or 'none'}.")
        if dry_run:
            self.stdout.write(f"{result.trainees} trainees have no plan for this week.")
        elif enqueue:
            self.stdout.write(f"Enqueued {result.trainees} trainees in {result.chunks} chunks.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{result.created} plans created."))
