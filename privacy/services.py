"""Writes for privacy: deleting a trainee's account, pruning old raw activity.

The data export is a read and lives in ``privacy.export``; the audit log's one writer is
``privacy.audit.record``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Cohort, Invitation, Membership, User
from accounts.permissions import may_delete_account
from scoring import drops
from scoring.models import Activity, ArchiveImport, SsiSnapshot
from scoring.selectors import activity_kept_since
from scoring.services import ACTIVITY_REACH_DAYS, cohort_days_recompute

from . import audit
from .models import AuditAction

logger = logging.getLogger(__name__)

#: Cohort days recomputed per call after a deletion (each call is three queries).
COHORT_DAYS_PER_CALL = 366


@dataclass(frozen=True)
class AccountDeletion:
    user_id: int
    files: int  # uploads queued for deletion from storage
    cohorts: int  # cohorts whose daily averages were computed again
    cohort_days: int  # cohort days rewritten (the others lost their last snapshot)


def _chunks(days: Sequence[date], size: int) -> Iterable[list[date]]:
    for start in range(0, len(days), size):
        yield list(days[start : start + size])


def account_delete(*, user: User, actor: User) -> AccountDeletion:
    """Delete a trainee's account with everything that is theirs, in one transaction.

    Removed: the user and every row that belongs to them (snapshots, activities,
    estimates, profile and network facts, imports, plans, tasks, outcomes, notes about
    them, notifications, memberships, API token), the invitations sent to their
    address and the login attempts under it. Their archive uploads are deleted from
    storage once the transaction has committed (a retried task, so that a storage
    outage delays it). The cohorts' daily averages and shared-drop marks of every day
    they had a snapshot on are computed again from the trainees who remain. Audit
    entries about them keep who did what and when, without the values.
    """
    if not user.is_trainee:
        raise ValidationError(_("Only a trainee's account can be deleted here."))
    if not may_delete_account(actor, user):
        raise PermissionDenied(_("You cannot delete this account."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user_id, email = user.pk, user.email
        cohort_ids = list(Membership.objects.filter(user=user).values_list("cohort_id", flat=True))
        days = sorted(
            drops.affected_days(
                SsiSnapshot.objects.filter(user=user).values_list("date", flat=True)
            )
        )
        files = list(
            ArchiveImport.objects.filter(user=user).exclude(file="").values_list("file", flat=True)
        )
        audit.redact_for(user_id)
        audit.record(
            actor=actor,
            action=AuditAction.ACCOUNT_DELETE,
            trainee=user,
            object_type="accounts.user",
            object_id=user_id,
            object_repr=f"#{user_id}",
        )
        Invitation.objects.filter(email=email).delete()
        _login_attempts_delete(email)
        user.delete()
        rewritten = 0
        cohorts = list(Cohort.objects.filter(pk__in=cohort_ids))
        for cohort in cohorts:
            for chunk in _chunks(days, COHORT_DAYS_PER_CALL):
                rewritten += len(cohort_days_recompute(cohort=cohort, days=chunk))
        if files:
            from .tasks import storage_files_delete_task

            storage_files_delete_task.delay_on_commit(files)
    logger.info("account deleted", extra={"user_id": user_id, "by": actor.pk})
    return AccountDeletion(
        user_id=user_id, files=len(files), cohorts=len(cohorts), cohort_days=rewritten
    )


def _login_attempts_delete(email: str) -> None:
    """django-axes keeps failed and successful logins under the e-mail address."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()


def storage_files_delete(*, names: Sequence[str]) -> int:
    """Delete these files from the default storage (local disk or S3); a missing file
    is already deleted. Returns how many names were handled."""
    for name in names:
        default_storage.delete(name)
    return len(names)


# --- Retention -------------------------------------------------------------------------------


def activities_prune(*, today: date, dry_run: bool = False, chunk_size: int | None = None) -> int:
    """Delete raw activity older than ``ACTIVITY_RETENTION_MONTHS`` (0: keep all).

    In chunks of ids (``ACTIVITY_PRUNE_CHUNK_SIZE``), one short transaction each, so
    that a first run over years of history neither holds a long lock nor loads the
    rows. Estimates are stored rows and stay; the cut-off is always older than anything
    an estimate computed again reads (``ACTIVITY_REACH_DAYS``), so recomputing gives
    the same numbers. Returns how many rows were (or, with ``dry_run``, would be)
    deleted.
    """
    cutoff = activity_kept_since(today)
    if cutoff is None:
        return 0
    if cutoff > today - timedelta(days=ACTIVITY_REACH_DAYS):
        raise ValueError(
            f"ACTIVITY_RETENTION_MONTHS={settings.ACTIVITY_RETENTION_MONTHS} is shorter than "
            f"the {ACTIVITY_REACH_DAYS} days estimates read."
        )
    old = Activity.objects.filter(occurred_on__lt=cutoff)
    if dry_run:
        return old.count()
    size = chunk_size or settings.ACTIVITY_PRUNE_CHUNK_SIZE
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(old.order_by("pk").values_list("pk", flat=True)[:size])
            if not ids:
                return deleted
            count, _detail = Activity.objects.filter(pk__in=ids).delete()
            deleted += count
