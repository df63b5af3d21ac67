"""The stored row per trainee and cohort behind the cohort dashboard (``TraineeSummary``).

The dashboard reads one row per trainee, whatever the length of their history: the
latest official SSI with its pillars and changes, the estimate, the last activity, this
week's tasks, the habit streak and what the at-risk rules need. The rows are computed
from the source tables by ``summaries_live`` (the same selectors the page used to run on
every request), and kept by the writes that change them:

* scoring's writes (snapshots, verification, activities, an import, the estimates, a
  cohort's shared-drop days) call ``scores_changed`` through ``settings.SCORE_CHANGE_HOOKS``
  (scoring never imports coaching);
* coaching's writes (plans, ticks, skips, undos, added tasks) call
  ``trainee_summaries_refresh`` in their own transaction;
* after each trainee's local midnight the rollover job (``trainee_summaries_rollover``,
  every 15 minutes) refreshes the rows whose day has turned, and builds missing ones.

Reading never writes: a row that is missing or stale (another day, time zone, set of
working days or drop window than the trainee's now) is computed from the source tables
for that request only, so the page is exact even while the job is late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from accounts import localtime
from accounts.models import Cohort, Membership, Role, User
from accounts.panels import CohortBoard
from accounts.selectors import (
    DashboardTrainee,
    active_trainees,
    dashboard_trainees,
    id_list,
    ids_in_chunks,
)
from scoring import selectors as scoring_selectors

from . import risk, streaks
from .models import TraineeSummary

#: The complete weeks kept before the current one: the longest run the low-completion
#: rule can be set to (``Cohort.risk_low_completion_weeks`` is at most 12).
PAST_WEEKS = 12
#: The weeks of outcomes the dashboard sets against SSI, the current one included.
OUTCOME_WEEKS = 12
REFRESH_CHUNK_SIZE = 500


@dataclass(slots=True)
class Summary:
    """The values of one row (stored or computed now); see ``TraineeSummary``."""

    as_of: date | None = None
    time_zone: str = ""
    working_mask: int = 0
    drop_days: int = 0
    ssi_date: date | None = None
    ssi: float | None = None
    brand: float | None = None
    people: float | None = None
    insights: float | None = None
    relationships: float | None = None
    verified: bool = False
    change_7d: float | None = None
    change_30d: float | None = None
    estimate: float | None = None
    last_activity: date | None = None
    week_total: int = 0
    week_done: int = 0
    week_skipped: int = 0
    streak: int = 0
    #: Newest first. Rows read for the dashboard hold the stored JSON text instead,
    #: decoded only as far as the low-completion rule looks (``recent_rates``).
    past_rates: list[float | None] | str | None = None
    drop_points: float | None = None
    outcomes_since: date | None = None
    outcomes_logged: bool = False
    meetings: int = 0
    opportunities: int = 0

    @property
    def pillars(self) -> dict[str, float]:
        if self.ssi is None:
            return {}
        return {
            "brand": self.brand,
            "people": self.people,
            "insights": self.insights,
            "relationships": self.relationships,
        }  # type: ignore[dict-item]


FIELDS = tuple(f.name for f in fields(Summary))
#: What the dashboard reads: the same, the weekly rates as their JSON text.
_READ = tuple("past_rates_text" if name == "past_rates" else name for name in FIELDS)


def working_mask(user: User) -> int:
    """The working days as bits (Monday = 1): what the streak was computed with."""
    return _mask(tuple(user.working_days or (0, 1, 2, 3, 4)))


@lru_cache(maxsize=128)
def _mask(days: tuple[int, ...]) -> int:
    return sum(1 << int(d) for d in set(days) if 0 <= int(d) <= 6)


def recent_rates(rates: list[float | None] | str | None, count: int) -> list[float | None]:
    """The ``count`` newest weekly rates of a row: from the list, or from the stored JSON
    text without decoding the weeks the rule does not look at (decoding all twelve weeks
    of every row was a twentieth of the dashboard at 300 trainees)."""
    if count <= 0 or not rates:
        return []
    if not isinstance(rates, str):
        return list(rates[:count])
    inner = rates.strip()[1:-1].strip()
    if not inner:
        return []
    return [
        None if (item := piece.strip()) == "null" else float(item)
        for piece in inner.split(",", count)[:count]
    ]


class _Today:
    """Each trainee's own local day at one instant, worked out once per time zone."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._zones: dict[str, date] = {}

    def __call__(self, user: User) -> date:
        zone = user.time_zone
        day = self._zones.get(zone)
        if day is None:
            day = self._zones[zone] = localtime.local_today(zone, self.now)
        return day


def outcomes_since(day: date) -> date:
    """The first week of the outcomes set against SSI on ``day``."""
    return localtime.week_start(day) - timedelta(days=7 * (OUTCOME_WEEKS - 1))


# --- Computed from the source tables -------------------------------------------------------


def summaries_live(cohort: Cohort, trainees: list[User], now: datetime) -> dict[int, Summary]:
    """The rows of these trainees of the cohort, from the source tables, each on their own
    local day at ``now``: one query for the shared-drop days, then three or four per
    distinct local day (score rows, weekly completion, streaks), whatever the trainees."""
    from .selectors import current_streaks, outcome_totals, week_rates_for

    if not trainees:
        return {}
    today_of = _Today(now)
    by_day: dict[date, list[User]] = {}
    for trainee in trainees:
        by_day.setdefault(today_of(trainee), []).append(trainee)
    drop_days = cohort.risk_drop_days
    shared_all = scoring_selectors.shared_drop_days_of(
        [cohort.pk], min(by_day) - timedelta(days=drop_days)
    )
    found: dict[int, Summary] = {}
    for day, group in by_day.items():
        ids = [t.pk for t in group]
        drop_since = day - timedelta(days=drop_days)
        shared = {d for d in shared_all if d > drop_since}
        scores = scoring_selectors.cohort_score_rows(
            ids, today=day, drop_since=drop_since, shared_drop_days=shared
        )
        week = localtime.week_start(day)
        rates = week_rates_for(ids, week, PAST_WEEKS)
        streak_of = current_streaks(group, day)
        since = outcomes_since(day)
        outcomes = outcome_totals(ids, since)
        for trainee in group:
            row = scores.get(trainee.pk)
            weeks = rates.get(trainee.pk, {})
            total, done, skipped = weeks.get(week, (0, 0, 0))
            past = []
            for n in range(1, PAST_WEEKS + 1):
                t, d, _s = weeks.get(week - timedelta(days=7 * n), (0, 0, 0))
                past.append(streaks.completion_rate(d, t))
            summary = Summary(
                as_of=day,
                time_zone=trainee.time_zone,
                working_mask=working_mask(trainee),
                drop_days=drop_days,
                week_total=total,
                week_done=done,
                week_skipped=skipped,
                streak=streak_of.get(trainee.pk, 0),
                past_rates=past,
                outcomes_since=since,
            )
            logged = outcomes.get(trainee.pk)
            if logged is not None:
                summary.outcomes_logged = True
                summary.meetings = logged["meetings"]
                summary.opportunities = logged["opportunities"]
            if row is not None:
                summary.estimate, summary.last_activity = row.estimate, row.last_activity
                if row.ssi is not None:
                    summary.ssi_date, summary.ssi, summary.verified = (
                        row.ssi_date,
                        row.ssi,
                        row.verified,
                    )
                    summary.brand = row.pillars["brand"]
                    summary.people = row.pillars["people"]
                    summary.insights = row.pillars["insights"]
                    summary.relationships = row.pillars["relationships"]
                    summary.change_7d, summary.change_30d = row.change_7d, row.change_30d
                    summary.drop_points = risk.drop_over(row.drop_series, drop_since, shared)
            found[trainee.pk] = summary
    return found


# --- Kept by the writes --------------------------------------------------------------------


def trainee_summaries_refresh(*, user_ids: Iterable[int], now: datetime | None = None) -> int:
    """Recompute and store the rows of these trainees in every cohort they belong to.

    Runs in the caller's transaction, so the rows change with the data they summarise.
    The rows are created first if missing and then locked in id order: two writes for
    the same trainee take turns, and the second computes from what the first committed.
    A constant number of queries per cohort and local day, whatever the trainees.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    now = now or timezone.now()
    memberships = list(
        Membership.objects.filter(user_id__in=id_list(ids), user__role=Role.TRAINEE)
        .select_related("cohort", "user")
        .order_by("cohort_id", "user_id")
    )
    if not memberships:
        return 0
    by_cohort: dict[int, tuple[Cohort, list[User]]] = {}
    for m in memberships:
        by_cohort.setdefault(m.cohort_id, (m.cohort, []))[1].append(m.user)
    with transaction.atomic():
        TraineeSummary.objects.bulk_create(
            [TraineeSummary(user_id=m.user_id, cohort_id=m.cohort_id) for m in memberships],
            ignore_conflicts=True,
        )
        list(
            TraineeSummary.objects.select_for_update()
            .filter(user_id__in=id_list(ids))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rows = [
            TraineeSummary(user_id=user_id, cohort_id=cohort.pk, **_as_dict(summary))
            for cohort, trainees in by_cohort.values()
            for user_id, summary in summaries_live(cohort, trainees, now).items()
        ]
        TraineeSummary.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "cohort"],
            update_fields=[*FIELDS, "computed_at"],
        )
    return len(rows)


def _as_dict(summary: Summary) -> dict[str, Any]:
    return dict(zip(FIELDS, astuple(summary), strict=True))


def trainee_summaries_estimate_refresh(*, user_ids: Iterable[int]) -> int:
    """The latest estimate of these trainees into their rows: one UPDATE (the nightly
    recompute stores thousands of estimates, and nothing else of the row moves)."""
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    return TraineeSummary.objects.filter(user_id__in=id_list(ids)).update(
        estimate=scoring_selectors.latest_estimate_total_of(OuterRef("user_id"))
    )


def scores_changed(*, user_ids: Iterable[int], what: str) -> None:
    """What scoring calls after a write (``settings.SCORE_CHANGE_HOOKS``): the estimates
    alone update one column; snapshots, activities and shared-drop days the whole row."""
    if what == "estimates":
        trainee_summaries_estimate_refresh(user_ids=user_ids)
    else:
        trainee_summaries_refresh(user_ids=user_ids)


# --- The day's rollover --------------------------------------------------------------------


def stale_trainee_ids(now: datetime) -> list[int]:
    """Active trainees with a row whose local day has turned at ``now``, or none at all
    (a new member): one query per time zone in use."""
    trainees = active_trainees()
    zones = trainees.order_by().values_list("time_zone", flat=True).distinct()
    found: set[int] = set()
    for zone in zones:
        today = localtime.local_today(zone, now)
        fresh = TraineeSummary.objects.filter(
            user_id=OuterRef("user_id"), cohort_id=OuterRef("cohort_id"), as_of=today
        )
        found.update(
            Membership.objects.filter(user__in=trainees.filter(time_zone=zone))
            .exclude(Exists(fresh))
            .values_list("user_id", flat=True)
        )
    return sorted(found)


def trainee_summaries_rollover(
    *, now: datetime, inline: bool = False, chunk_size: int = REFRESH_CHUNK_SIZE
) -> int:
    """Refresh the rows whose day has turned (and build missing ones), in chunks of ids:
    a task per chunk, or in this process with ``inline``. Returns how many trainees.

    Safe to run at any time and again: a row refreshed today is left alone.
    """
    from .tasks import trainee_summaries_refresh_task

    ids = stale_trainee_ids(now)
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        if inline:
            trainee_summaries_refresh(user_ids=chunk, now=now)
        else:
            trainee_summaries_refresh_task.delay_on_commit(chunk, now.isoformat())
    return len(ids)


def trainee_summaries_rebuild(*, now: datetime, cohort: Cohort | None = None) -> int:
    """Every row from scratch (after a bulk load, or to check them): in chunks of ids.
    Rows of trainees who left a cohort are deleted."""
    members = Membership.objects.filter(user__role=Role.TRAINEE)
    if cohort is not None:
        members = members.filter(cohort=cohort)
    left = TraineeSummary.objects.exclude(
        Exists(
            Membership.objects.filter(user_id=OuterRef("user_id"), cohort_id=OuterRef("cohort_id"))
        )
    )
    if cohort is not None:
        left = left.filter(cohort=cohort)
    left.delete()
    users = User.objects.filter(pk__in=members.values("user_id"))
    stored = 0
    for chunk in ids_in_chunks(users, REFRESH_CHUNK_SIZE):
        stored += trainee_summaries_refresh(user_ids=chunk, now=now)
    return stored


# --- Read by the dashboard -----------------------------------------------------------------


def cohort_board_load(board: CohortBoard) -> None:
    """Fill ``board.shared`` for the dashboard's contributors (``COHORT_BOARD_LOADERS``):
    ``summaries`` (a ``Summary`` per trainee), ``scores`` (the score rows scoring's
    columns show) and ``today_of`` (each trainee's local day). One query for the stored
    rows; a few more only when some are missing or stale."""
    if "summaries" in board.shared:
        return
    cohort = board.cohort
    now = board.now or timezone.now()
    today_of = _Today(now)
    ids = [t.pk for t in board.trainees]
    stored = {
        user_id: Summary(*values)
        for user_id, *values in TraineeSummary.objects.filter(
            cohort=cohort, user_id__in=id_list(ids)
        )
        .annotate(past_rates_text=Cast("past_rates", TextField()))
        .values_list("user_id", *_READ)
    }
    summaries: dict[int, Summary] = {}
    stale: list[User] = []
    days: dict[int, date] = {}
    drop_days = cohort.risk_drop_days
    for trainee in board.trainees:
        day = days[trainee.pk] = today_of(trainee)
        summary = stored.get(trainee.pk)
        if (
            summary is None
            or summary.as_of != day
            or summary.time_zone != trainee.time_zone
            or summary.drop_days != drop_days
            or summary.working_mask != working_mask(trainee)
        ):
            stale.append(trainee)
        else:
            summaries[trainee.pk] = summary
    if stale:
        summaries.update(summaries_live(cohort, stale, now))
    board.shared["summaries"] = summaries
    board.shared["today_of"] = days
    board.shared["scores"] = {
        pk: scoring_selectors.ScoreRow(
            ssi=s.ssi,
            ssi_date=s.ssi_date,
            pillars=s.pillars,
            verified=s.verified,
            change_7d=s.change_7d,
            change_30d=s.change_30d,
            estimate=s.estimate,
            last_activity=s.last_activity,
        )
        for pk, s in summaries.items()
    }


def board_risk(board: CohortBoard) -> dict[int, list[risk.RiskFlag]]:
    """The at-risk flags of every trainee of the board, each on their own local day, from
    the rows (``cohort_board_load``) and the memberships' joining days."""
    from .selectors import risk_rules_of

    if "risk" in board.shared:
        return board.shared["risk"]
    cohort_board_load(board)
    rules = risk_rules_of(board.cohort)
    summaries: dict[int, Summary] = board.shared["summaries"]
    days: dict[int, date] = board.shared["today_of"]
    joined = {pk: j for pk, (j, _target) in board.memberships.items()}
    if not board.memberships:  # a board made without them (the API's at-risk list)
        joined = dict(
            Membership.objects.filter(
                cohort=board.cohort, user_id__in=id_list(list(summaries))
            ).values_list("user_id", "joined_at")
        )
    weeks = rules.low_completion_weeks
    flags = {}
    for trainee in board.trainees:
        s = summaries[trainee.pk]
        flags[trainee.pk] = risk.risk_flags(
            risk.TraineeSeries(
                today=days[trainee.pk],
                joined=joined[trainee.pk].date() if trainee.pk in joined else None,
                last_ssi=s.ssi_date,
                weeks=recent_rates(s.past_rates, weeks),
                last_login=trainee.last_login.date() if trainee.last_login else None,
                dropped=s.drop_points,
            ),
            rules,
        )
    board.shared["risk"] = flags
    return flags


def cohort_at_risk(
    cohort: Cohort, now: datetime
) -> list[tuple[DashboardTrainee, list[risk.RiskFlag]]]:
    """Every trainee of the cohort (by name, as the dashboard lists them) with their
    at-risk flags (empty: fine) under the cohort's rules, each on their own local day at
    ``now``: for readers outside the dashboard (the API, the coach digest). A constant
    number of queries."""
    trainees = dashboard_trainees(cohort)
    board = CohortBoard(
        cohort=cohort,
        trainees=trainees,
        today=timezone.localdate(now),
        memberships={t.pk: (t.membership_joined, t.membership_target) for t in trainees},
        now=now,
    )
    flags = board_risk(board)
    return [(t, flags[t.pk]) for t in trainees]
