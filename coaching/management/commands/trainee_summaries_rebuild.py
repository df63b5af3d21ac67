"""Rebuild the cohort dashboard's stored rows (safe to re-run)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.commands import parse_now
from accounts.models import Cohort
from coaching import summaries


class Command(BaseCommand):
    help = (
        "Recompute the cohort dashboard's row of every trainee from the source tables "
        "(after a bulk load); with --stale only the rows whose local day has turned or "
        "that are missing (the periodic job)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cohort", type=int, help="Only this cohort (id).")
        parser.add_argument(
            "--stale", action="store_true", help="Only rows whose day has turned, or missing."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="With --stale: send chunks to the workers."
        )
        parser.add_argument(
            "--now", help="The instant to act as (ISO 8601 with its offset, e.g. ...Z)."
        )

    def handle(self, *args, **options) -> None:
        now = parse_now(options["now"])
        if options["stale"]:
            if options["cohort"]:
                raise CommandError("--stale works on every cohort; leave out --cohort.")
            count = summaries.trainee_summaries_rollover(now=now, inline=not options["enqueue"])
            verb = "sent to the workers" if options["enqueue"] else "refreshed"
            self.stdout.write(f"{count} trainees' rows {verb}.")
            return
        cohort = None
        if options["cohort"]:
            cohort = Cohort.objects.filter(pk=options["cohort"]).first()
            if cohort is None:
                raise CommandError(f"No cohort with id {options['cohort']}.")
        stored = summaries.trainee_summaries_rebuild(now=now, cohort=cohort)
        self.stdout.write(f"{stored} rows stored.")
