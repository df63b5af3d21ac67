"""Writes of the archive import: start an import, run it, clean up after dead ones."""

from __future__ import annotations

import io
import logging
import zipfile
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import user_today

from ..models import (
    DAILY_CEILINGS,
    Activity,
    ActivityKind,
    ActivitySource,
    ArchiveImport,
    ArchiveImportStatus,
    NetworkState,
    ProfileState,
    SignalSource,
    archive_import_lease,
)
from ..selectors import activity_kept_since
from ..services import (
    estimates_enqueue,
    network_state_update,
    profile_state_update,
    scores_changed,
)
from . import ArchiveError, ArchiveResult, Limits, TargetMarket, parse_upload
from .messages import Notice
from .result import ActivityRecord

log = logging.getLogger(__name__)

MB = 1024 * 1024
UPLOAD_DIR = "archive-imports"
#: An import still queued after this long was never picked up (its message was lost),
#: and a leftover upload this old belongs to no import.
STUCK_AFTER = timedelta(minutes=30)


class ImportBusy(Exception):
    """The trainee already has an import waiting or running."""


class ImportLeased(Exception):
    """A live attempt holds the import; it may be claimed again in ``retry_in`` seconds."""

    def __init__(self, retry_in: float) -> None:
        super().__init__(retry_in)
        self.retry_in = retry_in


class _Superseded(Exception):
    """This attempt lost the import to a later one (or to a replacing upload)."""


def upload_limits() -> Limits:
    """The safety limits, with the upload size configurable in settings."""
    max_mb = int(getattr(settings, "ARCHIVE_IMPORT_MAX_UPLOAD_MB", 200))
    return Limits(max_upload_bytes=max_mb * MB)


def _pack(files: Sequence[UploadedFile]) -> tuple[File, str, int]:
    """One upload as is (streamed to storage); several CSV files packed into one ZIP.

    Only the basenames of the uploaded files go into the ZIP, and only as entry names.
    """
    if len(files) == 1:
        upload = files[0]
        return upload, upload.name or "upload", upload.size or 0
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for upload in files:
            name = (upload.name or "file.csv").replace("\\", "/").rsplit("/", 1)[-1]
            data = upload.read()
            total += len(data)
            archive.writestr(name or "file.csv", data)
    return ContentFile(buffer.getvalue()), "files.zip", total


def archive_import_start(*, user: User, files: Sequence[UploadedFile]) -> ArchiveImport:
    """Store the upload and queue its import; the request returns at once.

    Raises ``ArchiveError`` (too large, empty) or ``ImportBusy``. An import of the
    trainee's whose worker died (its lease is over) does not block: the new upload
    replaces it at once, and the dead one is failed and its upload deleted.
    """
    limits = upload_limits()
    total = sum(f.size or 0 for f in files)
    if not files or total == 0:
        raise ArchiveError("empty_upload")
    if total > limits.max_upload_bytes:
        raise ArchiveError("too_large", limit_mb=limits.max_upload_bytes // MB)
    content, name, size = _pack(files)
    from .tasks import archive_import_task

    record = ArchiveImport(user=user, original_name=name[:255], size=size)
    try:
        with transaction.atomic():
            _replace_dead_imports(user)
            record.file.save("upload", content, save=False)
            record.save()
            archive_import_task.delay_on_commit(record.pk)
    except IntegrityError as exc:
        # The upload was written before the insert failed; do not leave it behind.
        if record.file:
            record.file.delete(save=False)
        raise ImportBusy from exc
    return record


def _replace_dead_imports(user: User) -> None:
    """Fail the trainee's running imports whose worker is gone, inside the caller's
    transaction; their uploads are deleted once it commits.

    The rows are locked, and each update is fenced by the attempt number, so a worker
    claiming the same import at the same moment either wins (and the upload is refused
    as busy) or finds it failed and does nothing.
    """
    now = timezone.now()
    running = ArchiveImport.objects.select_for_update().filter(
        user=user, status=ArchiveImportStatus.RUNNING
    )
    for dead in [r for r in running if r.lease_over(now)]:
        if _end(
            dead.pk, dead.attempts, status=ArchiveImportStatus.FAILED, error=Notice("replaced")
        ):
            transaction.on_commit(lambda dead=dead: _delete_upload(dead))


def target_market_for(user: User) -> TargetMarket:
    """The trainee's market: their own keywords and those of every cohort they are in."""
    industries: list[str] = []
    companies: list[str] = []
    keywords: list[str] = list(_lines(user.target_keywords))
    for membership in user.memberships.select_related("cohort"):
        cohort = membership.cohort
        industries.extend(_lines(cohort.target_industries))
        companies.extend(_lines(cohort.target_companies))
        keywords.extend(_lines(cohort.target_keywords))
    return TargetMarket(tuple(industries), tuple(companies), tuple(keywords))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _set_progress(import_id: int, attempt: int) -> Any:
    last = [0]

    def report(percent: int) -> None:
        # A write every 5% is plenty for a progress bar polled once a second.
        if percent >= last[0] + 5 or percent == 100:
            last[0] = percent
            ArchiveImport.objects.filter(pk=import_id, attempts=attempt).update(
                progress=min(percent, 99)
            )

    return report


def archive_import_claim(*, import_id: int, now: datetime | None = None) -> int | None:
    """Claim the import for one attempt and return the attempt's number.

    A queued import is claimed; so is a running one whose lease is over (its worker
    died: Celery kills a task at its time limit, so no attempt can still be running).
    Returns None when there is nothing to do: the import is gone or has ended, or it
    used up its attempts (it is then failed, and its upload deleted). Raises
    ``ImportLeased`` while a live attempt holds it.
    """
    now = now or timezone.now()
    record = ArchiveImport.objects.filter(pk=import_id).first()
    if record is None or not record.active:
        return None
    if record.status == ArchiveImportStatus.RUNNING and not record.lease_over(now):
        since = record.claimed_at or record.started_at
        assert since is not None
        free_at = since + archive_import_lease()
        raise ImportLeased(max((free_at - now).total_seconds(), 0.0))
    if record.attempts >= settings.ARCHIVE_IMPORT_MAX_ATTEMPTS:
        notice = Notice("interrupted", {"attempts": record.attempts})
        if _end(record.pk, record.attempts, status=ArchiveImportStatus.FAILED, error=notice):
            _delete_upload(record)
        return None
    attempt = record.attempts + 1
    claimed = ArchiveImport.objects.filter(
        pk=import_id, status=record.status, attempts=record.attempts
    ).update(
        status=ArchiveImportStatus.RUNNING,
        attempts=attempt,
        claimed_at=now,
        started_at=record.started_at or now,
        progress=1,
    )
    return attempt if claimed else None


def _end(
    import_id: int, attempt: int, *, status: str, error: Notice | None = None, **fields: Any
) -> bool:
    """End the import if ``attempt`` still holds it; False if another one took over."""
    if error is not None:
        fields["error"] = error.as_json()
    return bool(
        ArchiveImport.objects.filter(
            pk=import_id, attempts=attempt, status__in=ArchiveImport.ACTIVE
        ).update(status=status, finished_at=timezone.now(), **fields)
    )


def archive_import_run(*, import_id: int, today: date | None = None) -> ArchiveImport | None:
    """Read the archive and store everything it gave, all or nothing.

    Claims the import (``archive_import_claim``: a repeated task does nothing, a dead
    attempt is taken over), parses the upload, then writes the activities (new external
    keys only), the profile checklist and the network facts and marks the import done
    in ONE transaction: a failure leaves no partial data. The upload is kept until the
    import has ended (done or failed), so that a worker taking over a dead attempt can
    read it, and deleted then.
    """
    attempt = archive_import_claim(import_id=import_id)
    if attempt is None:
        return None
    record = ArchiveImport.objects.select_related("user").get(pk=import_id)
    user = record.user
    ended = False
    try:
        if not record.file:
            raise ArchiveError("empty_upload")
        today = today or user_today(user)
        with record.file.open("rb") as handle:
            result = parse_upload(
                handle,
                today=today,
                name=record.original_name,
                market=target_market_for(user),
                owner_name=f"{user.first_name} {user.last_name}".strip(),
                limits=upload_limits(),
                progress=_set_progress(record.pk, attempt),
            )
        with transaction.atomic():
            added = _store(user, result, today=today)
            ended = _end(
                record.pk,
                attempt,
                status=ArchiveImportStatus.DONE,
                progress=100,
                files=[f.as_json() for f in result.files],
                counts=result.counts_by_kind(),
                facts=_facts(result),
                warnings=[w.as_json() for w in result.warnings],
                activities_added=added,
                reference_date=result.reference_date,
            )
            if not ended:
                raise _Superseded
    except _Superseded:
        # Another attempt owns the import now (this one outlived its lease): what this
        # one stored is rolled back, and the upload is the new owner's.
        log.warning("Archive import %s: attempt %s was superseded", record.pk, attempt)
        return None
    except ArchiveError as error:
        ended = _end(record.pk, attempt, status=ArchiveImportStatus.FAILED, error=error.notice)
    except SoftTimeLimitExceeded:
        ended = _end(record.pk, attempt, status=ArchiveImportStatus.FAILED, error=Notice("timeout"))
    except Exception:
        log.exception("Archive import %s failed", record.pk)
        ended = _end(
            record.pk, attempt, status=ArchiveImportStatus.FAILED, error=Notice("internal")
        )
    if ended:
        _delete_upload(record)
    return ArchiveImport.objects.get(pk=record.pk)


def _delete_upload(record: ArchiveImport) -> None:
    if record.file:
        name = record.file.name
        record.file.delete(save=False)
        ArchiveImport.objects.filter(pk=record.pk, file=name).update(file="")


def _facts(result: ArchiveResult) -> dict[str, Any]:
    """Profile and network facts of this archive, plus the monthly connection growth."""
    profile = {
        k: v.isoformat() if isinstance(v, date) else v for k, v in result.profile.known().items()
    }
    network = dict(result.network.known())
    network["growth"] = [list(month) for month in result.network.growth]
    return {"profile": profile, "network": network, "account": result.account.known()}


def _share(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(min(max(value, 0.0), 1.0), 4)))


#: An archive that would lower one of these stock values by more than this share keeps
#: the known value (and says so) until the trainee confirms: a partial export (one file
#: of a ZIP, an old copy) must not wipe out what is known.
STOCK_DROP_THRESHOLD = 0.2
#: The network facts worked out from the archive's list of connections: held back with
#: the connection count when that is.
CONNECTION_FACTS = (
    "connections",
    "decision_makers",
    "decision_maker_share",
    "target_market_share",
    "coworker_connections",
)


def _lowers(known: int | None, new: int | None) -> bool:
    return bool(known) and new is not None and new < known * (1 - STOCK_DROP_THRESHOLD)  # type: ignore[operator]


def _hold_back(user: User, profile: dict[str, Any], network: dict[str, Any]) -> list[Notice]:
    """Take out of ``profile``/``network`` every stock value the archive would lower by
    more than the threshold (and what depends on it); one notice for each."""
    notices = []
    known_network = NetworkState.objects.filter(user=user).first()
    if known_network is not None and _lowers(known_network.connections, network.get("connections")):
        notices.append(
            Notice(
                "stock_kept_connections",
                {"archive": network["connections"], "known": known_network.connections},
            )
        )
        for key in CONNECTION_FACTS:
            network.pop(key, None)
    known_profile = ProfileState.objects.filter(user=user).first()
    for key in ("endorsements_received", "recommendations_received"):
        known = getattr(known_profile, key, None)
        if _lowers(known, profile.get(key)):
            notices.append(
                Notice(f"stock_kept_{key}", {"archive": profile.pop(key), "known": known})
            )
    return notices


def _fresh_shares(network: dict[str, Any]) -> None:
    """No share left behind from an older import: with the counts known and the share
    unknown (no connection had a title), the share is what the counts give."""
    connections, makers = network.get("connections"), network.get("decision_makers")
    if (
        connections is not None
        and makers is not None
        and network.get("decision_maker_share") is None
    ):
        network["decision_maker_share"] = makers / connections if connections else 0.0


def _rekey_legacy(user: User, result: ArchiveResult) -> None:
    """Give rows migrated with a legacy key (``li1:``) the key this reading gives them.

    Reactions, votes and reposts were once keyed by the first urn of their link, so a
    reaction to a comment and one to its post shared a key and only the first of the
    file was stored. Migration 0004 marked those rows; here each takes the key of the
    first record that had its old key (the one the earlier import stored), so the
    insert that follows adds the items that were lost and nothing twice.
    """
    first: dict[str, str] = {}
    for record in result.activities:
        if record.legacy_key:
            first.setdefault(record.legacy_key, record.external_key)
    if not first:
        return
    rows = Activity.objects.filter(user=user, external_key__in=list(first))
    legacy = dict(rows.values_list("external_key", "pk"))
    if not legacy:
        return
    taken = set(
        Activity.objects.filter(user=user, external_key__in=[first[k] for k in legacy]).values_list(
            "external_key", flat=True
        )
    )
    for old_key, pk in legacy.items():
        new_key = first[old_key]
        if new_key in taken:
            Activity.objects.filter(pk=pk).delete()  # the same item, already re-keyed
        else:
            Activity.objects.filter(pk=pk).update(external_key=new_key)
            taken.add(new_key)


def _store(user: User, result: ArchiveResult, *, today: date) -> int:
    """Activities, profile checklist and network facts; returns the new activities.

    Stock values the archive would lower by a lot are kept (``_hold_back``); the notices
    saying so join the import's warnings.
    """
    _rekey_legacy(user, result)
    existing = set(
        Activity.objects.filter(user=user)
        .exclude(external_key="")
        .values_list("external_key", flat=True)
    )
    new = [a for a in result.activities if a.external_key not in existing]
    new = _within_retention(new, result, today=today)
    new, capped = _within_daily_ceilings(new)
    result.warnings.extend(capped)
    before = Activity.objects.filter(user=user).count()
    _insert_activities(user, new)
    added = Activity.objects.filter(user=user).count() - before
    if added:
        scores_changed(user_ids=[user.pk], what="activities")
    profile = result.profile.known()
    network = result.network.known()
    _fresh_shares(network)
    result.warnings.extend(_hold_back(user, profile, network))
    if profile:
        profile_state_update(user=user, source=SignalSource.IMPORT, recompute=False, **profile)
    for key in ("decision_maker_share", "target_market_share", "acceptance_rate"):
        if key in network:
            network[key] = _share(network[key])
    if network:
        network_state_update(user=user, source=SignalSource.IMPORT, recompute=False, **network)
    # One recompute for the whole import, once it has committed.
    estimates_enqueue(user_ids=[user.pk])
    return added


_ACTIVITY_COLUMNS = (
    "user_id",
    "kind",
    "occurred_on",
    "count",
    "words",
    "counterpart",
    "note",
    "source",
    "external_key",
    "created_at",
)


def _within_retention(
    records: list[ActivityRecord], result: ArchiveResult, *, today: date
) -> list[ActivityRecord]:
    """Leave out what the retention job would delete tonight (``ACTIVITY_RETENTION_MONTHS``):
    importing it would only bring back rows already pruned, and count them as new."""
    since = activity_kept_since(today)
    if since is None:
        return records
    kept = [r for r in records if r.occurred_on >= since]
    if len(kept) < len(records):
        result.warnings.append(
            Notice(
                "rows_past_retention",
                {
                    "count": sum(r.count for r in records) - sum(r.count for r in kept),
                    "since": since.isoformat(),
                },
            )
        )
    return kept


def _within_daily_ceilings(
    records: list[ActivityRecord],
) -> tuple[list[ActivityRecord], list[Notice]]:
    """Keep at most a kind's daily ceiling of it per day; one notice per kind cut.

    The same ceilings as a typed activity (``DAILY_CEILINGS``): more than anyone does in
    a day is a broken or doctored file, and would swamp the estimate.
    """
    seen: Counter[tuple[str, date]] = Counter()
    kept: list[ActivityRecord] = []
    dropped: Counter[str] = Counter()
    for record in records:
        ceiling = DAILY_CEILINGS.get(record.kind)
        key = (record.kind, record.occurred_on)
        if ceiling is not None and seen[key] + record.count > ceiling:
            dropped[record.kind] += record.count
            continue
        seen[key] += record.count
        kept.append(record)
    notices = [
        Notice(
            "rows_over_daily_ceiling",
            {
                "count": count,
                "kind": str(ActivityKind(kind).label).lower(),
                "ceiling": DAILY_CEILINGS[kind],
            },
        )
        for kind, count in sorted(dropped.items())
    ]
    return kept, notices


def _insert_activities(user: User, activities: list[ActivityRecord]) -> None:
    """Insert activities, skipping any external key the database already holds.

    The benchmark archive holds 75,000 rows; building that many model instances and letting
    ``bulk_create`` compile the SQL took four times longer than the parsing itself, so
    on PostgreSQL the rows are COPYed and inserted in one statement, and on SQLite they
    go through one ``executemany`` of ``INSERT OR IGNORE``. The unique constraint on
    (user, external_key) still decides, so a concurrent or repeated import can never
    duplicate a row.
    """
    if not activities:
        return
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        Activity.objects.bulk_create(
            (
                Activity(
                    user=user,
                    kind=a.kind,
                    occurred_on=a.occurred_on,
                    count=a.count,
                    words=a.words,
                    counterpart=a.counterpart,
                    source=ActivitySource.IMPORT,
                    external_key=a.external_key,
                )
                for a in activities
            ),
            batch_size=2000,
            ignore_conflicts=True,
        )
        return
    ops = connection.ops
    table = ops.quote_name(Activity._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _ACTIVITY_COLUMNS)
    source = str(ActivitySource.IMPORT)
    if vendor == "postgresql":
        _copy_activities(user, activities, table=table, columns=columns, source=source)
        return
    marks = ", ".join(["%s"] * len(_ACTIVITY_COLUMNS))
    sql = f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    created = ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (
            user.pk,
            a.kind,
            ops.adapt_datefield_value(a.occurred_on),
            a.count,
            a.words,
            a.counterpart,
            "",
            source,
            a.external_key,
            created,
        )
        for a in activities
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _copy_activities(
    user: User, activities: list[ActivityRecord], *, table: str, columns: str, source: str
) -> None:
    """PostgreSQL: COPY the rows into the session's temporary table, then one insert
    that skips what the table already holds.

    ``executemany`` of single-row inserts spent most of an import in round trips and
    parameter conversion; COPY streams the rows, and ``ON CONFLICT DO NOTHING`` keeps the
    unique constraint on (user, external_key) the judge of what is new.
    """
    created = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS activity_in (user_id bigint, kind text, "
            "occurred_on date, count integer, words integer, counterpart text, note text, "
            "source text, external_key text, created_at timestamptz); TRUNCATE activity_in"
        )
        with cursor.copy(f"COPY activity_in ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            write = copy.write_row
            pk = user.pk
            for a in activities:
                write(
                    (
                        pk,
                        a.kind,
                        a.occurred_on,
                        a.count,
                        a.words,
                        a.counterpart,
                        "",
                        source,
                        a.external_key,
                        created,
                    )
                )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM activity_in "  # noqa: S608
            "ON CONFLICT DO NOTHING"
        )


def archive_imports_cleanup(*, now: datetime | None = None) -> dict[str, int]:
    """Housekeeping: take over or fail imports that died, delete uploads nobody will read.

    A running import whose lease is over (its worker died) is queued again for another
    attempt, or failed once it has used up its attempts; an import still queued after
    ``STUCK_AFTER`` lost its message and is failed. Returns how many imports were
    requeued and failed, and how many files were deleted.
    """
    from .tasks import archive_import_task

    now = now or timezone.now()
    requeued = failed = 0
    for record in ArchiveImport.objects.filter(status=ArchiveImportStatus.RUNNING):
        if not record.lease_over(now):
            continue
        if record.attempts < settings.ARCHIVE_IMPORT_MAX_ATTEMPTS:
            # The task claims it (archive_import_claim), so a redelivery of the dead
            # attempt's own message racing this one does no harm.
            archive_import_task.delay(record.pk)
            requeued += 1
        else:
            notice = Notice("interrupted", {"attempts": record.attempts})
            failed += _end(
                record.pk, record.attempts, status=ArchiveImportStatus.FAILED, error=notice
            )
    for record in ArchiveImport.objects.filter(
        status=ArchiveImportStatus.QUEUED, created_at__lt=now - STUCK_AFTER
    ):
        notice = Notice("stuck")
        failed += _end(record.pk, record.attempts, status=ArchiveImportStatus.FAILED, error=notice)
    # Uploads of ended imports (normally deleted as the import ends).
    deleted = 0
    for record in ArchiveImport.objects.exclude(file="").exclude(
        status__in=[ArchiveImportStatus.QUEUED, ArchiveImportStatus.RUNNING]
    ):
        _delete_upload(record)
        deleted += 1
    # Files whose import row is gone (deleted user, crashed request).
    referenced = set(ArchiveImport.objects.exclude(file="").values_list("file", flat=True))
    try:
        _dirs, names = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotImplementedError):
        names = []
    for name in names:
        path = f"{UPLOAD_DIR}/{name}"
        if path in referenced:
            continue
        try:
            modified = default_storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError):
            continue
        if modified < now - STUCK_AFTER:
            default_storage.delete(path)
            deleted += 1
    return {"requeued": requeued, "failed": failed, "deleted": deleted}


# --- Confirming a stock value the import kept back --------------------------------------------


def archive_import_stock_accept(*, record: ArchiveImport, actor: User, code: str) -> ArchiveImport:
    """The trainee confirms the archive's lower figure that the import kept back.

    ``code`` is the warning's (``stock_kept_connections`` and so on). The archive's own
    facts, stored on the import, are written; the warning becomes a note of what changed.
    """
    if actor.pk != record.user_id:
        raise PermissionDenied
    warnings = list(record.warnings or [])
    found = next((w for w in warnings if w.get("code") == code), None)
    if found is None or record.status != ArchiveImportStatus.DONE:
        raise ValidationError(_("There is nothing to confirm for this import."))
    facts = record.facts or {}
    with transaction.atomic():
        if code == "stock_kept_connections":
            stored = facts.get("network", {})
            network = {k: stored[k] for k in CONNECTION_FACTS if k in stored}
            _fresh_shares(network)
            for key in ("decision_maker_share", "target_market_share"):
                if key in network:
                    network[key] = _share(network[key])
            network_state_update(
                user=record.user, source=SignalSource.IMPORT, recompute=False, **network
            )
        else:
            key = code.removeprefix("stock_kept_")
            profile_state_update(
                user=record.user,
                source=SignalSource.IMPORT,
                recompute=False,
                **{key: facts.get("profile", {})[key]},
            )
        found.update(code="stock_accepted")
        ArchiveImport.objects.filter(pk=record.pk).update(warnings=warnings)
        estimates_enqueue(user_ids=[record.user_id])
    record.refresh_from_db()
    return record
