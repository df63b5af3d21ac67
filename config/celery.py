"""The Celery application, configured from Django settings (``CELERY_`` prefix)."""

import os
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

# Every task is an OutboxTask: ``delay_on_commit`` writes the work in the caller's
# transaction and a relay publishes it, so a broker outage delays work, losing none.
app = Celery("ssi_coach", task_cls="outbox.celery:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Sub-packages that keep their tasks beside their code: found the same way, by name.
app.autodiscover_tasks(["scoring.archive", "coaching.reminders"])

# Every periodic job, in one place. Each entry expires so that a backlog after an
# outage is dropped rather than run many times over; each job is idempotent and is
# also a management command.
app.conf.beat_schedule = {
    "outbox-relay": {
        # Publish work that requests queued while the broker was away
        # (`manage.py outbox_relay`).
        "task": "outbox.tasks.outbox_relay_task",
        "schedule": timedelta(seconds=30),
        "options": {"expires": 25},
    },
    "archive-imports-cleanup": {
        # Fail imports that died half way and delete uploads left behind
        # (`manage.py archive_imports_cleanup`).
        "task": "scoring.archive.tasks.archive_imports_cleanup_task",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 10 * 60},
    },
    "estimates-morning": {
        # Every hour, the trainees of the zones where it is now 04:xx: each trainee's
        # estimate for their new day is fresh every morning, wherever they are, fanned
        # out in chunks of ids (`manage.py recompute_estimates --local-hour 4 --enqueue`).
        # Minute 5, so that zones 30 or 45 minutes off the hour fall in their 04:00 too.
        "task": "scoring.tasks.estimates_recompute_dispatch_task",
        "schedule": crontab(minute=5),
        "kwargs": {"local_hour": 4},
        "options": {"expires": 50 * 60},
    },
    "plans-weekly": {
        # This week's plan for each trainee from Monday 06:00 in their own zone, with
        # catch-up through the local Sunday (`manage.py coaching_generate_plans --enqueue`).
        # Every 15 minutes, so zones 30 or 45 minutes off the hour are on time too.
        "task": "coaching.tasks.plans_weekly_dispatch_task",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 10 * 60},
    },
    "reminders-tick": {
        # Every ten minutes: the reminders whose user-local hour has come, each kind
        # once per local day or week (`manage.py send_reminders`; coaches only:
        # `manage.py send_coach_digests`).
        "task": "coaching.reminders.tasks.reminders_tick_task",
        "schedule": crontab(minute="*/10"),
        "options": {"expires": 9 * 60},
    },
    "notifications-cleanup": {
        # Nightly: delete notifications read more than 90 days ago
        # (`manage.py notifications_cleanup`).
        "task": "coaching.reminders.tasks.notifications_cleanup_task",
        "schedule": crontab(minute=40, hour=3),
        "options": {"expires": 60 * 60},
    },
}
