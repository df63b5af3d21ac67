from accounts.models import COACH_REMINDER_KINDS

from ._reminders import ReminderCommand


class Command(ReminderCommand):
    help = (
        "Send the weekly digest to coaches whose local Monday hour has come; safe to "
        "re-run: nothing is sent twice."
    )
    kinds = COACH_REMINDER_KINDS
