"""The project's Celery task class: ``delay_on_commit`` goes through the outbox.

Every task of the project is built from this class (``config/celery.py``), so the one
call request code uses to enqueue work, ``task.delay_on_commit(...)``, writes the work
in the request's own transaction instead of hoping the broker is up at commit time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from celery.contrib.django.task import DjangoTask
from django.utils import timezone


def instant_or_now(value: str | None) -> datetime:
    """The instant a task was given (ISO 8601 text, as JSON carries it), else now: a
    dispatcher passes the instant it looked at, so that its chunks agree on the day."""
    return datetime.fromisoformat(value) if value else timezone.now()


class OutboxTask(DjangoTask):
    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:
        self.apply_async_on_commit(args, kwargs)

    def apply_async_on_commit(  # type: ignore[override]
        self,
        args: tuple | list | None = None,
        kwargs: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        from .services import outbox_enqueue

        outbox_enqueue(task=self.name, args=args, kwargs=kwargs, options=options)
