"""What the management commands share: one reading of ``--now``, the instant to act as."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from . import localtime


def parse_now(value: str | None) -> datetime:
    """``--now`` as an aware instant (ISO 8601 naming its offset); now when not given."""
    if not value:
        return timezone.now()
    try:
        return localtime.parse_instant(value)
    except ValueError as error:
        raise CommandError(f"--now: {error}") from None
