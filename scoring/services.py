"""Writes for scoring: snapshots, signals, the scoring model and estimates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import FloatField, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts import localtime, permissions, validation
from accounts.models import Cohort, Membership, User
from accounts.selectors import active_trainees, ids_in_chunks, user_today
from privacy import audit
from privacy.models import AuditAction

from . import calibration, drops, engine, vocabulary
from .models import (
    DAILY_CEILINGS,
    Activity,
    ActivityKind,
    ActivitySource,
    CohortDay,
    Estimate,
    NetworkState,
    ProfileState,
    ScoringModel,
    SignalSource,
    SnapshotSource,
    SsiSnapshot,
)
from .selectors import (
    WINDOW_LONG,
    calibration_rows,
    current_scoring_model,
    estimate_days,
    signal_matrix,
)
from .vocabulary import NETWORK_FIELDS, PROFILE_FIELDS

SIX_PLACES = Decimal("0.000001")
#: A typed total may differ from the pillar sum by this much (LinkedIn rounds it).
TOTAL_TOLERANCE = Decimal(1)


def pillar_sum(pillars: dict[str, Decimal]) -> Decimal:
    return sum((Decimal(pillars[p]) for p in vocabulary.PILLARS), Decimal(0)).quantize(SIX_PLACES)


def check_typed_total(pillars: dict[str, Decimal], typed_total: Decimal | None) -> None:
    """Refuse a typed total that does not match the pillars (a typo in one of them)."""
    if typed_total is None:
        return
    computed = pillar_sum(pillars)
    if abs(Decimal(typed_total) - computed) > TOTAL_TOLERANCE:
        raise ValidationError(
            _(
                "The four pillars add up to %(sum)s, but you typed a total of %(total)s. "
                "Check the pillars against LinkedIn's page, or leave the total empty."
            )
            % {"sum": f"{computed:.2f}", "total": f"{Decimal(typed_total):.2f}"},
            code="total_mismatch",
        )


def scores_changed(*, user_ids: Iterable[int], what: str) -> None:
    """Tell the apps that keep summaries of these trainees' scores, in this transaction:
    every hook of ``settings.SCORE_CHANGE_HOOKS`` (``what``: "snapshots", "activities",
    "estimates" or "shared_drops")."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    for path in settings.SCORE_CHANGE_HOOKS:
        import_string(path)(user_ids=ids, what=what)


def estimates_enqueue(*, user_ids: Sequence[int], today: date | None = None) -> None:
    """Recompute these users' estimates in the background once the transaction commits."""
    from .tasks import estimates_recompute_task

    ids = sorted(set(user_ids))
    if not ids:
        return
    day = today.isoformat() if today else None
    estimates_recompute_task.delay_on_commit(ids, day)


# --- Snapshots -------------------------------------------------------------------------------


class SnapshotDayTaken(ValidationError):
    """The day already has an official SSI: replacing it needs the member's say-so."""

    def __init__(self, *, existing: SsiSnapshot, new_total: Decimal) -> None:
        self.existing = existing
        self.new_total = new_total
        super().__init__(
            {
                "replace": ValidationError(
                    _(
                        "You already recorded an SSI of %(old)s for %(day)s. Replace it with "
                        "%(new)s? Nothing was saved: confirm to replace it."
                    )
                    % {
                        "old": f"{existing.total:.2f}",
                        "day": date_format(existing.date, "DATE_FORMAT"),
                        "new": f"{new_total:.2f}",
                    },
                    code="day_taken",
                )
            }
        )


def check_snapshot(
    *, user: User, day: date, pillars: dict[str, Decimal], confirm_zero: bool
) -> None:
    """A plausible official SSI: dated from 2014 to the member's today, and not all zero
    unless the member confirms it (LinkedIn shows 0 only for an account with nothing)."""
    errors: dict[str, Any] = {}
    try:
        validation.check_linkedin_day(day, today=user_today(user), earliest=validation.SSI_LAUNCH)
    except ValidationError as error:
        errors["date"] = error
    if not confirm_zero and all(Decimal(v) == 0 for v in pillars.values()):
        errors["confirm_zero"] = ValidationError(
            _(
                "All four pillars are 0, which LinkedIn shows only for an account with no "
                "activity at all; it would drop every chart to zero. Check the numbers, or "
                "confirm that your SSI page really says 0."
            ),
            code="all_zero",
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def snapshot_record(
    *,
    user: User,
    date: date,
    brand: Decimal,
    people: Decimal,
    insights: Decimal,
    relationships: Decimal,
    total: Decimal | None = None,
    industry_rank: int | None = None,
    network_rank: int | None = None,
    industry_average: Decimal | None = None,
    network_average: Decimal | None = None,
    source: str = SnapshotSource.TYPED,
    replace: bool = False,
    confirm_zero: bool = False,
) -> SsiSnapshot:
    """Record the official SSI of a day.

    A day that already has one is replaced only with ``replace=True``; otherwise
    ``SnapshotDayTaken`` says what is there. ``total`` is what the member typed, if
    anything: the stored total is always the sum of the pillars, and a typed total more
    than 1 point away is refused. All four pillars at 0 need ``confirm_zero=True``.
    """
    pillars = {
        "brand": Decimal(brand),
        "people": Decimal(people),
        "insights": Decimal(insights),
        "relationships": Decimal(relationships),
    }
    check_typed_total(pillars, total)
    check_snapshot(user=user, day=date, pillars=pillars, confirm_zero=confirm_zero)
    values: dict[str, Any] = {p: v.quantize(SIX_PLACES) for p, v in pillars.items()}
    values.update(
        total=pillar_sum(pillars),
        industry_rank=industry_rank,
        network_rank=network_rank,
        industry_average=industry_average,
        network_average=network_average,
        source=source,
    )
    # Field validators check the ranges; the day constraint is the upsert key below.
    SsiSnapshot(user=user, date=date, **values).full_clean(
        validate_unique=False, validate_constraints=False
    )
    if not replace:
        existing = SsiSnapshot.objects.filter(user=user, date=date).first()
        if existing is not None:
            raise SnapshotDayTaken(existing=existing, new_total=values["total"])
    # Keyed by the (user, date) constraint: two saves racing for the same day end as one
    # row (update_or_create retries its lookup when the insert hits the constraint).
    # New numbers are no longer what a coach verified.
    values.update(verified_by=None, verified_at=None)
    snapshot, _created = SsiSnapshot.objects.update_or_create(user=user, date=date, defaults=values)
    cohort_days_enqueue(user_id=user.pk, days=[date])
    scores_changed(user_ids=[user.pk], what="snapshots")
    return snapshot


def snapshot_update(
    *,
    snapshot: SsiSnapshot,
    total: Decimal | None = None,
    replace: bool = False,
    confirm_zero: bool = False,
    **fields: Any,
) -> SsiSnapshot:
    """Change a snapshot, also its date. Moving it onto a day that has another entry
    replaces that entry only with ``replace=True`` (else ``SnapshotDayTaken``).
    ``total`` is what the member typed, checked against the pillars as they will be."""
    data: dict[str, Any] = {
        name: getattr(snapshot, name)
        for name in (
            "date",
            *vocabulary.PILLARS,
            "industry_rank",
            "network_rank",
            "industry_average",
            "network_average",
            "source",
        )
    }
    data.update(fields)
    check_typed_total({p: Decimal(data[p]) for p in engine.PILLARS}, total)
    with transaction.atomic():
        if data["date"] != snapshot.date:
            pillars = {p: Decimal(data[p]) for p in vocabulary.PILLARS}
            check_snapshot(
                user=snapshot.user, day=data["date"], pillars=pillars, confirm_zero=confirm_zero
            )
            other = (
                SsiSnapshot.objects.select_for_update()
                .filter(user=snapshot.user, date=data["date"])
                .first()
            )
            if other is not None:
                if not replace:
                    raise SnapshotDayTaken(existing=other, new_total=pillar_sum(pillars))
                other.delete()
            SsiSnapshot.objects.filter(pk=snapshot.pk).update(date=data["date"])
            cohort_days_enqueue(user_id=snapshot.user_id, days=[snapshot.date])
        return snapshot_record(user=snapshot.user, replace=True, confirm_zero=confirm_zero, **data)


def snapshot_delete(*, snapshot: SsiSnapshot) -> None:
    user_id, day = snapshot.user_id, snapshot.date
    with transaction.atomic():
        snapshot.delete()
        cohort_days_enqueue(user_id=user_id, days=[day])
        scores_changed(user_ids=[user_id], what="snapshots")


def snapshot_verify(*, snapshot: SsiSnapshot, coach: User, verified: bool = True) -> SsiSnapshot:
    """A coach confirms (or withdraws confirming) that an entry matches LinkedIn's page.

    Only someone who coaches the trainee (or staff) may; the trainee never verifies
    their own entry."""
    if not permissions.coaches(coach, snapshot.user):
        raise PermissionDenied(_("Only the trainee's coach can verify an SSI entry."))
    before = {"verified_by": snapshot.verified_by_id, "verified_at": snapshot.verified_at}
    snapshot.verified_by = coach if verified else None
    snapshot.verified_at = timezone.now() if verified else None
    with transaction.atomic():
        SsiSnapshot.objects.filter(pk=snapshot.pk).update(
            verified_by=snapshot.verified_by, verified_at=snapshot.verified_at
        )
        scores_changed(user_ids=[snapshot.user_id], what="snapshots")
        audit.record(
            actor=coach,
            action=AuditAction.SNAPSHOT_VERIFY if verified else AuditAction.SNAPSHOT_UNVERIFY,
            obj=snapshot,
            trainee=snapshot.user,
            before=before,
            after={"verified_by": snapshot.verified_by_id, "verified_at": snapshot.verified_at},
        )
    return snapshot


# --- Cohort days (averages and shared drops) --------------------------------------------------


def cohort_days_enqueue(*, user_id: int, days: Iterable[date]) -> None:
    """Recompute the cohort days a snapshot change affects, once the transaction commits."""
    from .tasks import cohort_days_recompute_task

    cohort_days_recompute_task.delay_on_commit(user_id, sorted(d.isoformat() for d in days))


def cohort_days_recompute(*, cohort: Cohort, days: Iterable[date]) -> list[CohortDay]:
    """Store a cohort's averages and shared-drop verdict for these days: three queries.

    Idempotent (an upsert keyed by cohort and day); a day without any snapshot left is
    removed.
    """
    wanted = sorted(set(days))
    if not wanted:
        return []
    members = Membership.objects.filter(cohort=cohort).values("user_id")
    asked = set(wanted) | {d - timedelta(days=1) for d in wanted}
    series: dict[int, list[drops.Reading]] = {}
    columns = [Cast(name, FloatField()) for name in ("total", *vocabulary.PILLARS)]
    for user_id, day, total, *pillars in SsiSnapshot.objects.filter(
        user__in=members, date__in=asked
    ).values_list("user_id", "date", *columns):
        series.setdefault(user_id, []).append(
            drops.Reading(day, total, dict(zip(vocabulary.PILLARS, pillars, strict=True)))
        )
    stats = drops.day_stats(series, wanted, share=cohort.shared_drop_percent / 100)
    marked = set(
        CohortDay.objects.filter(cohort=cohort, date__in=wanted, shared_drop=True).values_list(
            "date", flat=True
        )
    )
    now = timezone.now()
    rows = [
        CohortDay(
            cohort=cohort,
            date=stat.day,
            trainees=stat.trainees,
            total=stat.total,
            compared=stat.compared,
            dropped=stat.dropped,
            shared_drop=stat.shared_drop,
            computed_at=now,
            **stat.pillars,
        )
        for stat in stats
        if stat.trainees
    ]
    with transaction.atomic():
        CohortDay.objects.filter(
            cohort=cohort, date__in=[s.day for s in stats if not s.trainees]
        ).delete()
        if rows:
            CohortDay.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["cohort", "date"],
                update_fields=[
                    "trainees",
                    "total",
                    *vocabulary.PILLARS,
                    "compared",
                    "dropped",
                    "shared_drop",
                    "computed_at",
                ],
            )
        if marked != {row.date for row in rows if row.shared_drop}:
            # The drop rule leaves these days out: every member's row moves.
            scores_changed(
                user_ids=Membership.objects.filter(cohort=cohort).values_list("user_id", flat=True),
                what="shared_drops",
            )
    return rows


def cohort_days_recompute_for_user(*, user_id: int, days: Iterable[date]) -> int:
    """Every cohort of this trainee, for the days a snapshot of theirs affects."""
    affected = drops.affected_days(days)
    cohorts = Cohort.objects.filter(memberships__user_id=user_id)
    return sum(len(cohort_days_recompute(cohort=c, days=affected)) for c in cohorts)


# --- Signals ---------------------------------------------------------------------------------


def check_activity(*, user: User, kind: str, occurred_on: date, count: int) -> None:
    """A plausible day (from LinkedIn's launch to the member's today) and no more of one
    kind in a day than anyone does, counting what that day already holds."""
    errors: dict[str, Any] = {}
    try:
        validation.check_linkedin_day(occurred_on, today=user_today(user))
    except ValidationError as error:
        errors["occurred_on"] = error
    ceiling = DAILY_CEILINGS.get(kind)
    if ceiling is not None and isinstance(count, int):
        already = (
            Activity.objects.filter(user=user, kind=kind, occurred_on=occurred_on)
            .exclude(source=ActivitySource.IMPORT)
            .aggregate(n=Sum("count"))["n"]
            or 0
        )
        try:
            validation.check_daily_count(
                already + count, ceiling=ceiling, label=str(ActivityKind(kind).label)
            )
        except ValidationError as error:
            errors["count"] = error
    if errors:
        raise ValidationError(errors)


def activity_log(
    *,
    user: User,
    kind: str,
    occurred_on: date,
    count: int = 1,
    note: str = "",
    words: int | None = None,
    source: str = ActivitySource.MANUAL,
    external_key: str = "",
    recompute: bool = True,
) -> Activity:
    """Record an activity. With an ``external_key`` it is recorded once: logging the same
    key again returns the stored row. ``recompute=False`` leaves the estimate to the
    caller (who may recompute at once instead of in the background)."""
    if external_key:
        existing = Activity.objects.filter(user=user, external_key=external_key).first()
        if existing is not None:
            return existing
    check_activity(user=user, kind=kind, occurred_on=occurred_on, count=count)
    activity = Activity(
        user=user,
        kind=kind,
        occurred_on=occurred_on,
        count=count,
        note=note,
        words=words,
        source=source,
        external_key=external_key,
    )
    activity.full_clean(validate_constraints=not external_key)
    with transaction.atomic():
        activity.save()
        scores_changed(user_ids=[user.pk], what="activities")
    if recompute:
        estimates_enqueue(user_ids=[user.pk])
    return activity


def activity_delete(*, activity: Activity) -> None:
    user_id = activity.user_id
    with transaction.atomic():
        activity.delete()
        scores_changed(user_ids=[user_id], what="activities")
    estimates_enqueue(user_ids=[user_id])


def activity_delete_by_key(*, user: User, external_key: str, source: str) -> int:
    """Remove the activity recorded under this key (e.g. an undone task); no recompute."""
    with transaction.atomic():
        deleted, _detail = Activity.objects.filter(
            user=user, external_key=external_key, source=source
        ).delete()
        if deleted:
            scores_changed(user_ids=[user.pk], what="activities")
    return deleted


def _state_update(
    model: type,
    allowed: tuple[str, ...],
    user: User,
    source: str,
    fields: dict,
    recompute: bool = True,
    check: Callable[[Any], None] | None = None,
):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        state = model.objects.select_for_update().filter(user=user).first() or model(user=user)
        for name, value in fields.items():
            setattr(state, name, value)
        state.source = source
        if check is not None:
            check(state)
        state.full_clean(exclude=["user"])
        state.save()
    if recompute:
        estimates_enqueue(user_ids=[user.pk])
    return state


def profile_state_update(
    *, user: User, source: str = SignalSource.FORM, recompute: bool = True, **fields: Any
) -> ProfileState:
    """Save (part of) the profile checklist; fields left out keep their value."""

    def check(state: ProfileState) -> None:
        if state.profile_updated_on is not None and "profile_updated_on" in fields:
            try:
                validation.check_linkedin_day(state.profile_updated_on, today=user_today(user))
            except ValidationError as error:
                raise ValidationError({"profile_updated_on": error}) from None

    return _state_update(ProfileState, PROFILE_FIELDS, user, source, fields, recompute, check)


def network_state_update(
    *, user: User, source: str = SignalSource.FORM, recompute: bool = True, **fields: Any
) -> NetworkState:
    """Save (part of) the network facts; fields left out keep their value.

    A part of the network (decision makers, colleagues) above the connections is refused.
    Where both counts are known, the decision-maker share is the one they give (a typed
    share that disagrees with them would be a stale or mistyped figure); an archive's
    share, measured over the connections with a title, is kept as the import sent it.
    """

    def check(state: NetworkState) -> None:
        errors: dict[str, Any] = {}
        parts = {
            "decision_makers": _("Decision-maker connections"),
            "coworker_connections": _("Connections at your company"),
        }
        for name, label in parts.items():
            if source == SignalSource.IMPORT and name not in fields and state.connections:
                # The archive counted the connections but not this part: what was known
                # of it cannot outnumber the new whole.
                setattr(state, name, min(getattr(state, name), state.connections))
            try:
                validation.check_part_of_whole(
                    part=getattr(state, name),
                    whole=state.connections,
                    part_label=label,
                    whole_label=_("connections"),
                )
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)
        if source != SignalSource.IMPORT and state.connections and state.decision_makers:
            state.decision_maker_share = Decimal(
                state.decision_makers / state.connections
            ).quantize(Decimal("0.0001"))

    return _state_update(NetworkState, NETWORK_FIELDS, user, source, fields, recompute, check)


# --- Model and estimates ---------------------------------------------------------------------


def scoring_model_save(
    *, model: ScoringModel, weights: dict, targets: dict, notes: str = ""
) -> ScoringModel:
    """Save weights and targets; a version that has estimates is kept and a new one made.

    The new version is the latest, hence the one in use; estimates already computed keep
    the version they were computed with.
    """
    errors = engine.validate_model(weights, targets)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if model.pk is None or model.estimates.exists():
            latest = ScoringModel.objects.select_for_update().order_by("-version").first()
            model = ScoringModel(version=(latest.version + 1) if latest else 1)
        model.weights, model.targets, model.notes = weights, targets, notes
        model.save()
    return model


@dataclass(frozen=True)
class _Computed:
    """A chunk's estimates as arrays: ids ascending, their signals (``FACTOR_KEYS``
    columns) and the engine's pillars and totals, row by row."""

    ids: np.ndarray
    signals: np.ndarray
    result: engine.Estimates

    def explanation(self, row: int) -> dict[str, Any]:
        """What an estimate stores to explain itself: its signals in ``FACTOR_KEYS``
        order (``Estimate.result`` computes the factors from them)."""
        return {"signals": self.signals[row].tolist()}

    def numbers(self, row: int) -> dict[str, Decimal]:
        values = [*self.result.pillars[row].tolist(), float(self.result.total[row])]
        return {
            name: Decimal(str(value)).quantize(SIX_PLACES)
            for name, value in zip((*vocabulary.PILLARS, "total"), values, strict=True)
        }


def _estimates_compute(ids: Sequence[int], today: date, model: ScoringModel) -> _Computed:
    """Signals in one query, then the engine over the whole chunk at once."""
    user_ids, signals = signal_matrix(ids, today)
    return _Computed(user_ids, signals, engine.estimate_many(signals, model.as_engine_model()))


#: The COPY columns, all 8-byte numbers: the user, the pillars and total, the signals.
_COPY_COLUMNS = (
    "user_id",
    *vocabulary.PILLARS,
    "total",
    *(f"s_{k}" for k in vocabulary.FACTOR_KEYS),
)
_COPY_ROW = np.dtype(
    [("fields", ">i2")]
    + [
        item
        for n, name in enumerate(_COPY_COLUMNS)
        for item in ((f"length_{n}", ">i4"), (name, ">i8" if n == 0 else ">f8"))
    ]
)
#: PostgreSQL's binary COPY: signature, flags, header extension; and the end marker.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_COPY_TRAILER = b"\xff\xff"


def _copy_data(computed: _Computed) -> bytes:
    """The chunk in PostgreSQL's binary COPY format, built by numpy in one go: every
    field is 8 bytes, so each row is the same fixed-size record."""
    rows = np.zeros(len(computed.ids), dtype=_COPY_ROW)
    rows["fields"] = len(_COPY_COLUMNS)
    columns = [
        computed.ids,
        *computed.result.pillars.T,
        computed.result.total,
        *computed.signals.T,
    ]
    for n, (name, values) in enumerate(zip(_COPY_COLUMNS, columns, strict=True)):
        rows[f"length_{n}"] = 8
        rows[name] = values
    return _COPY_HEADER + rows.tobytes() + _COPY_TRAILER


def _estimates_copy_prepare() -> None:
    """PostgreSQL, in the chunk's transaction: an empty temporary table to COPY into
    (the session's own: no two connections share it) and the settings of the chunk.

    No JIT: compiling the signals query would cost far more than running it once. The
    JSON of a float is its shortest exact decimal (``extra_float_digits`` 1, the default).
    """
    temporary = ", ".join(
        f"{c} {'bigint' if c == 'user_id' else 'double precision'}" for c in _COPY_COLUMNS
    )
    with connection.cursor() as cursor:
        # DELETE, not TRUNCATE: a temporary table of one chunk needs no new file each time.
        cursor.execute(
            "SET LOCAL jit = off; SET LOCAL extra_float_digits = 1; "  # noqa: S608 - names only
            f"CREATE TEMPORARY TABLE IF NOT EXISTS estimate_in ({temporary}); "
            "DELETE FROM estimate_in"
        )


def _estimates_copy(
    computed: _Computed, *, today: date, model: ScoringModel, returning: bool
) -> list[tuple[int, int]] | int:
    """PostgreSQL: one binary COPY into the temporary table, then one upsert.

    Python touches no row: numpy writes the COPY data, and the database turns the
    floats into the numeric columns (exactly: a float of at most 6 decimals prints as
    that decimal) and the signals into the explanation's JSON.
    """
    ops = connection.ops
    table = ops.quote_name(Estimate._meta.db_table)
    stored = ("user_id", "date", "model_id", *vocabulary.PILLARS, "total", "explanation")
    update = ", ".join(
        f"{ops.quote_name(c)} = EXCLUDED.{ops.quote_name(c)}"
        for c in (*vocabulary.PILLARS, "total", "explanation", "computed_at")
    )
    # An array, not an object keyed by factor: building a JSON object sorts its keys,
    # which cost as much as the rest of the upsert.
    signals = ", ".join(f"s_{k}" for k in vocabulary.FACTOR_KEYS)
    pillars = ", ".join(vocabulary.PILLARS)
    with connection.cursor() as cursor:
        with cursor.copy("COPY estimate_in FROM STDIN (FORMAT BINARY)") as copy:  # type: ignore[attr-defined]
            copy.write(_copy_data(computed))
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(map(ops.quote_name, stored))}, computed_at) "  # noqa: S608
            f"SELECT user_id, %s, %s, {pillars}, total, "
            f"jsonb_build_object('signals', to_jsonb(ARRAY[{signals}])), %s "
            f"FROM estimate_in ON CONFLICT (user_id, date, model_id) DO UPDATE SET {update}"
            + (" RETURNING id, user_id" if returning else ""),
            [today, model.pk, timezone.now()],
        )
        return cursor.fetchall() if returning else cursor.rowcount


def _estimate_objects(
    computed: _Computed, today: date, model: ScoringModel, pks: dict[int, int] | None = None
) -> list[Estimate]:
    now = timezone.now()
    estimates = []
    for row, user_id in enumerate(computed.ids.tolist()):
        estimate = Estimate(
            user_id=user_id,
            date=today,
            model=model,
            explanation=computed.explanation(row),
            computed_at=now,
            **computed.numbers(row),
        )
        if pks is not None:  # stored already
            estimate.pk, estimate._state.adding = pks[user_id], False
        estimates.append(estimate)
    return estimates


def _estimates_store(
    ids: Sequence[int], today: date, model: ScoringModel, *, returning: bool
) -> list[Estimate] | int:
    """Compute and store the estimates of ``ids``, in one transaction: the stored
    objects, or with ``returning=False`` only how many (the nightly job needs no
    objects)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _estimates_copy_prepare()
        computed = _estimates_compute(ids, today, model)
        if not len(computed.ids):
            return [] if returning else 0
        if connection.vendor == "postgresql":
            stored = _estimates_copy(computed, today=today, model=model, returning=returning)
            if isinstance(stored, int):
                return stored
            return _estimate_objects(computed, today, model, {u: pk for pk, u in stored})
        estimates = Estimate.objects.bulk_create(
            _estimate_objects(computed, today, model),
            update_conflicts=True,
            unique_fields=["user", "date", "model"],
            update_fields=[*vocabulary.PILLARS, "total", "explanation", "computed_at"],
        )
        return estimates if returning else len(estimates)


def estimates_recompute(
    *, users: Iterable[User | int], today: date, model: ScoringModel | None = None
) -> list[Estimate]:
    """Compute and store the estimate of every user for ``today`` under ``model``.

    One transaction and a constant number of queries whatever the batch size: on
    PostgreSQL the temporary table, one query for the signals, a COPY and one upsert
    keyed by (user, date, model); elsewhere three for the signals and one upsert (and
    the model, if not given). The engine runs over the whole batch at once. Re-running
    it is safe.
    """
    ids = sorted({u if isinstance(u, int) else u.pk for u in users})
    if not ids:
        return []
    stored = _estimates_store(ids, today, model or current_scoring_model(), returning=True)
    assert isinstance(stored, list)
    scores_changed(user_ids=ids, what="estimates")
    return stored


def estimates_count_recompute(
    *, user_ids: Sequence[int], today: date, model: ScoringModel | None = None
) -> int:
    """``estimates_recompute`` for the nightly job: how many were stored, no objects."""
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    stored = _estimates_store(ids, today, model or current_scoring_model(), returning=False)
    assert isinstance(stored, int)
    scores_changed(user_ids=ids, what="estimates")
    return stored


def estimates_recompute_chunk(
    *, user_ids: Sequence[int], now: datetime | None = None, day: date | None = None
) -> int:
    """One chunk of the nightly job: each user's estimate for ``day``, or for their own
    today at ``now`` (users in different zones may be on different days).

    Upserts keyed by (user, date, model): running a chunk twice stores the same rows.
    Returns how many estimates were stored; ids of users that are gone are skipped.
    """
    users = list(User.objects.filter(pk__in=list(user_ids)).values_list("pk", "time_zone"))
    model = current_scoring_model()
    if day is not None:
        return estimates_count_recompute(user_ids=[pk for pk, _ in users], today=day, model=model)
    now = now or timezone.now()
    by_day: dict[date, list[int]] = {}
    for pk, zone in users:
        by_day.setdefault(localtime.local_today(zone, now), []).append(pk)
    return sum(
        estimates_count_recompute(user_ids=group, today=today, model=model)
        for today, group in by_day.items()
    )


@dataclass(frozen=True)
class RecomputeDispatch:
    trainees: int
    chunks: int
    stored: int = 0  # only when the chunks ran in this process


def estimates_recompute_dispatch(
    *,
    now: datetime,
    day: date | None = None,
    chunk_size: int | None = None,
    inline: bool = False,
    local_hour: int | None = None,
) -> RecomputeDispatch:
    """Recompute active trainees' estimates: one ``estimates_recompute_task`` per chunk of
    ids (``ESTIMATES_RECOMPUTE_CHUNK_SIZE``), so that more workers finish sooner.

    With ``local_hour`` only the trainees of the time zones where that hour is under way
    at ``now`` (the beat's hourly entry: every zone's morning in turn); without it, all.
    Ids are read a chunk at a time, so memory stays flat in the number of trainees. Each
    chunk carries ``now`` (or ``day``): a chunk that runs late, or twice, computes the
    same day as the others. ``inline`` runs the chunks in this process instead.
    """
    from .tasks import estimates_recompute_task

    size = chunk_size or settings.ESTIMATES_RECOMPUTE_CHUNK_SIZE
    users = active_trainees()
    if local_hour is not None:
        zones = users.order_by().values_list("time_zone", flat=True).distinct()
        users = users.filter(
            time_zone__in=[z for z in zones if localtime.local_now(z, now).hour == local_hour]
        )
    trainees = chunks = stored = 0
    for chunk in ids_in_chunks(users, size):
        trainees += len(chunk)
        chunks += 1
        if inline:
            stored += estimates_recompute_chunk(user_ids=chunk, now=now, day=day)
        else:
            estimates_recompute_task.delay_on_commit(
                chunk, day.isoformat() if day else None, now.isoformat()
            )
    return RecomputeDispatch(trainees=trainees, chunks=chunks, stored=stored)


# --- Calibration -----------------------------------------------------------------------------

#: After a new calibrated version is saved, the estimates of this many days are computed
#: again under it, so that the charts and the dashboard's gap show the new model.
CALIBRATION_BACKFILL_DAYS = 90
#: How far back any estimate the platform computes reads raw activity: the backfill's
#: oldest day and that day's long window. Raw activity older than this may be pruned
#: without changing an estimate computed again (``ACTIVITY_RETENTION_MONTHS``).
ACTIVITY_REACH_DAYS = CALIBRATION_BACKFILL_DAYS + WINDOW_LONG - 1


@dataclass(frozen=True)
class CalibrationRun:
    fit: calibration.Calibration
    model: ScoringModel  # the version the fit started from
    saved: ScoringModel | None  # the new version, if the fit was better on held-out days
    estimates: int = 0  # estimates recomputed under the new version


def calibration_notes(fit: calibration.Calibration, scope: str) -> str:
    """The reason recorded on a calibrated version (staff read it in the admin)."""
    assert fit.before is not None and fit.after is not None
    pillars = ", ".join(
        f"{p} {fit.before.pillars[p]:.2f} -> {fit.after.pillars[p]:.2f}" for p in vocabulary.PILLARS
    )
    return (
        f"Calibrated on the official snapshots of {scope}: {fit.n_train} to fit, "
        f"{fit.n_heldout} held out (the latest days). Mean absolute error on the held-out "
        f"days, total {fit.before.total:.2f} -> {fit.after.total:.2f}; {pillars}. "
        f"Pillars refitted: {', '.join(fit.fitted_pillars) or 'none'}."
    )


def scoring_model_calibrate(
    *,
    today: date,
    user_ids: Sequence[int] | None = None,
    scope: str = "the installation",
    save: bool = True,
) -> CalibrationRun:
    """Fit the weights of the model in use to the official snapshots up to ``today``.

    ``user_ids`` limits the data to some trainees (one trainee, a cohort); None uses every
    snapshot. A new version is saved (and becomes the one in use) only if it is better on
    the held-out days, and then the estimates of the last 90 days are computed again.
    """
    model = current_scoring_model()
    rows = calibration_rows(user_ids, until=today)
    targets = [float(model.targets[k]) for k in vocabulary.FACTOR_KEYS]
    values = np.array(
        [[row.signals.value(k) for k in vocabulary.FACTOR_KEYS] for row in rows], dtype=float
    ).reshape(-1, len(vocabulary.FACTOR_KEYS))
    official = np.array(
        [[row.official[p] for p in vocabulary.PILLARS] for row in rows], dtype=float
    ).reshape(-1, len(vocabulary.PILLARS))
    days = np.array([row.day.toordinal() for row in rows], dtype=int)
    fit = calibration.calibrate(
        calibration.curve_matrix(values, targets), official, days, model.weights
    )
    if not (save and fit.improved):
        return CalibrationRun(fit=fit, model=model, saved=None)
    saved = scoring_model_save(
        model=ScoringModel(),
        weights=fit.weights,
        targets=dict(model.targets),
        notes=calibration_notes(fit, scope),
    )
    users = sorted({row.user_id for row in rows})
    recomputed = 0
    since = today - timedelta(days=CALIBRATION_BACKFILL_DAYS - 1)
    backfill = estimate_days(users, since=since, until=today)
    backfill.setdefault(today, set()).update(users)
    for day, day_users in sorted(backfill.items()):
        recomputed += len(estimates_recompute(users=sorted(day_users), today=day, model=saved))
    return CalibrationRun(fit=fit, model=model, saved=saved, estimates=recomputed)
