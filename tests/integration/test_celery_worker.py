"""A real Celery worker process consumes tasks from the real broker.

In CI the broker is Redis (REDIS_URL); locally without REDIS_URL it is the filesystem
transport that `make run` uses. Either way a separate worker process picks up the task.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from accounts.tasks import ping

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


@pytest.fixture
def worker_queue(settings):
    """Start a worker on a queue of its own; stop it afterwards."""
    if os.environ.get("CI") and not settings.REDIS_URL:
        pytest.fail("CI must run the integration tests against Redis (REDIS_URL is not set)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{queue}@localhost",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_real_worker_runs_a_task(worker_queue):
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        _run_ping(app, worker_queue)
    finally:
        app.conf.task_always_eager = eager


def _run_ping(app, worker_queue):
    payload = uuid.uuid4().hex
    started = time.monotonic()
    result = ping.apply_async(args=[payload], queue=worker_queue)
    value = result.get(timeout=60)
    assert value["pong"] == payload
    assert value["worker"]
    # The broker really was the configured one, not an in-process shortcut.
    expected = "redis" if settings.REDIS_URL else "filesystem"
    assert str(app.conf.broker_url).startswith(expected)
    assert time.monotonic() - started < 60


def test_tasks_are_json_only():
    from config.celery import app

    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit


@pytest.mark.django_db
def test_beat_schedule_names_registered_tasks_that_expire():
    from config.celery import app

    app.loader.import_default_modules()
    assert app.conf.beat_schedule
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, name
        assert entry["options"]["expires"] > 0, name
