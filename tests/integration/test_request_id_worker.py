"""A real worker logs the task a request enqueued with that request's id, as JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.factories import UserFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration

TASK = "scoring.tasks.estimates_recompute_task"


def json_lines(text: str) -> list[dict]:
    lines = []
    for raw in text.splitlines():
        if raw.startswith("{"):
            lines.append(json.loads(raw))
    return lines


def test_the_worker_logs_the_task_with_the_id_of_the_request_that_asked(workers, client):
    worker = workers.start(env={"LOG_FORMAT": "json"})
    trainee = UserFactory()
    client.force_login(trainee, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        "/signals/activity/",
        {"kind": "comment", "occurred_on": date.today().isoformat(), "count": 2},
        HTTP_X_REQUEST_ID="web-req-4242",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "web-req-4242"

    def task_lines() -> list[dict]:
        return [
            line
            for line in json_lines(worker.output())
            if line.get("task_name") == TASK and "succeeded" in line["message"]
        ]

    [done] = wait_for(task_lines, timeout=60)
    assert done["request_id"] == "web-req-4242"
    assert done["task_id"]
    assert done["logger"] == "celery.app.trace"
    # The worker's own lines are JSON as well, each with the fields a collector indexes.
    ready = [line for line in json_lines(worker.output()) if "ready." in line["message"]]
    assert ready and {"time", "level", "logger", "request_id"} <= set(ready[0])
