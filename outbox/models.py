"""Work that a request enqueued, written in the request's own transaction.

A row is the durable promise that a Celery task will run: it commits (or rolls back)
with the data that asked for it, and is deleted once the broker has taken the message.
While the broker is away the rows wait; the relay publishes them when it is back.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    options = models.JSONField(_("publish options"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A publisher claims a row until this instant, so that the request's own fast path
    # and the relay never publish the same row at once; an expired claim (a process
    # that died while publishing) is simply taken again.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("publish attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"
