"""A request id on each request's log lines, its response, and the tasks it enqueues."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from config.celery import app
from config.logs import RequestIdFilter, RequestIdMiddleware, current_request_id, task_var
from outbox.models import OutboxMessage
from outbox.services import outbox_enqueue, outbox_publish

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"[0-9a-f]{32}")
TASK = "tests.test_request_id.log_something"


@app.task(name=TASK)
def log_something(word: str) -> None:
    logging.getLogger("ssi.tests").info("task says %s", word)


@pytest.fixture
def log_lines():
    """Every record from here on, through the project's JSON formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    json_config = dict(settings.LOGGING["formatters"]["json"])
    handler.setFormatter(logging.config.DictConfigurator({}).configure_formatter(json_config))
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


# --- the response header ----------------------------------------------------------------


def test_a_request_without_an_id_gets_one_in_its_response(client):
    response = client.get("/healthz")
    assert GENERATED.fullmatch(response["X-Request-ID"])
    assert client.get("/healthz")["X-Request-ID"] != response["X-Request-ID"]


@pytest.mark.parametrize(
    "given", ["3f2a9c1e-7b4d-4e2a-9c1e-7b4d4e2a9c1e", "lb-1234.5678", "Root=1-67891233:abc"]
)
def test_a_plausible_id_from_the_proxy_is_kept(client, given):
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


@pytest.mark.parametrize(
    "given",
    ["", "has space", 'quote"d', "line\nbreak", "x" * 129, "-leading-dash", "é-accent"],
)
def test_an_implausible_id_is_replaced(client, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_redirects_and_errors_carry_the_id_too(client):
    assert "X-Request-ID" in client.get("/settings/")  # a redirect to the login page
    assert "X-Request-ID" in client.get("/no-such-page/")


# --- log lines ----------------------------------------------------------------------------


def test_each_request_logs_one_line_with_its_id(client, log_lines, trainee):
    client.force_login(trainee)
    client.get("/settings/", HTTP_X_REQUEST_ID="req-one-line")
    [line] = [entry for entry in log_lines() if entry["logger"] == "ssi.request"]
    assert line["request_id"] == "req-one-line"
    assert line["method"] == "GET"
    assert line["path"] == "/settings/"
    assert line["status"] == 200
    assert line["user_id"] == trainee.pk
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"


def test_the_request_line_never_shows_a_token_from_the_path(client, log_lines):
    client.get("/invite/s3cret-invitation-token/")
    [line] = [entry for entry in log_lines() if entry["logger"] == "ssi.request"]
    assert line["path"] == "/invite/<token>/"
    assert "s3cret" not in json.dumps(line)


def test_every_line_logged_during_the_request_has_its_id(rf: RequestFactory, log_lines):
    def view(request):
        logging.getLogger("scoring.anything").warning("inside the view")
        return HttpResponse("ok")

    RequestIdMiddleware(view)(rf.get("/x", HTTP_X_REQUEST_ID="req-in-view"))
    lines = log_lines()
    inside = next(line for line in lines if line["message"] == "inside the view")
    assert inside["request_id"] == "req-in-view"
    assert current_request_id() == ""  # and nothing leaks into the next request


# --- into the tasks -------------------------------------------------------------------------


def test_work_a_request_enqueues_carries_its_id_in_the_message_headers(rf):
    def view(request):
        outbox_enqueue(task=TASK, args=["hello"])
        return HttpResponse("ok")

    RequestIdMiddleware(view)(rf.get("/x", HTTP_X_REQUEST_ID="req-to-task"))
    message = OutboxMessage.objects.get(task=TASK)
    assert message.options["headers"] == {"request_id": "req-to-task"}


def test_work_enqueued_outside_a_request_has_no_header():
    message = outbox_enqueue(task=TASK, args=["hello"])
    assert "headers" not in message.options


def test_the_task_logs_with_the_id_of_the_request_that_enqueued_it(rf, log_lines):
    def view(request):
        outbox_enqueue(task=TASK, args=["from-the-request"])
        return HttpResponse("ok")

    RequestIdMiddleware(view)(rf.get("/x", HTTP_X_REQUEST_ID="req-carried"))
    message = OutboxMessage.objects.get(task=TASK)
    # Later, from another context (the relay, as a worker would): the id comes from the row.
    assert current_request_id() == ""
    assert outbox_publish(pk=message.pk)
    said = next(line for line in log_lines() if line["message"] == "task says from-the-request")
    assert said["request_id"] == "req-carried"
    assert said["task_name"] == TASK
    assert said["task_id"]
    assert current_request_id() == "" and task_var.get() == ("", "")


def test_a_task_without_a_request_gets_an_id_of_its_own(log_lines):
    log_something.apply(args=["alone"])
    said = next(line for line in log_lines() if line["message"] == "task says alone")
    assert GENERATED.fullmatch(said["request_id"])


def test_a_task_run_inside_a_request_gives_the_request_its_id_back(rf, log_lines):
    def view(request):
        log_something.apply(args=["eager"], headers={"request_id": "req-eager"})
        logging.getLogger("ssi.tests").info("after the task")
        return HttpResponse("ok")

    RequestIdMiddleware(view)(rf.get("/x", HTTP_X_REQUEST_ID="req-outer"))
    after = next(line for line in log_lines() if line["message"] == "after the task")
    assert after["request_id"] == "req-outer"
    assert after["task_name"] == ""
