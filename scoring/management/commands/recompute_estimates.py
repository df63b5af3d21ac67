"""Recompute every active trainee's estimate, in chunks of ids.

    manage.py recompute_estimates                 # each trainee's own today, in this process
    manage.py recompute_estimates --date 2026-03-16
    manage.py recompute_estimates --enqueue       # one Celery task per chunk, for the workers
    manage.py recompute_estimates --local-hour 4  # only the zones where it is now 04:xx

The same service as the beat's hourly "estimates-morning" entry (which passes 4).
Re-running is safe: estimates are upserted on (user, date, model version).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.commands import parse_now
from scoring import services


class Command(BaseCommand):
    help = "Recompute the estimates of all active trainees (in chunks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", dest="day", type=date.fromisoformat, help="Day to estimate (ISO)."
        )
        parser.add_argument(
            "--now", help="The instant whose local day each trainee gets (ISO 8601 with offset)."
        )
        parser.add_argument("--chunk", type=int, help="Trainees per chunk.")
        parser.add_argument(
            "--local-hour",
            type=int,
            choices=range(24),
            metavar="H",
            help="Only the trainees of the zones where it is now H o'clock (the beat: 4).",
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Send each chunk to the Celery workers."
        )

    def handle(
        self,
        *args,
        day: date | None = None,
        now: str | None = None,
        chunk: int | None = None,
        enqueue: bool = False,
        local_hour: int | None = None,
        **options,
    ) -> None:
        if chunk is not None and chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        instant = parse_now(now)
        result = services.estimates_recompute_dispatch(
            now=instant, day=day, chunk_size=chunk, inline=not enqueue, local_hour=local_hour
        )
        if enqueue:
            self.stdout.write(f"Enqueued {result.trainees} trainees in {result.chunks} chunks.")
        else:
            self.stdout.write(f"Recomputed {result.stored} estimates.")
