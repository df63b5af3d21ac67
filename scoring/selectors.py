"""Reads for scoring: signals for the engine, history, the dashboard."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import (
    DateField,
    Exists,
    ExpressionWrapper,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import id_list

from . import engine, vocabulary
from .models import (
    Activity,
    ActivityKind,
    CohortDay,
    Estimate,
    NetworkState,
    ProfileState,
    ScoringModel,
    SsiSnapshot,
)
from .vocabulary import PILLAR_NAMES

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


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` months earlier (the 31st becomes the month's
    last day when that month is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def activity_kept_since(today: date) -> date | None:
    """The oldest day whose raw activity is kept (``ACTIVITY_RETENTION_MONTHS``), or None
    when activity is kept forever. Older rows are pruned by ``privacy.retention``."""
    months = settings.ACTIVITY_RETENTION_MONTHS
    return months_before(today, months) if months else None


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


def _sql_kinds(kinds: Iterable[str]) -> str:
    """Kinds as SQL literals: they are the model's own choices, never user input."""
    names = sorted(kinds)
    assert all(re.fullmatch(r"[a-z_]+", k) for k in names), names
    return ", ".join(f"'{k}'" for k in names)


def _signal_matrix_sql() -> str:
    """One statement for the signals of a chunk (PostgreSQL): every factor of
    ``vocabulary.FACTOR_KEYS`` as a float8 column, one row per user in id order.

    It computes what ``_signals`` computes from the three queries of
    ``signals_for_users``, with the same arithmetic (IEEE divisions and half-even
    rounding of floats, the numeric average of the words), so that the values are the
    same floats (``tests/scoring/test_set_based.py`` compares them on random people). One
    pass over the activities of 90 days: per user, kind and (for messages) counterpart,
    the sums over both windows and a bit per active day of the last 28; then per user.
    """
    talk = _sql_kinds([ActivityKind.MESSAGE_SENT, ActivityKind.MESSAGE_RECEIVED])
    table = connection.ops.quote_name(Activity._meta.db_table)
    window = {WINDOW_SHORT: "n28", WINDOW_LONG: "n90"}
    sums = {
        key: f"COALESCE(SUM({window[days]}) FILTER (WHERE kind IN ({_sql_kinds(kinds)})), 0)"
        for key, (kinds, days) in ACTIVITY_FACTORS.items()
    }

    def n90(kind: str) -> str:
        return f"COALESCE(SUM(n90) FILTER (WHERE kind = '{kind}'), 0)"

    per_user = {
        **sums,
        "profile_updates": n90(ActivityKind.PROFILE_UPDATE),
        "invitations_sent": n90(ActivityKind.INVITATION_SENT),
        "invitations_accepted": n90(ActivityKind.INVITATION_ACCEPTED),
        "comment_words": f"SUM(words) FILTER (WHERE kind = '{ActivityKind.COMMENT}')",
        "comments_worded": f"SUM(worded) FILTER (WHERE kind = '{ActivityKind.COMMENT}')",
        "days": f"bit_or(days) FILTER (WHERE kind IN ({_sql_kinds(ACTIVE_KINDS)}))",
        "sent_to": f"max(who) FILTER (WHERE kind = '{ActivityKind.MESSAGE_SENT}')",
        "heard_from": f"max(who) FILTER (WHERE kind = '{ActivityKind.MESSAGE_RECEIVED}')",
    }
    checks = (
        "p.has_photo",
        "p.has_banner",
        "p.has_headline",
        f"p.summary_length >= {engine.SUMMARY_MIN_CHARS}",
        "p.has_current_position",
        f"p.past_positions >= {engine.PAST_POSITIONS_MIN}",
        "p.has_education",
        f"p.skills_count >= {engine.SKILLS_MIN}",
        "p.certifications >= 1",
        "p.has_featured",
        "p.has_custom_url",
    )
    known_dm = "n.decision_makers <> 0 AND n.connections <> 0"
    state = {
        "profile_completeness": "COALESCE(("
        + " + ".join(f"({c})::int" for c in checks)
        + f")::float8 / {len(checks)}, 0)",
        "endorsements_received": "COALESCE(p.endorsements_received, 0)",
        "recommendations_received": "COALESCE(p.recommendations_received, 0)",
        "profile_updated_90d": "CASE WHEN u.profile_updates > 0 OR p.profile_updated_on "
        "BETWEEN %(long)s AND %(today)s THEN 1 ELSE 0 END",
        "connections": "COALESCE(n.connections, 0)",
        "decision_maker_share": f"CASE WHEN {known_dm} THEN "
        "n.decision_makers::float8 / n.connections::float8 "
        "ELSE COALESCE(n.decision_maker_share::float8, 0) END",
        "target_market_share": "COALESCE(n.target_market_share::float8, 0)",
        "days_active_28d": "COALESCE(bit_count(u.days::bit(32)), 0)",
        "companies_followed": "COALESCE(n.companies_followed, 0)",
        "words_per_comment_90d": "COALESCE((u.comment_words::numeric "
        "/ NULLIF(u.comments_worded, 0))::float8, 0)",
        "acceptance_rate": "CASE WHEN n.acceptance_rate IS NOT NULL "
        "THEN n.acceptance_rate::float8 WHEN u.invitations_sent > 0 THEN "
        "LEAST(1, u.invitations_accepted::float8 / u.invitations_sent::float8) ELSE 0 END",
        "decision_maker_connections": f"CASE WHEN {known_dm} THEN n.decision_makers "
        "ELSE COALESCE(round(n.connections::float8 * n.decision_maker_share::float8), 0) END",
        # Counterparts met both ways.
        "conversations_90d": "(SELECT COUNT(DISTINCT c) FROM unnest(u.sent_to) AS c "
        "WHERE c = ANY(u.heard_from))",
        "coworker_connections": "COALESCE(n.coworker_connections, 0)",
    }
    columns = ",\n".join(
        f"({state[k]})::float8" if k in state else f"COALESCE(u.{k}, 0)::float8"
        for k in vocabulary.FACTOR_KEYS
    )
    return f"""
        WITH rows AS (
            SELECT user_id, kind COLLATE "C" AS kind,
                   array_agg(counterpart) FILTER (WHERE kind IN ({talk}) AND counterpart <> '')
                       AS who,
                   SUM("count") AS n90,
                   SUM("count") FILTER (WHERE occurred_on >= %(short)s) AS n28,
                   SUM(words) AS words, COUNT(words) AS worded,
                   bit_or(1 << (%(today)s - occurred_on))
                       FILTER (WHERE occurred_on >= %(short)s) AS days
              FROM {table}
             WHERE user_id = ANY(%(ids)s::bigint[]) AND occurred_on >= %(long)s
               AND occurred_on <= %(today)s
             GROUP BY 1, 2
        ), u AS (
            SELECT user_id, {", ".join(f"{sql} AS {name}" for name, sql in per_user.items())}
              FROM rows GROUP BY user_id
        )
        SELECT c.user_id, {columns}
          FROM unnest(%(ids)s::bigint[]) AS c(user_id)
          LEFT JOIN u ON u.user_id = c.user_id
          LEFT JOIN {connection.ops.quote_name(ProfileState._meta.db_table)} p
            ON p.user_id = c.user_id
          LEFT JOIN {connection.ops.quote_name(NetworkState._meta.db_table)} n
            ON n.user_id = c.user_id
         ORDER BY c.user_id
    """  # noqa: S608 - names and kinds of this code only; every value is a parameter


def signal_matrix(user_ids: Iterable[int], today: date) -> tuple[np.ndarray, np.ndarray]:
    """The signals of many users as arrays: their ids (ascending) and one row of
    ``vocabulary.FACTOR_KEYS`` values each. One query on PostgreSQL for any batch; elsewhere
    the rows of ``signals_for_users``."""
    ids = sorted(set(user_ids))
    width = len(vocabulary.FACTOR_KEYS)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, width))
    if connection.vendor != "postgresql":
        signals = signals_for_users(ids, today)
        values = [[s.value(k) for k in vocabulary.FACTOR_KEYS] for s in signals.values()]
        return np.array(ids, dtype=np.int64), np.array(values, dtype=float).reshape(-1, width)
    params = {
        # One array literal: a list parameter would be converted element by element.
        "ids": "{" + ",".join(map(str, ids)) + "}",
        "today": today,
        "short": window_start(today, WINDOW_SHORT),
        "long": window_start(today, WINDOW_LONG),
    }
    with connection.cursor() as cursor:
        cursor.execute(_signal_matrix_sql(), params)
        rows = cursor.fetchall()
    matrix = np.array(rows, dtype=float).reshape(-1, width + 1)
    return np.array(ids, dtype=np.int64), matrix[:, 1:]


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


def latest_estimate_total_of(user_id: Any) -> Cast:
    """The total of a user's latest estimate (in ``ESTIMATE_ORDER``) as a float, as a
    subquery for an ``update`` or an annotation (``user_id`` may be an ``OuterRef``)."""
    latest = Estimate.objects.filter(user_id=user_id).order_by(*ESTIMATE_ORDER).values("total")[:1]
    return Cast(Subquery(latest), FloatField())


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
    columns = [Cast(name, FloatField()) for name in ("total", *vocabulary.PILLARS)]
    return [
        Point(day, total, dict(zip(vocabulary.PILLARS, pillars, strict=True)))
        for day, total, *pillars in queryset.values_list("date", *columns)
    ]


def score_overview(trainee: User, *, range_key: str = DEFAULT_RANGE) -> ScoreOverview:
    """Everything the score panel shows, in four queries whatever the history length:
    the latest snapshot, the latest estimate (with its model), and the two series."""
    if range_key not in RANGES:
        range_key = DEFAULT_RANGE
    snapshots = SsiSnapshot.objects.filter(user=trainee)
    # An estimate of 0 is the engine's answer to no signal at all (the nightly run stores
    # one for everyone): "no estimate yet", not a row of 0.00 beside the official score.
    estimates = Estimate.objects.filter(user=trainee, total__gt=0)
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
    """Every official snapshot up to ``until`` beside the signals of its day (only days
    whose activity windows are still kept, see ``activity_kept_since``).

    ``user_ids`` None means the whole installation. One query for the snapshots, then
    ``signals_for_users`` once per distinct day (five queries each, whatever the users).
    """
    snapshots = SsiSnapshot.objects.filter(date__lte=until)
    kept_since = activity_kept_since(until)
    if kept_since is not None:
        # A day whose window reaches past the pruned activity would be fitted to signals
        # that lost rows: only days whose whole long window is still kept take part.
        snapshots = snapshots.filter(date__gte=kept_since + timedelta(days=WINDOW_LONG - 1))
    if user_ids is not None:
        snapshots = snapshots.filter(user_id__in=list(user_ids))
    by_day: dict[date, dict[int, dict[str, float]]] = defaultdict(dict)
    columns = [Cast(p, FloatField()) for p in vocabulary.PILLARS]
    for user_id, day, *pillars in snapshots.order_by("date", "user_id").values_list(
        "user_id", "date", *columns
    ):
        by_day[day][user_id] = dict(zip(vocabulary.PILLARS, pillars, strict=True))
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


# --- Cohort dashboard ----------------------------------------------------------------------


@dataclass
class ScoreRow:
    """One trainee's scores for the cohort dashboard (floats; None where unknown)."""

    ssi: float | None = None
    ssi_date: date | None = None
    pillars: dict[str, float] = field(default_factory=dict)
    verified: bool = False
    change_7d: float | None = None
    change_30d: float | None = None
    estimate: float | None = None
    last_activity: date | None = None
    #: (day, total) readings the drop rule needs: the last one on or before the start of
    #: its window, those around shared-drop days, and the latest.
    drop_series: list[tuple[date, float]] = field(default_factory=list)


def _date_before(reference: Any, days: int) -> ExpressionWrapper:
    return ExpressionWrapper(reference - timedelta(days=days), output_field=DateField())


_SCORE_ROWS_SQL = """
SELECT u.id, s.date, s.total::float, s.brand::float, s.people::float, s.insights::float,
       s.relationships::float, s.verified_at IS NOT NULL,
       s7.total::float, s30.total::float, sd.date, sd.total::float, e.total::float, a.occurred_on
FROM unnest(%(ids)s::bigint[]) AS u(id)
LEFT JOIN LATERAL (
    SELECT date, total, brand, people, insights, relationships, verified_at
    FROM scoring_ssisnapshot WHERE user_id = u.id ORDER BY date DESC LIMIT 1
) s ON true
LEFT JOIN LATERAL (
    SELECT total FROM scoring_ssisnapshot
    WHERE user_id = u.id AND date <= s.date - 7 ORDER BY date DESC LIMIT 1
) s7 ON true
LEFT JOIN LATERAL (
    SELECT total FROM scoring_ssisnapshot
    WHERE user_id = u.id AND date <= s.date - 30 ORDER BY date DESC LIMIT 1
) s30 ON true
LEFT JOIN LATERAL (
    SELECT date, total FROM scoring_ssisnapshot
    WHERE user_id = u.id AND date <= %(drop_since)s ORDER BY date DESC LIMIT 1
) sd ON true
LEFT JOIN LATERAL (
    SELECT est.total FROM scoring_estimate est
    JOIN scoring_scoringmodel m ON m.id = est.model_id
    -- ESTIMATE_ORDER: the newest day, under the newest model version
    WHERE est.user_id = u.id ORDER BY est.date DESC, m.version DESC LIMIT 1
) e ON true
LEFT JOIN LATERAL (
    SELECT occurred_on FROM scoring_activity
    WHERE user_id = u.id AND occurred_on <= %(today)s ORDER BY occurred_on DESC LIMIT 1
) a ON true
"""


def _score_facts_postgres(ids: list[int], today: date, drop_since: date) -> list[tuple]:
    """One query on PostgreSQL: each lateral join is one probe of a (user, date) index."""
    with connection.cursor() as cursor:
        cursor.execute(_SCORE_ROWS_SQL, {"ids": ids, "today": today, "drop_since": drop_since})
        return cursor.fetchall()


def _score_facts_portable(ids: list[int], today: date, drop_since: date) -> list[tuple]:
    """The same facts through the ORM (SQLite and others): two queries."""
    snapshots = SsiSnapshot.objects.filter(user=OuterRef("pk")).order_by("-date")

    def pk_of(queryset: QuerySet) -> Subquery:
        return Subquery(queryset.values("pk")[:1])

    found = list(
        User.objects.filter(pk__in=ids)
        .annotate(
            ssi_date=Subquery(snapshots.values("date")[:1]),
            latest_pk=pk_of(snapshots),
            pk_7=pk_of(snapshots.filter(date__lte=_date_before(OuterRef("ssi_date"), 7))),
            pk_30=pk_of(snapshots.filter(date__lte=_date_before(OuterRef("ssi_date"), 30))),
            pk_drop=pk_of(snapshots.filter(date__lte=drop_since)),
            estimate=Subquery(
                Estimate.objects.filter(user=OuterRef("pk"))
                .order_by(*ESTIMATE_ORDER)
                .values("total")[:1]
            ),
            last_activity=Subquery(
                Activity.objects.filter(user=OuterRef("pk"), occurred_on__lte=today)
                .order_by("-occurred_on")
                .values("occurred_on")[:1]
            ),
        )
        .values_list("pk", "latest_pk", "pk_7", "pk_30", "pk_drop", "estimate", "last_activity")
    )
    wanted = {pk for row in found for pk in row[1:5] if pk is not None}
    columns = [Cast(name, FloatField()) for name in ("total", *vocabulary.PILLARS)]
    readings = {
        pk: (day, verified_at, *values)
        for pk, day, verified_at, *values in SsiSnapshot.objects.filter(pk__in=wanted).values_list(
            "pk", "date", "verified_at", *columns
        )
    }
    facts = []
    for user_id, latest_pk, pk_7, pk_30, pk_drop, estimate, last_activity in found:
        latest, r7, r30, rd = (readings.get(pk) for pk in (latest_pk, pk_7, pk_30, pk_drop))
        facts.append(
            (
                user_id,
                *(
                    (latest[0], *latest[2:], latest[1] is not None)
                    if latest
                    else (*[None] * 6, False)
                ),
                r7[2] if r7 else None,
                r30[2] if r30 else None,
                rd[0] if rd else None,
                rd[2] if rd else None,
                float(estimate) if estimate is not None else None,
                last_activity,
            )
        )
    return facts


def cohort_score_rows(
    user_ids: Iterable[int], *, today: date, drop_since: date, shared_drop_days: Iterable[date]
) -> dict[int, ScoreRow]:
    """Latest official SSI with pillars, 7/30-day changes, estimate, last activity and
    the readings the drop rule needs, per trainee: one query on PostgreSQL (two
    elsewhere), plus one when there are shared-drop days. Each fact is one probe of a
    (user, date) index, so the rows read grow with the trainees, not their history."""
    ids = list(user_ids)
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        facts = _score_facts_postgres(ids, today, drop_since)
    else:
        facts = _score_facts_portable(ids, today, drop_since)
    around: dict[int, list[tuple[date, float]]] = defaultdict(list)
    shared = set(shared_drop_days)
    if shared:
        asked = shared | {d - timedelta(days=1) for d in shared}
        for user_id, day, total in SsiSnapshot.objects.filter(
            user_id__in=id_list(ids), date__in=asked
        ).values_list("user_id", "date", Cast("total", FloatField())):
            around[user_id].append((day, total))
    rows: dict[int, ScoreRow] = {}
    for fact in facts:
        user_id, day, total, brand, people, insights, relationships, verified = fact[:8]
        total_7, total_30, drop_day, drop_total, estimate, last_activity = fact[8:]
        row = ScoreRow(estimate=estimate, last_activity=last_activity)
        if day is not None:
            row.ssi_date, row.ssi, row.verified = day, total, bool(verified)
            row.pillars = {
                "brand": brand,
                "people": people,
                "insights": insights,
                "relationships": relationships,
            }
            if total_7 is not None:
                row.change_7d = round(total - total_7, 6)
            if total_30 is not None:
                row.change_30d = round(total - total_30, 6)
            series = dict(around.get(user_id, []))
            if drop_day is not None:
                series[drop_day] = drop_total
            series[day] = total
            row.drop_series = sorted(series.items())
        rows[user_id] = row
    return rows


def cohort_days(cohort_ids: Iterable[int], since: date) -> list[CohortDay]:
    """The stored days of these cohorts since a day: one query, one row per day."""
    return list(
        CohortDay.objects.filter(cohort_id__in=list(cohort_ids), date__gte=since).order_by("date")
    )


def shared_drop_days_of(cohort_ids: Iterable[int], since: date | None = None) -> set[date]:
    days = CohortDay.objects.filter(cohort_id__in=list(cohort_ids), shared_drop=True)
    if since is not None:
        days = days.filter(date__gte=since)
    return set(days.values_list("date", flat=True))


def shared_drop_days_for(user: User, since: date | None = None) -> set[date]:
    """Shared-drop days of the cohorts this trainee belongs to: one query."""
    days = CohortDay.objects.filter(shared_drop=True, cohort__memberships__user=user)
    if since is not None:
        days = days.filter(date__gte=since)
    return set(days.values_list("date", flat=True))


# --- Leaderboard ---------------------------------------------------------------------------


@dataclass
class LeaderboardEntry:
    rank: int
    trainee: User
    ssi: float
    change_7d: float | None
    pillars: dict[str, float]
    is_viewer: bool = False


@dataclass
class Leaderboard:
    entries: list[LeaderboardEntry]
    leaders: dict[str, LeaderboardEntry]
    hidden: int  # trainees of the cohort who are not on it (opted out, or no SSI)


def leaderboard(cohort: Any, *, today: date, viewer: User | None = None) -> Leaderboard:
    """The cohort's trainees who chose to be shown, ranked by their latest official SSI:
    three queries. Trainees who did not opt in are never read into it."""
    members = User.objects.filter(memberships__cohort=cohort, role="trainee", is_active=True)
    shown = list(
        members.filter(show_on_leaderboard=True).only("pk", "first_name", "last_name", "email")
    )
    hidden = members.count() - len(shown)
    rows = cohort_score_rows(
        [u.pk for u in shown], today=today, drop_since=today, shared_drop_days=()
    )
    ranked = sorted(
        (u for u in shown if rows[u.pk].ssi is not None),
        key=lambda u: (-(rows[u.pk].ssi or 0), u.last_name, u.first_name, u.pk),
    )
    hidden += len(shown) - len(ranked)
    entries, previous, rank = [], None, 0
    for position, user in enumerate(ranked, start=1):
        row = rows[user.pk]
        if row.ssi != previous:
            rank, previous = position, row.ssi
        entries.append(
            LeaderboardEntry(
                rank=rank,
                trainee=user,
                ssi=row.ssi or 0.0,
                change_7d=row.change_7d,
                pillars=row.pillars,
                is_viewer=viewer is not None and viewer.pk == user.pk,
            )
        )
    leaders = (
        {
            key: max(entries, key=lambda e: (e.pillars.get(key, 0), -e.rank))
            for key in vocabulary.PILLARS
        }
        if entries
        else {}
    )
    return Leaderboard(entries=entries, leaders=leaders, hidden=hidden)


# --- Exports -----------------------------------------------------------------------------


def history_table(trainee: User) -> tuple[list[str], list[list[Any]]]:
    """A trainee's whole SSI history with verification and shared-drop marks: two queries."""
    shared = shared_drop_days_for(trainee)
    headers = [
        _("Date"),
        _("Total"),
        *[str(PILLAR_NAMES[k]) for k in vocabulary.PILLARS],
        _("Industry SSI rank (top %)"),
        _("Network SSI rank (top %)"),
        _("Source"),
        _("Verified by"),
        _("Verified on"),
        _("Likely a change on LinkedIn's side"),
    ]
    rows = [
        [
            s.date,
            s.total,
            *[getattr(s, k) for k in vocabulary.PILLARS],
            s.industry_rank,
            s.network_rank,
            s.get_source_display(),
            (s.verified_by.get_full_name() or s.verified_by.email) if s.verified_by else "",
            s.verified_at,
            s.date in shared,
        ]
        for s in snapshots_of(trainee).select_related("verified_by")
    ]
    return [str(h) for h in headers], rows


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


# --- Reads for coaching's reminders, digest and charts ---------------------------------------


def last_activity_days(user_ids: list[int], until: date) -> dict[int, date]:
    """The latest day with any logged activity, per user, up to ``until``: one query."""
    rows = (
        Activity.objects.filter(user_id__in=user_ids, occurred_on__lte=until)
        .values("user_id")
        .annotate(last=Max("occurred_on"))
        .values_list("user_id", "last")
    )
    return dict(rows)


def snapshot_facts(
    user_ids: list[int], until: date, move_days: int
) -> dict[int, tuple[date, float | None]]:
    """Per user: the day of the latest official SSI up to ``until`` and how much the total
    moved against the latest one at least ``move_days`` earlier (None if there is none).

    Two queries, whatever the number of users.
    """
    latest = dict(
        SsiSnapshot.objects.filter(user_id__in=user_ids, date__lte=until)
        .values("user_id")
        .annotate(last=Max("date"))
        .values_list("user_id", "last")
    )
    since = until - timedelta(days=move_days + 60)
    series: dict[int, list[tuple[date, Decimal]]] = {}
    for user_id, day, total in (
        SsiSnapshot.objects.filter(user_id__in=list(latest), date__gte=since, date__lte=until)
        .order_by("user_id", "date")
        .values_list("user_id", "date", "total")
    ):
        series.setdefault(user_id, []).append((day, total))
    facts: dict[int, tuple[date, float | None]] = {}
    for user_id, last in latest.items():
        points = series.get(user_id, [])
        change = None
        if points and points[-1][0] > until - timedelta(days=move_days):
            before = [total for day, total in points if day <= until - timedelta(days=move_days)]
            if before:
                change = float(points[-1][1] - before[-1])
        facts[user_id] = (last, change)
    return facts


def snapshot_since_exists(since: date) -> Exists:
    """An ``Exists`` for a user queryset: an official SSI recorded on ``since`` or later."""
    return Exists(SsiSnapshot.objects.filter(user=OuterRef("pk"), date__gte=since))


def activity_since_exists(since: date) -> Exists:
    """An ``Exists`` for a user queryset: an activity logged on ``since`` or later."""
    return Exists(Activity.objects.filter(user=OuterRef("pk"), occurred_on__gte=since))


def latest_snapshot_since(user: User, since: date) -> SsiSnapshot | None:
    """The newest official SSI recorded on ``since`` or later, if any."""
    return SsiSnapshot.objects.filter(user=user, date__gte=since).order_by("-date").first()


def score_series(
    user: User, since: date
) -> tuple[list[tuple[date, float]], list[tuple[date, float]]]:
    """(official snapshots, estimates) as (day, total) since a day: two queries."""
    official = [
        (day, float(total))
        for day, total in SsiSnapshot.objects.filter(user=user, date__gte=since)
        .order_by("date")
        .values_list("date", "total")
    ]
    estimated = estimate_points(Estimate.objects.filter(user=user, date__gte=since))
    return official, [(p.day, p.total) for p in estimated]
