"""Writes for reminders: the tick, writing notifications, delivering them, read marks.

The flow, every step safe to repeat or to run twice at once:

1. ``reminders_tick`` (every few minutes, UTC) asks which users' chosen local hour has
   come and fans the work out in chunks of user ids;
2. ``reminders_send`` checks the rules again for a chunk, writes one ``Notification``
   per user, kind and period (the unique constraint turns a second writer into a no-op)
   and delivers each still pending row;
3. ``notification_deliver`` claims the row with a conditional update before sending, so
   that of two workers only one sends, and marks it sent after. A failed e-mail goes
   back to pending and is retried later with a growing delay; after
   ``MAX_ATTEMPTS`` attempts it is recorded as failed and never tried again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core import mail
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import ReminderKind, User

from ..models import Notification, NotificationStatus
from . import rules, schedule, selectors
from .messages import reminder_email

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
#: Delivery attempts before a notification is recorded as failed.
MAX_ATTEMPTS = 5
#: A row claimed longer ago than this by a worker that never finished may be claimed again.
CLAIM_LEASE = timedelta(minutes=10)
#: Read notifications older than this are deleted by the housekeeping job.
KEEP_READ = timedelta(days=90)


@dataclass
class TickResult:
    batches: list[selectors.DueBatch] = field(default_factory=list)
    chunks: int = 0
    resumed: int = 0
    sent: int = 0
    preview: list[str] = field(default_factory=list)

    @property
    def users(self) -> int:
        return sum(len(b.user_ids) for b in self.batches)


def _chunks(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def reminders_tick(
    *,
    now: datetime,
    kinds: Sequence[str] | None = None,
    dry_run: bool = False,
    inline: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> TickResult:
    """Every reminder due at ``now``, in chunks of user ids: queued for the workers, or
    sent here and now (``inline``, for the management commands), or only previewed
    (``dry_run``: ``preview`` says what would be sent, nothing is written)."""
    from .tasks import reminders_send_task

    batches = selectors.reminders_due(now=now)
    if kinds is not None:
        batches = [b for b in batches if b.kind in kinds]
    result = TickResult(batches=batches)
    if not dry_run and not inline:
        result.resumed = notifications_resume(now=now)
    for batch in result.batches:
        for ids in _chunks(batch.user_ids, chunk_size):
            result.chunks += 1
            if dry_run or inline:
                sent = reminders_send(
                    kind=batch.kind, day=batch.day, user_ids=ids, now=now, dry_run=dry_run
                )
                result.preview.extend(sent.preview)
                result.sent += sent.sent
            else:
                reminders_send_task.delay_on_commit(
                    batch.kind, batch.day.isoformat(), ids, now.isoformat()
                )
    return result


# --- Writing the notifications ------------------------------------------------------------------


def _payloads(kind: str, day: date, users: list[User], now: datetime) -> dict[int, dict[str, Any]]:
    """The users of the chunk for whom the rule still holds, with what to tell them."""
    if kind == ReminderKind.DAILY_DIGEST:
        due = selectors.tasks_due([u.pk for u in users], day)
        return {
            u.pk: {"day": day.isoformat(), "count": len(due[u.pk])}
            for u in users
            if due.get(u.pk) and day.weekday() in (u.working_days or [])
        }
    if kind in (ReminderKind.SSI_PROMPT, ReminderKind.INACTIVITY):
        facts = selectors.trainee_facts(users, day)
        found: dict[int, dict[str, Any]] = {}
        for u in users:
            if day.weekday() not in (u.working_days or []):
                continue
            f = facts[u.pk]
            if kind == ReminderKind.SSI_PROMPT and rules.needs_ssi(f, day):
                found[u.pk] = {"days": rules.days_without_ssi(f, day)}
            elif kind == ReminderKind.INACTIVITY and rules.is_inactive(f, day):
                found[u.pk] = {"days": rules.quiet_days(f, day)}
        return found
    if kind == ReminderKind.COACH_DIGEST:
        found = {}
        for u in users:
            cohorts = selectors.coach_digest(u, day, now)
            if cohorts:
                found[u.pk] = {
                    "week": selectors.period_key(kind, day),
                    "cohorts": [
                        {
                            "id": c.cohort_id,
                            "name": c.name,
                            "trainees": c.trainees,
                            "flagged": c.flagged,
                            "movers": [[name, round(change, 2)] for name, change in c.movers],
                            "rules": c.rules,
                        }
                        for c in cohorts
                    ],
                }
        return found
    raise ValueError(f"Not a reminder kind: {kind}")


@dataclass
class SendResult:
    written: int = 0
    sent: int = 0
    emailed: int = 0
    retrying: list[int] = field(default_factory=list)
    failed: int = 0
    preview: list[str] = field(default_factory=list)


def reminders_send(
    *,
    kind: str,
    day: date,
    user_ids: Sequence[int],
    now: datetime,
    dry_run: bool = False,
) -> SendResult:
    """Write and deliver the reminders of one kind for one local day to a chunk of users."""
    from .tasks import notification_send_task

    users = list(User.objects.filter(pk__in=list(user_ids), is_active=True).order_by("pk"))
    payloads = _payloads(kind, day, users, now)
    key = selectors.period_key(kind, day)
    result = SendResult()
    if dry_run:
        existing = set(
            Notification.objects.filter(
                user_id__in=list(payloads), kind=kind, period_key=key
            ).values_list("user_id", flat=True)
        )
        by_pk = {u.pk: u for u in users}
        result.preview = [
            f"{kind} {key} → {by_pk[pk].email} {payload}"
            for pk, payload in payloads.items()
            if pk not in existing
        ]
        return result
    created = Notification.objects.bulk_create(
        [
            Notification(user_id=pk, kind=kind, period_key=key, payload=p)
            for pk, p in payloads.items()
        ],
        ignore_conflicts=True,
    )
    result.written = len(created)
    pending = list(
        Notification.objects.filter(
            user_id__in=list(payloads), kind=kind, period_key=key, status=NotificationStatus.PENDING
        ).values_list("pk", flat=True)
    )
    if not pending:
        return result
    outcome = _deliver(notifications_claim(ids=pending, now=now), now)
    result.sent = len(outcome.sent)
    result.emailed = outcome.emailed
    result.retrying = outcome.retrying
    result.failed = len(outcome.failed)
    for pk in result.retrying:
        notification_send_task.apply_async_on_commit(
            args=[pk], countdown=schedule.retry_countdown(1)
        )
    return result


# --- Delivering one notification ----------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    sent: bool = False
    emailed: bool = False
    retry: bool = False
    failed: bool = False
    attempts: int = 0
    skipped: bool = False


def _claimable(now: datetime) -> Q:
    return Q(sent_at=None) & (
        Q(status=NotificationStatus.PENDING)
        | Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE)
    )


def notifications_claim(*, ids: Sequence[int], now: datetime) -> list[Notification]:
    """Take rows for delivery with one conditional UPDATE; returns the rows this caller
    got. However many callers race for the same rows, each row goes to exactly one."""
    token = uuid.uuid4().hex
    Notification.objects.filter(_claimable(now), pk__in=list(ids)).update(
        status=NotificationStatus.SENDING,
        claimed_at=now,
        claim_token=token,
        attempts=F("attempts") + 1,
    )
    return list(
        Notification.objects.filter(claim_token=token, status=NotificationStatus.SENDING)
        .select_related("user")
        .order_by("pk")
    )


def notification_claim(*, notification_id: int, now: datetime) -> bool:
    """Take one row for delivery: True for exactly one caller."""
    return bool(notifications_claim(ids=[notification_id], now=now))


@dataclass
class _Outcome:
    sent: list[int] = field(default_factory=list)
    emailed: int = 0
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _deliver(claimed: list[Notification], now: datetime) -> _Outcome:
    """Send the e-mails of claimed rows over one mail connection and record each
    outcome (a few queries in all). A mail server that cannot be reached counts as a
    failed attempt of each row, to be retried like any other."""
    outcome = _Outcome()
    connection = mail.mailers.default
    opened = False
    digests: dict[date, list[int]] = {}
    for n in claimed:
        if n.kind == ReminderKind.DAILY_DIGEST:
            digests.setdefault(date.fromisoformat(n.period_key), []).append(n.user_id)
    tasks = {
        (day, user_id): found
        for day, ids in digests.items()
        for user_id, found in selectors.tasks_due(ids, day).items()
    }
    emailed: list[int] = []
    quiet: list[int] = []
    for n in claimed:
        user = n.user
        if not (user.is_active and user.wants_email(n.kind)):
            quiet.append(n.pk)
            continue
        try:
            day_tasks = None
            if n.kind == ReminderKind.DAILY_DIGEST:
                day_tasks = tasks.get((date.fromisoformat(n.period_key), user.pk), [])
            message = reminder_email(n, user, day_tasks)
            if not opened:
                connection.open()
                opened = True
            connection.send_messages([message])
        except Exception as error:  # any failure of the mail backend is worth a retry
            text = f"{type(error).__name__}: {error}"[:500]
            if n.attempts >= MAX_ATTEMPTS:
                Notification.objects.filter(pk=n.pk).update(
                    status=NotificationStatus.FAILED, failed_at=now, last_error=text
                )
                logger.error("notification %s failed after %s attempts: %s", n.pk, n.attempts, text)
                outcome.failed.append(n.pk)
            else:
                Notification.objects.filter(pk=n.pk).update(
                    status=NotificationStatus.PENDING, last_error=text
                )
                logger.warning("notification %s attempt %s failed: %s", n.pk, n.attempts, text)
                outcome.retrying.append(n.pk)
            continue
        emailed.append(n.pk)
    if opened:
        try:
            connection.close()
        except Exception:  # the messages are out; a failed goodbye changes nothing
            logger.warning("closing the mail connection failed", exc_info=True)
    for ids, by_email in ((emailed, True), (quiet, False)):
        if ids:
            Notification.objects.filter(pk__in=ids).update(
                status=NotificationStatus.SENT, sent_at=now, emailed=by_email, last_error=""
            )
    outcome.sent = emailed + quiet
    outcome.emailed = len(emailed)
    return outcome


def notification_deliver(*, notification_id: int, now: datetime | None = None) -> Delivery:
    """Send one notification's e-mail (if the user wants it) and mark it sent.

    Never sends twice: the row is claimed first, and a claimed, sent or failed row is
    left alone. A sending error puts it back to pending for a retry, or records it as
    failed once ``MAX_ATTEMPTS`` attempts have been made.
    """
    now = now or timezone.now()
    claimed = notifications_claim(ids=[notification_id], now=now)
    if not claimed:
        return Delivery(skipped=True)
    outcome = _deliver(claimed, now)
    attempts = claimed[0].attempts
    return Delivery(
        sent=bool(outcome.sent),
        emailed=bool(outcome.emailed),
        retry=bool(outcome.retrying),
        failed=bool(outcome.failed),
        attempts=attempts,
    )


#: A notification not delivered within this time is given up (a stale digest helps nobody).
GIVE_UP_AFTER = timedelta(days=1)


def notifications_resume(*, now: datetime) -> int:
    """Queue again the deliveries that nobody finished: rows left pending by a chunk that
    died before delivering them, or claimed by a worker that died while sending.

    Rows older than ``GIVE_UP_AFTER`` are recorded as failed instead.
    """
    from .tasks import notification_send_task

    stale = now - CLAIM_LEASE
    unfinished = Notification.objects.filter(
        Q(status=NotificationStatus.PENDING, created_at__lt=stale)
        & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        | Q(status=NotificationStatus.SENDING, claimed_at__lt=stale)
    )
    # One query on every tick (usually finding nothing); the rare give-up is a second.
    found = list(unfinished.values_list("pk", "created_at"))
    expired = [pk for pk, created in found if created < now - GIVE_UP_AFTER]
    if expired:
        Notification.objects.filter(pk__in=expired).update(
            status=NotificationStatus.FAILED, failed_at=now, last_error="not delivered in time"
        )
    ids = [pk for pk, created in found if created >= now - GIVE_UP_AFTER]
    for pk in ids:
        notification_send_task.delay_on_commit(pk)
    return len(ids)


# --- Read marks and housekeeping ----------------------------------------------------------------


def notification_mark_read(*, notification: Notification, now: datetime | None = None) -> None:
    Notification.objects.filter(pk=notification.pk, read_at=None).update(
        read_at=now or timezone.now()
    )


def notifications_mark_all_read(*, user: User, now: datetime | None = None) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(
        read_at=now or timezone.now()
    )


def notifications_cleanup(*, now: datetime, dry_run: bool = False) -> int:
    """Delete notifications read more than ``KEEP_READ`` ago; returns how many."""
    old = Notification.objects.filter(read_at__lt=now - KEEP_READ)
    if dry_run:
        return old.count()
    deleted, _by_model = old.delete()
    return deleted
