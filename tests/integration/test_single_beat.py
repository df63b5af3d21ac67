"""Exactly one beat: a second beat waits for the lock, and takes over when the first dies."""

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.integration.conftest import ROOT, wait_for

pytestmark = pytest.mark.integration


def _start_beat(redis_url, log_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "BEAT_LOCK_TIMEOUT": "3",
        "BEAT_MAX_LOOP_INTERVAL": "1",
    }
    handle = open(log_path, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _kill(process):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_a_second_beat_waits_and_takes_over_when_the_first_dies(redis_server, tmp_path):
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = _start_beat(redis_server.url, first_log)
    second = None
    try:
        wait_for(lambda: "Acquired lock" in first_log.read_text(), timeout=60)
        second = _start_beat(redis_server.url, second_log)
        wait_for(lambda: "beat: Starting" in second_log.read_text(), timeout=60)
        time.sleep(4)  # longer than the lock's timeout: the first beat keeps extending it
        assert "Acquired lock" not in second_log.read_text()
        assert second.poll() is None

        _kill(first)
        wait_for(lambda: "Acquired lock" in second_log.read_text(), timeout=30)
    finally:
        _kill(first)
        if second is not None:
            _kill(second)
    assert "redbeat" in first_log.read_text().lower()
