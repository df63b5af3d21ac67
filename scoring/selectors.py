"""Reads for scoring: signals for the engine, history, the dashboard."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import FloatField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Cast

from accounts.models import User

from . import engine
from .models import (
    Activity,
    ActivityKind,
    Estimate,
    NetworkState,
    ProfileState,
    ScoringModel,
    SsiSnapshot,
)

WINDOW_SHORT = 28
WINDOW_LONG = 90

#: Kinds that say the member was active on LinkedIn that day (not things that happened
#: to them, and not offline outcomes).
ACTIVE_KINDS = frozenset(ActivityKind.values) - {
    ActivityKind.MESSAGE_RECEIVED,
    ActivityKind.INVITATION_RECEIVED,
    ActivityKind.INVITATION_ACCEPTED,
    ActivityKind.ENDORSEMENT_RECEIVED,
    ActivityKind.RECOMMENDATION_RECEIVED,
    ActivityKind.CONNECTION,
    ActivityKind.MEETING,
    ActivityKind.OPPORTUNITY,
}

#: Factors that are a plain count of activity kinds over a window: factor -> (kinds, days).
ACTIVITY_FACTORS: dict[str, tuple[tuple[str, ...], int]] = {
    "posts_28d": ((ActivityKind.POST,), WINDOW_SHORT),
    "articles_90d": ((ActivityKind.ARTICLE,), WINDOW_LONG),
    "media_90d": ((ActivityKind.MEDIA,), WINDOW_LONG),
    "searches_28d": ((ActivityKind.SEARCH,), WINDOW_SHORT),
    "comments_28d": ((ActivityKind.COMMENT,), WINDOW_SHORT),
    "reactions_28d": ((ActivityKind.REACTION,), WINDOW_SHORT),
    "reshares_28d": ((ActivityKind.SHARE,), WINDOW_SHORT),
    "group_engagement_90d": (
        (ActivityKind.GROUP_POST, ActivityKind.GROUP_COMMENT),
        WINDOW_LONG,
    ),
    "messages_sent_28d": ((ActivityKind.MESSAGE_SENT,), WINDOW_SHORT),
    # A course watched but not finished is still time spent on insights (docs/scoring-model.md).
    "learning_90d": ((ActivityKind.LEARNING_COMPLETED, ActivityKind.LEARNING_WATCHED), WINDOW_LONG),
    "new_connections_90d": ((ActivityKind.CONNECTION,), WINDOW_LONG),
    "endorsements_given_90d": (
        (ActivityKind.ENDORSEMENT_GIVEN, ActivityKind.RECOMMENDATION_GIVEN),
        WINDOW_LONG,
    ),
}


def window_start(today: date, days: int) -> date:
    """First day of a ``days``-long window that ends on (and includes) ``today``."""
    return today - timedelta(days=days - 1)


def current_scoring_model() -> ScoringModel:
    """The model in use: the latest version (version 1 is created by a migration)."""
    model = ScoringModel.objects.order_by("-version").first()
    if model is None:  # only if someone deleted every version
        model = ScoringModel.objects.create(
            version=1, weights=engine.DEFAULT_WEIGHTS, targets=engine.DEFAULT_TARGETS
        )
    return model


def _in_ids(vendor: str) -> str:
    """A condition on ``user_id`` that takes the whole batch as one parameter."""
    if vendor == "postgresql":
        return "user_id = ANY(%s)"
    if vendor == "sqlite":
        return "user_id IN (SELECT value FROM json_each(%s))"
    raise NotImplementedError(vendor)


def _ids_param(vendor: str, ids: list[int]) -> object:
    return ids if vendor == "postgresql" else json.dumps(ids)


def signals_for_users(user_ids: Iterable[int], today: date) -> dict[int, engine.Signals]:
    """The engine's signals for each user on ``today``, in three queries for any batch.

    1. one aggregate over the activities of 90 days: counts per user and kind (with the
       28-day part and the average words of comments), distinct active days over 28
       days, and two-way conversation partners; 2. profile checklists; 3. network facts.
    """
    ids = list(user_ids)
    vendor = connection.vendor
    short, long = window_start(today, WINDOW_SHORT), window_start(today, WINDOW_LONG)
    counts: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    words: dict[int, float] = {}
    active_days: dict[int, int] = {}
    conversations: dict[int, int] = {}
    if ids:
        table = connection.ops.quote_name(Activity._meta.db_table)
        where = f"{_in_ids(vendor)} AND occurred_on >= %s AND occurred_on <= %s"
        active = sorted(ACTIVE_KINDS)
        talk = (ActivityKind.MESSAGE_SENT, ActivityKind.MESSAGE_RECEIVED)
        kinds_in = ", ".join(["%s"] * len(active))
        # Kinds are never empty, so '' and '+' mark the rows of active days and talks.
        sql = f"""
            SELECT user_id, kind, SUM("count"),
                   SUM(CASE WHEN occurred_on >= %s THEN "count" ELSE 0 END), AVG(words)
              FROM {table} WHERE {where} GROUP BY user_id, kind
            UNION ALL
            SELECT user_id, '', COUNT(DISTINCT occurred_on), 0, NULL
              FROM {table} WHERE {where} AND occurred_on >= %s AND kind IN ({kinds_in})
             GROUP BY user_id
            UNION ALL
            SELECT user_id, '+', COUNT(*), 0, NULL FROM (
                SELECT user_id, counterpart FROM {table}
                 WHERE {where} AND kind IN (%s, %s) AND counterpart <> ''
                 GROUP BY user_id, counterpart HAVING COUNT(DISTINCT kind) = 2
            ) AS two_way GROUP BY user_id
        """  # noqa: S608 - table and placeholders only; every value is a parameter
        batch = _ids_param(vendor, ids)
        params = [short, batch, long, today, batch, long, today, short, *active]
        params += [batch, long, today, *talk]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for user_id, kind, n90, n28, avg_words in cursor.fetchall():
                if kind == "":
                    active_days[user_id] = int(n90)
                elif kind == "+":
                    conversations[user_id] = int(n90)
                else:
                    counts[user_id][kind] = (int(n28 or 0), int(n90 or 0))
                    if kind == ActivityKind.COMMENT and avg_words is not None:
                        words[user_id] = float(avg_words)

    profiles = {p.user_id: p for p in ProfileState.objects.filter(user_id__in=ids)}
    networks = {n.user_id: n for n in NetworkState.objects.filter(user_id__in=ids)}

    return {
        user_id: _signals(
            today=today,
            counts=counts.get(user_id, {}),
            words_per_comment=words.get(user_id, 0.0),
            active_days=active_days.get(user_id, 0),
            conversations=conversations.get(user_id, 0),
            profile=profiles.get(user_id),
            network=networks.get(user_id),
        )
        for user_id in ids
    }


def _signals(
    *,
    today: date,
    counts: dict[str, tuple[int, int]],
    words_per_comment: float,
    active_days: int,
    conversations: int,
    profile: ProfileState | None,
    network: NetworkState | None,
) -> engine.Signals:
    def count(kinds: Iterable[str], days: int) -> float:
        index = 0 if days == WINDOW_SHORT else 1
        return float(sum(counts.get(k, (0, 0))[index] for k in kinds))

    values: dict[str, float] = {
        key: count(kinds, days) for key, (kinds, days) in ACTIVITY_FACTORS.items()
    }
    values["words_per_comment_90d"] = words_per_comment
    values["days_active_28d"] = float(active_days)
    values["conversations_90d"] = float(conversations)

    updated_recently = counts.get(ActivityKind.PROFILE_UPDATE, (0, 0))[1] > 0
    if profile is not None:
        values["profile_completeness"] = profile.completeness()
        values["endorsements_received"] = float(profile.endorsements_received)
        values["recommendations_received"] = float(profile.recommendations_received)
        updated_on = profile.profile_updated_on
        if updated_on is not None and window_start(today, WINDOW_LONG) <= updated_on <= today:
            updated_recently = True
    values["profile_updated_90d"] = 1.0 if updated_recently else 0.0

    sent_90 = count((ActivityKind.INVITATION_SENT,), WINDOW_LONG)
    accepted_90 = count((ActivityKind.INVITATION_ACCEPTED,), WINDOW_LONG)
    acceptance = min(1.0, accepted_90 / sent_90) if sent_90 else 0.0
    if network is not None:
        values["connections"] = float(network.connections)
        # One set of facts: when the count of decision makers is known, the share is that
        # count over the connections (never a separately typed share beside it);
        # otherwise the count follows from the share.
        if network.decision_makers and network.connections:
            values["decision_maker_share"] = network.decision_makers / network.connections
            values["decision_maker_connections"] = float(network.decision_makers)
        else:
            values["decision_maker_share"] = float(network.decision_maker_share)
            values["decision_maker_connections"] = float(
                round(network.connections * float(network.decision_maker_share))
            )
        values["target_market_share"] = float(network.target_market_share)
        values["companies_followed"] = float(network.companies_followed)
        values["coworker_connections"] = float(network.coworker_connections)
        if network.acceptance_rate is not None:
            acceptance = float(network.acceptance_rate)
    values["acceptance_rate"] = acceptance
    return engine.Signals(**values)


# --- Snapshots and estimates -------------------------------------------------------------


def snapshots_of(user: User) -> QuerySet[SsiSnapshot]:
    return SsiSnapshot.objects.filter(user=user).order_by("-date")


def activities_of(user: User) -> QuerySet[Activity]:
    return Activity.objects.filter(user=user).order_by("-occurred_on", "-created_at")


#: The one order of estimates everywhere: newest day first and, within a day, the newest
#: model version first. The figure of a day is the first of that day in this order.
ESTIMATE_ORDER = ("-date", "-model__version")


def estimates_of(user: User) -> QuerySet[Estimate]:
    return Estimate.objects.filter(user=user).select_related("model").order_by(*ESTIMATE_ORDER)


def latest_estimate(user: User) -> Estimate | None:
    """The estimate every page, the API and the exports show: the newest day's, under
    the newest model version that estimated it."""
    return estimates_of(user).first()


def latest_estimate_total(user: User) -> float | None:
    total = estimates_of(user).values_list("total", flat=True).first()
    return float(total) if total is not None else None


def estimate_points(estimates: QuerySet[Estimate]) -> list[Point]:
    """One point per day, oldest first: the newest model version's estimate of the day
    (ordered last, so it wins). One query."""
    ordered = estimates.order_by("date", "model__version")
    return list({p.day: p for p in _points(ordered)}.values())


def active_days_of(user: User, *, until: date) -> list[date]:
    """Days on which the member did something on LinkedIn (logged, imported or by a task),
    up to ``until``: one query."""
    return active_days_for_users([user.pk], until=until).get(user.pk, [])


def active_days_for_users(
    user_ids: Iterable[int], *, until: date, since: date | None = None
) -> dict[int, list[date]]:
    """Per user, the days with LinkedIn activity in a range: one query for any batch."""
    rows = Activity.objects.filter(
        user_id__in=list(user_ids), kind__in=ACTIVE_KINDS, occurred_on__lte=until
    )
    if since is not None:
        rows = rows.filter(occurred_on__gte=since)
    days: dict[int, list[date]] = defaultdict(list)
    for user_id, day in rows.order_by().values_list("user_id", "occurred_on").distinct():
        days[user_id].append(day)
    return dict(days)


def profile_state_of(user: User) -> ProfileState:
    """The saved checklist, or an unsaved empty one."""
    return ProfileState.objects.filter(user=user).first() or ProfileState(user=user)


def network_state_of(user: User) -> NetworkState:
    return NetworkState.objects.filter(user=user).first() or NetworkState(user=user)


# --- Dashboard ---------------------------------------------------------------------------

RANGES = {"90d": 90, "1y": 365, "all": None}
DEFAULT_RANGE = "90d"


@dataclass(frozen=True)
class Point:
    day: date
    total: float
    pillars: dict[str, float] = field(default_factory=dict)


#: The official and estimated figures are compared over this many days.
GAP_DAYS = 30


@dataclass(frozen=True)
class EstimateGap:
    """How far the estimate ran from LinkedIn's total on the days that have both."""

    mean: float  # estimate minus official, in points, on average
    days: int


def estimate_gap(
    official: list[Point], estimated: list[Point], days: int = GAP_DAYS
) -> EstimateGap | None:
    """The average gap over the ``days`` up to the newest official score (None: no day has
    both an official score and an estimate)."""
    if not official:
        return None
    start = official[-1].day - timedelta(days=days - 1)
    by_day = {p.day: p.total for p in estimated}
    gaps = [by_day[p.day] - p.total for p in official if p.day >= start and p.day in by_day]
    if not gaps:
        return None
    return EstimateGap(mean=round(sum(gaps) / len(gaps), 6), days=len(gaps))


@dataclass
class ScoreOverview:
    latest: SsiSnapshot | None
    change_7d: float | None
    change_30d: float | None
    estimate: Estimate | None
    official: list[Point]
    estimated: list[Point]
    range_key: str
    gap: EstimateGap | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing to show yet: no official SSI and no estimate above zero.

        An estimate of exactly 0 means that no signal has been recorded at all, so a
        new trainee sees the first steps rather than a score of 0.00.
        """
        return self.latest is None and (self.estimate is None or not self.estimate.total)


def _change(points: list[Point], days: int) -> float | None:
    """Latest total minus the latest total recorded at least ``days`` days before it."""
    if not points:
        return None
    cutoff = points[-1].day - timedelta(days=days)
    earlier = [p for p in points if p.day <= cutoff]
    return round(points[-1].total - earlier[-1].total, 6) if earlier else None


def _points(queryset: QuerySet) -> list[Point]:
    """(day, total, pillars) as floats, cast in the database: charts need no Decimals."""
    columns = [Cast(name, FloatField()) for name in ("total", *engine.PILLARS)]
    return [
        Point(day, total, dict(zip(engine.PILLARS, pillars, strict=True)))
        for day, total, *pillars in queryset.values_list("date", *columns)
    ]


def score_overview(trainee: User, *, range_key: str = DEFAULT_RANGE) -> ScoreOverview:
    """Everything the score panel shows, in four queries whatever the history length:
    the latest snapshot, the latest estimate (with its model), and the two series."""
    if range_key not in RANGES:
        range_key = DEFAULT_RANGE
    snapshots = SsiSnapshot.objects.filter(user=trainee)
    estimates = Estimate.objects.filter(user=trainee)
    latest = snapshots.order_by("-date").first()
    # The estimate of the newest day, from the newest model version.
    estimate = (
        estimates.select_related("model")
        .defer("explanation")  # the panel shows totals; the why page reads the factors
        .order_by(*ESTIMATE_ORDER)
        .first()
    )
    # The range ends on the newest day with an official score or an estimate; the 7- and
    # 30-day changes look within it too, never at an entry older than the range.
    newest = [obj.date for obj in (latest, estimate) if obj is not None]
    days = RANGES[range_key]
    if newest and days:
        start = max(newest) - timedelta(days=days - 1)
        snapshots, estimates = snapshots.filter(date__gte=start), estimates.filter(date__gte=start)
    official = _points(snapshots.order_by("date")) if latest else []
    estimated = estimate_points(estimates) if estimate else []
    return ScoreOverview(
        latest=latest,
        change_7d=_change(official, 7),
        change_30d=_change(official, 30),
        estimate=estimate,
        official=official,
        estimated=estimated,
        range_key=range_key,
        gap=estimate_gap(official, estimated),
    )


def latest_scores(user_ids: Iterable[int]) -> dict[int, dict]:
    """Per user: the latest official total and its date, and the latest estimate (1 query)."""
    snapshots = SsiSnapshot.objects.filter(user=OuterRef("pk")).order_by("-date")
    estimates = Estimate.objects.filter(user=OuterRef("pk")).order_by(*ESTIMATE_ORDER)
    rows = (
        User.objects.filter(pk__in=list(user_ids))
        .annotate(
            ssi=Subquery(snapshots.values("total")[:1]),
            ssi_date=Subquery(snapshots.values("date")[:1]),
            estimate=Subquery(estimates.values("total")[:1]),
        )
        .values("pk", "ssi", "ssi_date", "estimate")
    )
    return {row.pop("pk"): row for row in rows}


# --- Calibration -------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationRow:
    user_id: int
    day: date
    signals: engine.Signals
    official: dict[str, float]


def calibration_rows(user_ids: Iterable[int] | None, *, until: date) -> list[CalibrationRow]:
    """Every official snapshot up to ``until`` beside the signals of its day.

    ``user_ids`` None means the whole installation. One query for the snapshots, then
    ``signals_for_users`` once per distinct day (five queries each, whatever the users).
    """
    snapshots = SsiSnapshot.objects.filter(date__lte=until)
    if user_ids is not None:
        snapshots = snapshots.filter(user_id__in=list(user_ids))
    by_day: dict[date, dict[int, dict[str, float]]] = defaultdict(dict)
    columns = [Cast(p, FloatField()) for p in engine.PILLARS]
    for user_id, day, *pillars in snapshots.order_by("date", "user_id").values_list(
        "user_id", "date", *columns
    ):
        by_day[day][user_id] = dict(zip(engine.PILLARS, pillars, strict=True))
    rows = []
    for day, official in by_day.items():
        signals = signals_for_users(official, day)
        rows.extend(
            CalibrationRow(user_id, day, signals[user_id], pillars)
            for user_id, pillars in official.items()
        )
    return rows


def estimate_days(user_ids: Iterable[int], *, since: date, until: date) -> dict[date, set[int]]:
    """The days (and users) that have an estimate or an official score in a range."""
    ids = list(user_ids)
    days: dict[date, set[int]] = defaultdict(set)
    for model in (Estimate, SsiSnapshot):
        for user_id, day in (
            model.objects.filter(user_id__in=ids, date__gte=since, date__lte=until)
            .values_list("user_id", "date")
            .distinct()
        ):
            days[day].add(user_id)
    return days


def peer_averages(
    trainee: User, since: date | None
) -> list[tuple[date, float | None, float | None]]:
    """(day, industry average, network average) of the trainee's snapshots that carry
    either, oldest first: one query."""
    rows = SsiSnapshot.objects.filter(user=trainee).filter(
        Q(industry_average__isnull=False) | Q(network_average__isnull=False)
    )
    if since is not None:
        rows = rows.filter(date__gte=since)
    return [
        (day, None if industry is None else float(industry), None if net is None else float(net))
        for day, industry, net in rows.order_by("date").values_list(
            "date", "industry_average", "network_average"
        )
    ]


def weekly_changes(points: list[Point]) -> list[tuple[date, float, float | None]]:
    """Per week (its Monday), the last official total and its change from the week
    before (None for the first week, or after a week without any entry), newest first."""
    by_week: dict[date, float] = {}
    for point in sorted(points, key=lambda p: p.day):
        by_week[point.day - timedelta(days=point.day.weekday())] = point.total
    rows: list[tuple[date, float, float | None]] = []
    previous: tuple[date, float] | None = None
    for week, total in sorted(by_week.items()):
        change = None
        if previous is not None and (week - previous[0]).days == 7:
            change = round(total - previous[1], 2)
        rows.append((week, total, change))
        previous = (week, total)
    return list(reversed(rows))


#: The windows of the activity log's totals, in days.
TOTAL_WINDOWS = (7, 28, 90)


def activity_totals(user: User, today: date) -> list[tuple[str, list[int]]]:
    """Per kind of activity, how many in each of ``TOTAL_WINDOWS`` up to today (kinds
    with none in the longest window left out), the most frequent first: one query."""
    since = {days: window_start(today, days) for days in TOTAL_WINDOWS}
    rows = (
        Activity.objects.filter(
            user=user, occurred_on__gte=since[max(TOTAL_WINDOWS)], occurred_on__lte=today
        )
        .values("kind")
        .annotate(
            **{
                f"d{days}": Sum("count", filter=Q(occurred_on__gte=start))
                for days, start in since.items()
            }
        )
    )
    totals = [(row["kind"], [row[f"d{days}"] or 0 for days in TOTAL_WINDOWS]) for row in rows]
    return sorted(totals, key=lambda item: (-item[1][-1], item[0]))
