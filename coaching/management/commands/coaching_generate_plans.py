from django.core.management.base import BaseCommand

from accounts.models import Role, User
from coaching import services
from coaching.bridge import user_today


class Command(BaseCommand):
    help = "Make this week's plan for every active trainee who has none yet (safe to re-run)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the trainees without a plan."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        trainees = list(User.objects.filter(role=Role.TRAINEE, is_active=True, is_staff=False))
        if dry_run:
            missing = [
                t
                for t in trainees
                if not t.plans.filter(week_start=services.week_start_of(user_today(t))).exists()
            ]
            self.stdout.write(f"{len(missing)} trainees have no plan for this week.")
            return
        created = services.plans_generate_for_users(users=trainees)
        self.stdout.write(self.style.SUCCESS(f"{created} plans created."))
