"""Enqueue through the outbox, and relay what is waiting to the broker.

``outbox_enqueue`` writes a row in the caller's transaction and, once that commits,
tries to publish it at once (the fast path). A broker that is down or frozen costs the
request at most the socket timeouts once: the failure opens a short circuit during
which later requests only write their row. ``outbox_relay`` (a beat entry every 30 s
and ``manage.py outbox_relay``) publishes every row still waiting, oldest first.

A row is deleted only after the broker accepted its message, so a crash between the
two can publish a message twice: the tasks behind it are idempotent, as every task
here must be.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from config.logs import TASK_HEADER, current_request_id

from .models import OutboxMessage

logger = logging.getLogger(__name__)

#: How long a publisher holds a row before another may take it.
CLAIM_SECONDS = 60
#: After a failed publish, requests skip the fast path for this long.
CIRCUIT_SECONDS = 10.0
RELAY_BATCH = 500

_circuit = threading.Lock()
_broker_down_until = 0.0


def _broker_seems_down() -> bool:
    return time.monotonic() < _broker_down_until


def _mark_broker_down() -> None:
    global _broker_down_until
    with _circuit:
        _broker_down_until = time.monotonic() + CIRCUIT_SECONDS


def _mark_broker_up() -> None:
    global _broker_down_until
    with _circuit:
        _broker_down_until = 0.0


def outbox_enqueue(
    *,
    task: str,
    args: list | tuple | None = None,
    kwargs: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
) -> OutboxMessage:
    """Queue ``task`` durably with the current transaction; publish once it commits.

    The id of the request (or task) doing this travels in the message's headers, so
    that the worker's log lines for the task carry it (config/logs.py).
    """
    options = dict(options or {})
    if request_id := current_request_id():
        options["headers"] = {TASK_HEADER: request_id, **options.get("headers", {})}
    message = OutboxMessage.objects.create(
        task=task, args=list(args or []), kwargs=dict(kwargs or {}), options=options
    )
    transaction.on_commit(lambda: _publish_soon(message.pk))
    return message


def _publish_soon(pk: int) -> None:
    if _broker_seems_down():
        return
    outbox_publish(pk=pk)


def _claim(pk: int) -> OutboxMessage | None:
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=pk)
        .filter(_claim_free(now))
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    if claimed != 1:
        return None
    return OutboxMessage.objects.filter(pk=pk).first()


def _claim_free(now) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def _publishing_connection():
    """A broker connection that tries once: the row is the retry, not the connection."""
    from config.celery import app

    return app.connection_for_write(transport_options={"max_retries": 0})


def outbox_publish(*, pk: int, connection: Any = None) -> bool:
    """Publish one waiting row; True when the broker took it (and the row is gone)."""
    from config.celery import app

    if app.conf.task_always_eager:
        return _run_eagerly(pk)
    if connection is None:
        with _publishing_connection() as own:
            return outbox_publish(pk=pk, connection=own)
    message = _claim(pk)
    if message is None:
        return False
    task = app.tasks.get(message.task)
    if task is None:
        # A row written by another version of the code: keep it for an operator.
        _release(message, f"no task named {message.task!r} is registered")
        logger.error("outbox: %s #%s names no registered task", message.task, pk)
        return False
    try:
        # No retries here: the row is the retry. Socket timeouts bound the attempt.
        task.apply_async(
            args=message.args,
            kwargs=message.kwargs,
            retry=False,
            connection=connection,
            **message.options,
        )
    except Exception as exc:
        _mark_broker_down()
        _release(message, repr(exc))
        logger.warning("outbox: %s #%s not published yet: %r", message.task, pk, exc)
        return False
    _mark_broker_up()
    OutboxMessage.objects.filter(pk=pk).delete()
    return True


def _release(message: OutboxMessage, error: str) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=None, attempts=message.attempts + 1, last_error=error[:2000]
    )


def _run_eagerly(pk: int) -> bool:
    """Eager mode (tests, one-process tools): handing over means running now.

    The task's own errors propagate, as they would without the outbox.
    """
    from config.celery import app

    message = _claim(pk)
    if message is None:
        return False
    OutboxMessage.objects.filter(pk=pk).delete()
    app.tasks[message.task].apply_async(args=message.args, kwargs=message.kwargs, **message.options)
    return True


def outbox_relay(*, limit: int | None = None) -> dict[str, int]:
    """Publish every waiting row, oldest first; stop at the first broker failure."""
    published = failed = 0
    now = timezone.now()
    waiting = OutboxMessage.objects.filter(_claim_free(now)).values_list("pk", flat=True)
    pks = list(waiting[: limit or RELAY_BATCH])
    with _publishing_connection() as connection:
        for pk in pks:
            if outbox_publish(pk=pk, connection=connection):
                published += 1
            else:
                failed += 1
                if _broker_seems_down():
                    break
    left = OutboxMessage.objects.count()
    return {"published": published, "failed": failed, "waiting": left}
