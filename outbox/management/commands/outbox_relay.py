import time

from django.core.management.base import BaseCommand

from outbox.services import outbox_relay


class Command(BaseCommand):
    help = "Publish the background work that waits in the outbox (the beat does it every 30 s)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SECONDS",
            help="Keep relaying, pausing this many seconds between rounds.",
        )

    def handle(self, *args, loop=None, **options):
        while True:
            result = outbox_relay()
            self.stdout.write(
                "published {published}, failed {failed}, still waiting {waiting}".format(**result)
            )
            if not loop:
                return
            time.sleep(loop)
