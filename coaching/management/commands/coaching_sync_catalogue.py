from django.core.management.base import BaseCommand

from coaching.seed import catalogue_sync


class Command(BaseCommand):
    help = (
        "Create or update the stored task templates from the built-in catalogue (safe to re-run)."
    )

    def handle(self, *args, **options) -> None:
        count = catalogue_sync()
        self.stdout.write(self.style.SUCCESS(f"{count} task templates in sync with the catalogue."))
