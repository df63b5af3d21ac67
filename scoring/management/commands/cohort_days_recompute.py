"""Rebuild the cohorts' daily averages and shared-drop marks (safe to re-run)."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Cohort
from scoring import services
from scoring.models import SsiSnapshot


class Command(BaseCommand):
    help = "Recompute the cohort days (averages, shared drops) from the snapshots."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cohort", type=int, help="Only this cohort (id).")
        parser.add_argument("--since", type=date.fromisoformat, help="First day (YYYY-MM-DD).")

    def handle(self, *args, **options) -> None:
        cohorts = Cohort.objects.order_by("pk")
        if options["cohort"]:
            cohorts = cohorts.filter(pk=options["cohort"])
            if not cohorts.exists():
                raise CommandError(f"No cohort with id {options['cohort']}.")
        stored = 0
        for cohort in cohorts:
            days = SsiSnapshot.objects.filter(user__memberships__cohort=cohort)
            if options["since"]:
                days = days.filter(date__gte=options["since"])
            wanted = set(days.values_list("date", flat=True).distinct())
            wanted |= {d + timedelta(days=1) for d in wanted}
            stored += len(services.cohort_days_recompute(cohort=cohort, days=wanted))
        self.stdout.write(f"{stored} cohort days stored.")
