"""Thin Celery tasks: take ids, load rows, call one service."""

import socket

from celery import shared_task

from .models import Invitation
from .services import invitation_send_email as _send


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def invitation_send_email(
    self, invitation_id: int, language: str, sent_before: int | None = None
) -> bool:
    """Send the invitation's e-mail, unless it is no longer pending or has been sent
    since this task was queued (``sent_before``: the send count then), so that a task
    run twice sends one e-mail (only a crash between sending and recording resends)."""
    invitation = Invitation.objects.select_related("cohort").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        return False
    if sent_before is not None and invitation.send_count > sent_before:
        return False
    _send(invitation=invitation, language=language)
    return True


@shared_task(ignore_result=False)
def ping(payload: str = "") -> dict[str, str]:
    """A trivial task that proves a worker is consuming the queue."""
    return {"pong": payload, "worker": socket.gethostname()}
