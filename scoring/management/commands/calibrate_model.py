"""Fit the scoring model's weights to the official snapshots and show the errors.

    manage.py calibrate_model                      # every snapshot of the installation
    manage.py calibrate_model --cohort "Acme Sales Q1"
    manage.py calibrate_model --trainee someone@example.com
    manage.py calibrate_model --dry-run            # show the fit, save nothing

Prints the mean absolute error per pillar and of the total, before and after, on the
held-out (latest) days, and n. A new model version is saved, and becomes the one in use,
only when it is better on those days; re-running it on the same data saves nothing more.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import Cohort, Membership, User
from scoring import calibration, services


class Command(BaseCommand):
    help = "Calibrate the scoring model against official SSI snapshots."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--cohort", help="Only this cohort's trainees (name or id).")
        scope.add_argument("--trainee", help="Only this trainee's history (e-mail).")
        parser.add_argument("--today", type=date.fromisoformat, default=None)
        parser.add_argument("--dry-run", action="store_true", help="Show the fit; save nothing.")

    def handle(
        self,
        *args,
        cohort: str | None,
        trainee: str | None,
        today: date | None,
        dry_run: bool,
        **options,
    ) -> None:
        user_ids: list[int] | None = None
        scope = "the installation"
        if cohort:
            found = Cohort.objects.filter(name=cohort).first() or (
                Cohort.objects.filter(pk=cohort).first() if cohort.isdigit() else None
            )
            if found is None:
                raise CommandError(f"No cohort {cohort!r}.")
            user_ids = list(
                Membership.objects.filter(cohort=found).values_list("user_id", flat=True)
            )
            scope = f"cohort {found.name}"
        elif trainee:
            user = User.objects.filter(email__iexact=trainee).first()
            if user is None:
                raise CommandError(f"No user {trainee!r}.")
            user_ids, scope = [user.pk], f"trainee {user.email}"
        day = today or timezone.localdate()
        run = services.scoring_model_calibrate(
            today=day, user_ids=user_ids, scope=scope, save=not dry_run
        )
        self.stdout.write(f"Calibrating model v{run.model.version} on {scope}, up to {day}.")
        for line in calibration.report_lines(run.fit):
            self.stdout.write(line)
        if run.saved is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Saved model v{run.saved.version}, now in use; "
                    f"{run.estimates} estimates recomputed under it."
                )
            )
        elif run.fit.improved:
            self.stdout.write("Dry run: better on the held-out days, but nothing was saved.")
        elif not run.fit.reason:
            self.stdout.write("Not saved: the fit is not better on the held-out days.")
