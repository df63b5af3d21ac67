"""The Celery application, configured from Django settings (``CELERY_`` prefix)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("ssi_coach")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic job, in one place. Each entry expires so that a backlog after an
# outage is dropped rather than run many times over; each job is idempotent and is
# also a management command.
app.conf.beat_schedule = {
    "archive-imports-cleanup": {
        # Fail imports that died half way and delete uploads left behind
        # (`manage.py archive_imports_cleanup`).
        "task": "scoring.archive.tasks.archive_imports_cleanup_task",
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
