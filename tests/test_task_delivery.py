"""Every task survives the death of its worker: late acks, requeue, a long enough timeout."""

import pytest
from django.conf import settings

from config.celery import app

#: Loading the task modules runs Django's model checks, which on SQLite ask the database
#: whether it supports JSON fields.
pytestmark = pytest.mark.django_db


def project_tasks() -> dict:
    app.loader.import_default_modules()
    apps = ("accounts.", "scoring.", "coaching.", "outbox.", "privacy.")
    return {name: task for name, task in app.tasks.items() if name.startswith(apps)}


def test_every_task_acknowledges_late_and_is_requeued_when_its_worker_dies():
    tasks = project_tasks()
    assert "scoring.archive.tasks.archive_import_task" in tasks
    assert "scoring.tasks.estimates_recompute_task" in tasks
    assert "privacy.tasks.activities_prune_task" in tasks
    for name, task in tasks.items():
        assert task.acks_late, name
        assert task.reject_on_worker_lost, name


def test_the_visibility_timeout_outlasts_every_task():
    """Otherwise Redis would hand a task still running to a second worker."""
    timeout = settings.CELERY_VISIBILITY_TIMEOUT
    if settings.CELERY_BROKER_URL.startswith("redis"):
        assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == timeout
    for name, task in project_tasks().items():
        limit = task.time_limit or app.conf.task_time_limit
        assert limit, f"{name} has no hard time limit"
        assert limit < timeout, name
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        assert soft <= limit, f"{name}: soft limit above the hard one"
