"""A request id on every log line of a request, and of the tasks that request enqueued.

``RequestIdMiddleware`` takes the id from the ``X-Request-ID`` header when it is a
plausible id (a proxy or load balancer in front may set one), makes one otherwise,
returns it in the response's ``X-Request-ID`` and keeps it in a context variable while
the request runs. ``RequestIdFilter`` writes it (and, in a worker, the task's name and
id) onto every log record, so the formatters print it: one JSON object a line in
production (python-json-logger), plain text elsewhere.

Work a request enqueues goes through the outbox: ``outbox_enqueue`` stores the current
id in the message's Celery headers (``request_id``), the worker reads it back before
the task runs (``bind_task``, connected to ``task_prerun`` in ``config/celery.py``), so
a task's log lines carry the id of the request that asked for it. A task started by the
beat gets an id of its own, passed on to the tasks it enqueues in turn.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar, Token
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
#: The Celery message header that carries the id into a task.
TASK_HEADER = "request_id"
# Letters, digits and a few separators, as UUIDs and tracing ids are; anything else
# (spaces, quotes, newlines that would forge a log line, overlong values) is replaced.
VALID_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=-]{0,127}")

#: The formatter of production's log lines: one JSON object a line, with the request id.
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "format": "%(levelname)s %(name)s %(message)s %(request_id)s %(task_name)s %(task_id)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    # An ISO 8601 instant in UTC, under "time".
    "timestamp": "time",
}

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
task_var: ContextVar[tuple[str, str]] = ContextVar("task", default=("", ""))

logger = logging.getLogger("ssi.request")


def new_request_id() -> str:
    return uuid.uuid4().hex


def valid_request_id(value: str | None) -> str | None:
    """``value`` when it is acceptable as a request id, else None."""
    if value and VALID_ID.fullmatch(value):
        return value
    return None


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id``, ``task_name`` and ``task_id`` to every record (empty if none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.task_name, record.task_id = task_var.get()
        return True


def loggable_path(request: HttpRequest) -> str:
    """The path, with the secrets that some paths carry (invitation, password-reset and
    unsubscribe tokens) replaced: whoever reads the logs must not be able to use them."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if ("token" in name or name == "uidb64") and isinstance(value, str) and value:
            path = path.replace(value, f"<{name}>")
    return path


class RequestIdMiddleware:
    """First in the chain: every response, redirects and errors too, carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = valid_request_id(request.headers.get(HEADER)) or new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                loggable_path(request),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": loggable_path(request),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


# The context each running task replaced, restored when it ends: a task run eagerly
# inside a request (tests, one-process tools) gives the request its own id back.
_task_tokens: dict[str, tuple[Token[str], Token[tuple[str, str]]]] = {}


def task_request_id(request: Any) -> str | None:
    """The request id a task's message carries, if any (and if plausible)."""
    if request is None:
        return None
    # A worker exposes the message's own headers as attributes of the task's request;
    # an eager run keeps them under ``headers``.
    carried = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(
        TASK_HEADER
    )
    return valid_request_id(carried)


def bind_task(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    """``task_prerun``: the task's logs carry the request id its message brought."""
    carried = task_request_id(getattr(task, "request", None))
    tokens = (
        request_id_var.set(carried or new_request_id()),
        task_var.set((getattr(task, "name", "") or "", task_id or "")),
    )
    _task_tokens[task_id or ""] = tokens


def unbind_task(task_id: str | None = None, **kwargs: Any) -> None:
    """``task_postrun``: the context from before the task comes back."""
    tokens = _task_tokens.pop(task_id or "", None)
    if tokens is None:
        return
    request_token, task_token = tokens
    try:
        task_var.reset(task_token)
        request_id_var.reset(request_token)
    except ValueError:  # set in another context (a pool that switched threads)
        request_id_var.set("")
        task_var.set(("", ""))


def gunicorn_logconfig() -> dict[str, Any]:
    """gunicorn's own lines (start-up, workers, errors) in the same JSON as the app's."""
    stream = {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
        "formatters": {"json": JSON_FORMATTER},
        "handlers": {"console": {**stream, "stream": "ext://sys.stderr"}},
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
        },
    }
