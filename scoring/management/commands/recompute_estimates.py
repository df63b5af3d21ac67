"""Recompute every active trainee's estimate for a day, in chunks.

    manage.py recompute_estimates                 # each trainee's own today, in this process
    manage.py recompute_estimates --date 2026-03-16
    manage.py recompute_estimates --enqueue       # one Celery task per chunk, for the workers

Re-running is safe: estimates are upserted on (user, date, model version).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from accounts.models import Role, User
from scoring import services
from scoring.tasks import estimates_recompute_task


class Command(BaseCommand):
    help = "Recompute the estimates of all active trainees (in chunks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", dest="day", type=date.fromisoformat, help="Day to estimate (ISO)."
        )
        parser.add_argument("--chunk", type=int, default=1000, help="Users per batch.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Send each chunk to the Celery workers."
        )

    def handle(self, *args, day: date | None, chunk: int, enqueue: bool, **options) -> None:
        ids = list(
            User.objects.filter(role=Role.TRAINEE, is_active=True, is_staff=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        iso_day = day.isoformat() if day else None
        done = 0
        for start in range(0, len(ids), max(1, chunk)):
            batch = ids[start : start + max(1, chunk)]
            if enqueue:
                estimates_recompute_task.delay(batch, iso_day)
            elif day:
                done += len(services.estimates_recompute(users=batch, today=day))
            else:
                done += estimates_recompute_task(batch, None)
        if enqueue:
            self.stdout.write(f"Enqueued {len(ids)} trainees in chunks of {chunk}.")
        else:
            self.stdout.write(f"Recomputed {done} estimates.")
