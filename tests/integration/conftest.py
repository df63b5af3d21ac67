"""Real servers and workers for the integration and fault tests.

Every process here is started by the test itself, on a port of its own: a private
``redis-server`` that a test may stop, freeze (SIGSTOP) or restart, and real Celery
worker processes that read the test database, so that a test can ``kill -9`` them.
The shared PostgreSQL and Redis are never touched.

Tests that share the database with a worker need PostgreSQL (an in-memory SQLite test
database is invisible to another process): outside CI they skip with the reason, in CI
a missing PostgreSQL or ``redis-server`` fails the run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def wait_for(condition: Callable[[], object], *, timeout: float, interval: float = 0.1):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


@dataclass
class RedisServer:
    """A redis-server of the test's own, which it may stop, freeze and restart."""

    port: int
    folder: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.settimeout(0.5)
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Shut the server down (its data goes with it: no persistence)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        _missing("redis-server is not installed")
    server = RedisServer(port=free_port(), folder=tmp_path)
    server.start()
    yield server
    server.stop()


def database_url_for_workers() -> str:
    """The URL of the test database, for processes started by the test."""
    from django.db import connection

    if connection.vendor != "postgresql":
        _missing("a worker shares the test database only on PostgreSQL (set DATABASE_URL)")
    conf = connection.settings_dict
    user = conf.get("USER") or "postgres"
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{conf['NAME']}"


@dataclass
class Worker:
    """A real ``celery worker`` process reading the test database."""

    name: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill9(self) -> None:
        """``kill -9`` of the whole worker: the main process and its pool children."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()

    def wait_ready(self, timeout: float = 60) -> None:
        wait_for(
            lambda: "ready." in self.output() or self.process.poll() is not None,
            timeout=timeout,
        )
        if self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited:\n{self.output()}")


@dataclass
class WorkerFactory:
    broker_url: str
    database_url: str
    folder: Path
    workers: list[Worker] = field(default_factory=list)

    def start(
        self,
        *,
        pool: str = "solo",
        concurrency: int = 1,
        queues: str = "celery",
        env: dict[str, str] | None = None,
    ) -> Worker:
        name = f"w{len(self.workers)}-{uuid.uuid4().hex[:6]}"
        log = self.folder / f"{name}.log"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.broker_url,
            "CELERY_BROKER_URL": self.broker_url,
            **(env or {}),
        }
        handle = log.open("w")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--pool={pool}",
                f"--concurrency={concurrency}",
                "--loglevel=INFO",
                "-Q",
                queues,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{name}@localhost",
            ],
            cwd=ROOT,
            env=environment,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = Worker(name=name, process=process, log=log)
        self.workers.append(worker)
        worker.wait_ready()
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.stop()


@contextlib.contextmanager
def celery_app_using(broker_url: str) -> Iterator:
    """Point this process's Celery app at ``broker_url`` with eager mode off."""
    from config.celery import app

    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager)
    app.conf.broker_url = broker_url
    app.conf.result_backend = broker_url
    app.conf.task_always_eager = False
    _reset_pools(app)
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
        _reset_pools(app)


def _reset_pools(app) -> None:
    from outbox import services as outbox

    # A broker another test stopped may have opened the outbox's circuit breaker in this
    # process; a new broker starts with it closed.
    outbox._mark_broker_up()
    # Connections and producers are pooled per app (kombu keeps one producer pool per
    # broker URL); drop the app's references so the next publish uses the broker now
    # configured.
    app._pool = None
    app.amqp._producer_pool = None
    with contextlib.suppress(AttributeError, KeyError):
        del app.backend
    app._local.__dict__.pop("backend", None)


def hold_env(target: str, marker: Path, *, after_calls: int = 1) -> dict[str, str]:
    """Worker environment that holds ``target`` in the middle (``tests/integration/hooks``)."""
    return {
        "TEST_CELERY_IMPORTS": "tests.integration.hooks",
        "TEST_HOLD": target,
        "TEST_HOLD_AFTER_CALLS": str(after_calls),
        "TEST_HOLD_MARKER": str(marker),
    }


@pytest.fixture
def workers(redis_server, transactional_db) -> Iterator[WorkerFactory]:
    """Start real workers on the private Redis, reading the test database.

    The test's own Celery app publishes to the same private Redis meanwhile.
    """
    factory = WorkerFactory(
        broker_url=redis_server.url,
        database_url=database_url_for_workers(),
        folder=Path(tempfile.mkdtemp(prefix="workers-")),
    )
    with celery_app_using(redis_server.url):
        try:
            yield factory
        finally:
            factory.stop_all()
