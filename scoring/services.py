"""Writes for scoring: snapshots, signals, the scoring model and estimates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import localtime
from accounts.models import Cohort, Membership, User

from . import drops, engine
from .fields import NETWORK_FIELDS, PROFILE_FIELDS
from .models import (
    Activity,
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
from .selectors import current_scoring_model, signals_for_users

SIX_PLACES = Decimal("0.000001")
#: A typed total may differ from the pillar sum by this much (LinkedIn rounds it).
TOTAL_TOLERANCE = Decimal(1)


def pillar_sum(pillars: dict[str, Decimal]) -> Decimal:
    return sum((Decimal(pillars[p]) for p in engine.PILLARS), Decimal(0)).quantize(SIX_PLACES)


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


def user_today(user: User) -> date:
    """Today in the user's own time zone: LinkedIn's SSI changes with the member's day."""
    return localtime.local_today(user.time_zone, timezone.now())


def estimates_enqueue(*, user_ids: Sequence[int], today: date | None = None) -> None:
    """Recompute these users' estimates in the background once the transaction commits."""
    from .tasks import estimates_recompute_task

    ids = sorted(set(user_ids))
    if not ids:
        return
    day = today.isoformat() if today else None
    estimates_recompute_task.delay_on_commit(ids, day)


# --- Snapshots -------------------------------------------------------------------------------


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
) -> SsiSnapshot:
    """Record the official SSI of a day; a second entry for the same day replaces it.

    ``total`` is what the member typed, if anything: the stored total is always the sum
    of the pillars, and a typed total more than 1 point away is refused.
    """
    pillars = {
        "brand": Decimal(brand),
        "people": Decimal(people),
        "insights": Decimal(insights),
        "relationships": Decimal(relationships),
    }
    check_typed_total(pillars, total)
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
    # Keyed by the (user, date) constraint: two saves racing for the same day end as one
    # row (update_or_create retries its lookup when the insert hits the constraint).
    # New numbers are no longer what a coach verified.
    values.update(verified_by=None, verified_at=None)
    snapshot, _created = SsiSnapshot.objects.update_or_create(user=user, date=date, defaults=values)
    cohort_days_enqueue(user_id=user.pk, days=[date])
    return snapshot


def snapshot_update(*, snapshot: SsiSnapshot, **fields: Any) -> SsiSnapshot:
    """Change a snapshot (also its date; moving onto another day's entry replaces it)."""
    data: dict[str, Any] = {
        name: getattr(snapshot, name)
        for name in (
            "date",
            *engine.PILLARS,
            "industry_rank",
            "network_rank",
            "industry_average",
            "network_average",
            "source",
        )
    }
    data.update(fields)
    with transaction.atomic():
        if data["date"] != snapshot.date:
            SsiSnapshot.objects.filter(user=snapshot.user, date=data["date"]).delete()
            SsiSnapshot.objects.filter(pk=snapshot.pk).update(date=data["date"])
            cohort_days_enqueue(user_id=snapshot.user_id, days=[snapshot.date])
        return snapshot_record(user=snapshot.user, **data)


def snapshot_delete(*, snapshot: SsiSnapshot) -> None:
    user_id, day = snapshot.user_id, snapshot.date
    snapshot.delete()
    cohort_days_enqueue(user_id=user_id, days=[day])


def snapshot_verify(*, snapshot: SsiSnapshot, coach: User, verified: bool = True) -> SsiSnapshot:
    """A coach confirms (or withdraws confirming) that an entry matches LinkedIn's page.

    Only someone who coaches the trainee (or staff) may; the trainee never verifies
    their own entry."""
    from accounts.permissions import coaches_trainee

    if snapshot.user_id == coach.pk or not (
        coach.is_staff or coaches_trainee(coach, snapshot.user)
    ):
        raise PermissionDenied(_("Only the trainee's coach can verify an SSI entry."))
    snapshot.verified_by = coach if verified else None
    snapshot.verified_at = timezone.now() if verified else None
    SsiSnapshot.objects.filter(pk=snapshot.pk).update(
        verified_by=snapshot.verified_by, verified_at=snapshot.verified_at
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
    columns = [Cast(name, FloatField()) for name in ("total", *engine.PILLARS)]
    for user_id, day, total, *pillars in SsiSnapshot.objects.filter(
        user__in=members, date__in=asked
    ).values_list("user_id", "date", *columns):
        series.setdefault(user_id, []).append(
            drops.Reading(day, total, dict(zip(engine.PILLARS, pillars, strict=True)))
        )
    stats = drops.day_stats(series, wanted, share=cohort.shared_drop_percent / 100)
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
                    *engine.PILLARS,
                    "compared",
                    "dropped",
                    "shared_drop",
                    "computed_at",
                ],
            )
    return rows


def cohort_days_recompute_for_user(*, user_id: int, days: Iterable[date]) -> int:
    """Every cohort of this trainee, for the days a snapshot of theirs affects."""
    affected = drops.affected_days(days)
    cohorts = Cohort.objects.filter(memberships__user_id=user_id)
    return sum(len(cohort_days_recompute(cohort=c, days=affected)) for c in cohorts)


# --- Signals ---------------------------------------------------------------------------------


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
    activity.save()
    if recompute:
        estimates_enqueue(user_ids=[user.pk])
    return activity


def activity_delete(*, activity: Activity) -> None:
    user_id = activity.user_id
    activity.delete()
    estimates_enqueue(user_ids=[user_id])


def activity_delete_by_key(*, user: User, external_key: str, source: str) -> int:
    """Remove the activity recorded under this key (e.g. an undone task); no recompute."""
    deleted, _detail = Activity.objects.filter(
        user=user, external_key=external_key, source=source
    ).delete()
    return deleted


def _state_update(
    model: type,
    allowed: tuple[str, ...],
    user: User,
    source: str,
    fields: dict,
    recompute: bool = True,
):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        state = model.objects.select_for_update().filter(user=user).first() or model(user=user)
        for name, value in fields.items():
            setattr(state, name, value)
        state.source = source
        state.full_clean(exclude=["user"])
        state.save()
    if recompute:
        estimates_enqueue(user_ids=[user.pk])
    return state


def profile_state_update(
    *, user: User, source: str = SignalSource.FORM, recompute: bool = True, **fields: Any
) -> ProfileState:
    """Save (part of) the profile checklist; fields left out keep their value."""
    return _state_update(ProfileState, PROFILE_FIELDS, user, source, fields, recompute)


def network_state_update(
    *, user: User, source: str = SignalSource.FORM, recompute: bool = True, **fields: Any
) -> NetworkState:
    """Save (part of) the network facts; fields left out keep their value."""
    return _state_update(NetworkState, NETWORK_FIELDS, user, source, fields, recompute)


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


def estimates_recompute(
    *, users: Iterable[User | int], today: date, model: ScoringModel | None = None
) -> list[Estimate]:
    """Compute and store the estimate of every user for ``today`` under ``model``.

    A constant number of queries whatever the batch size: the model, five for the
    signals, one upsert keyed by (user, date, model). Re-running it is safe.
    """
    ids = sorted({u if isinstance(u, int) else u.pk for u in users})
    if not ids:
        return []
    model = model or current_scoring_model()
    engine_model = model.as_engine_model()
    rows = []
    for user_id, signals in signals_for_users(ids, today).items():
        result = engine.estimate(signals, engine_model)
        pillars = {p.key: Decimal(str(p.points)).quantize(SIX_PLACES) for p in result.pillars}
        rows.append(
            Estimate(
                user_id=user_id,
                date=today,
                model=model,
                total=Decimal(str(result.total)).quantize(SIX_PLACES),
                explanation=engine.result_to_json(result) | {"signals": signals.as_dict()},
                computed_at=timezone.now(),
                **pillars,
            )
        )
    return Estimate.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "date", "model"],
        update_fields=[*engine.PILLARS, "total", "explanation", "computed_at"],
    )
