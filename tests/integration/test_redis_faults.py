"""Redis stopped or frozen: requests still answer in time and no enqueued work is lost.

Each test runs its own redis-server (``redis_server``) as broker and cache, and stops
or freezes that one only.
"""

import threading
import time
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings
from rest_framework.authtoken.models import Token

from outbox.models import OutboxMessage
from scoring.models import Activity, Estimate
from tests.factories import UserFactory
from tests.integration.conftest import celery_app_using, wait_for

pytestmark = pytest.mark.integration

DEADLINE = 2.0


def _cache_on(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "fault",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _log_activity_web(client):
    return client.post(
        "/signals/activity/",
        {"kind": "comment", "occurred_on": date.today().isoformat(), "count": 2},
    )


def _log_activity_api(client, token):
    return client.post(
        "/api/v1/activities/",
        {"kind": "post", "occurred_on": date.today().isoformat(), "count": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )


def test_redis_stopped_requests_succeed_and_the_recompute_runs_once_it_is_back(
    workers, redis_server, client
):
    trainee = UserFactory()
    token = Token.objects.create(user=trainee)
    client.force_login(trainee, backend="django.contrib.auth.backends.ModelBackend")
    workers.start()
    with override_settings(CACHES=_cache_on(redis_server.url)):
        redis_server.stop()

        web, web_seconds = _timed(lambda: _log_activity_web(client))
        api, api_seconds = _timed(lambda: _log_activity_api(client, token))
        health, health_seconds = _timed(lambda: client.get("/healthz"))

        assert web.status_code == 302, web.content[:500]
        assert api.status_code == 201, api.content[:500]
        assert web_seconds < DEADLINE and api_seconds < DEADLINE, (web_seconds, api_seconds)
        assert health.status_code == 503 and health_seconds < DEADLINE
        # Both rows were written once; the recomputes they asked for wait in the outbox.
        assert Activity.objects.filter(user=trainee).count() == 2
        assert (
            OutboxMessage.objects.filter(task="scoring.tasks.estimates_recompute_task").count() == 2
        )
        assert not Estimate.objects.filter(user=trainee).exists()

        redis_server.start()
        call_command("outbox_relay")  # what the beat's outbox-relay entry runs
        assert not OutboxMessage.objects.exists()
        wait_for(lambda: Estimate.objects.filter(user=trainee).exists(), timeout=60)
        assert client.get("/healthz").status_code == 200


def test_redis_frozen_pages_api_and_healthz_answer_within_two_seconds(
    redis_server, transactional_db, client
):
    trainee = UserFactory()
    token = Token.objects.create(user=trainee)
    with celery_app_using(redis_server.url), override_settings(CACHES=_cache_on(redis_server.url)):
        redis_server.freeze()
        try:
            login_page, login_seconds = _timed(lambda: client.get("/login/"))
            client.force_login(trainee, backend="django.contrib.auth.backends.ModelBackend")
            web, web_seconds = _timed(lambda: _log_activity_web(client))
            api, api_seconds = _timed(lambda: _log_activity_api(client, token))
            me, me_seconds = _timed(
                lambda: client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
            )
            dashboard, dashboard_seconds = _timed(lambda: client.get("/dashboard/"))

            # Ten health probes at once, as a load balancer sends them: each answers 503
            # in time and none holds its thread longer.
            probes: list[tuple[int, float]] = []

            def probe():
                from django.db import connection
                from django.test import Client

                try:
                    response, seconds = _timed(lambda: Client().get("/healthz"))
                    probes.append((response.status_code, seconds))
                finally:
                    connection.close()

            threads = [threading.Thread(target=probe) for _ in range(10)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=10)
        finally:
            redis_server.thaw()

    assert login_page.status_code == 200 and login_seconds < DEADLINE
    assert web.status_code == 302 and web_seconds < DEADLINE
    assert api.status_code == 201 and api_seconds < DEADLINE
    assert me.status_code == 200 and me_seconds < DEADLINE
    assert dashboard.status_code == 200 and dashboard_seconds < DEADLINE
    assert len(probes) == 10
    assert all(status == 503 and seconds < DEADLINE for status, seconds in probes), probes
    # Nothing was lost while Redis was frozen: the work waits in the outbox.
    assert Activity.objects.filter(user=trainee).count() == 2
    assert OutboxMessage.objects.count() == 2
