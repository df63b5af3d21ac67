from accounts.models import COACH_REMINDER_KINDS, TRAINEE_REMINDER_KINDS

from ._reminders import ReminderCommand


class Command(ReminderCommand):
    help = (
        "Send every reminder whose local hour has come (daily digests, SSI prompts, "
        "inactivity nudges, coach digests); safe to re-run: nothing is sent twice."
    )
    kinds = (*TRAINEE_REMINDER_KINDS, *COACH_REMINDER_KINDS)
