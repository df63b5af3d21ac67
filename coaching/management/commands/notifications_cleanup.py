from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from coaching.reminders import services


class Command(BaseCommand):
    help = "Delete notifications that were read more than 90 days ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        count = services.notifications_cleanup(now=timezone.now(), dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} read notifications {verb}.")
