"""The Celery application, configured from Django settings (``CELERY_`` prefix)."""

import os
from datetime import timedelta

from celery import Celery, signals
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

# Every task is an OutboxTask: ``delay_on_commit`` writes the work in the caller's
# transaction and a relay publishes it, so a broker outage delays work, losing none.
app = Celery("ssi_coach", task_cls="outbox.celery:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Sub-packages that keep their tasks beside their code: found the same way, by name.
app.autodiscover_tasks(["scoring.archive", "coaching.reminders"])


@signals.setup_logging.connect
def _logging_from_django(**kwargs) -> None:
    """Workers and the beat log as the web does (settings.LOGGING: JSON in production,
    with the request id), instead of Celery's own format on the root logger."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


# Each task's log lines carry the id of the request that enqueued it (config/logs.py).
from config.logs import bind_task, unbind_task  # noqa: E402

signals.task_prerun.connect(bind_task, weak=False)
signals.task_postrun.connect(unbind_task, weak=False)

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
    "trainee-summaries-rollover": {
        # Every 15 minutes: the cohort dashboard's rows of the trainees whose local day
        # has turned since they were computed (streak, this week, the drop window), and
        # rows still missing (`manage.py trainee_summaries_rebuild --stale`).
        "task": "coaching.tasks.trainee_summaries_rollover_task",
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
    "activities-prune": {
        # Nightly: delete raw activity older than ACTIVITY_RETENTION_MONTHS, in chunks
        # (`manage.py activities_prune`; `--dry-run` counts).
        "task": "privacy.tasks.activities_prune_task",
        "schedule": crontab(minute=20, hour=2),
        "options": {"expires": 60 * 60},
    },
}
