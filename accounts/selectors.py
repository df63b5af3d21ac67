"""Reads for accounts."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from . import localtime
from .models import ApiToken, Cohort, Membership, Role, User
from .panels import Cell, CellMaker, CohortBoard, Column, Panel, cohort_columns
from .permissions import cohorts_for_viewer


def user_today(user: User) -> date:
    """Today in the user's own time zone: the day of every page, the trainee's and the
    coach's alike (LinkedIn's SSI changes with the member's day)."""
    return localtime.local_today(user.time_zone, timezone.now())


def cohort_list_for_viewer(viewer: User) -> QuerySet[Cohort]:
    """Cohorts the viewer coaches (staff: all), with trainee and pending-invite counts."""
    return (
        cohorts_for_viewer(viewer)
        .annotate(
            trainee_count=Count("memberships", distinct=True),
            pending_invitations=Count(
                "invitations",
                filter=Q(invitations__accepted_at=None, invitations__revoked_at=None),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("coaches", queryset=User.objects.only("first_name", "last_name", "email"))
        )
        .order_by("-start_date", "name")
    )


def cohort_trainees(cohort: Cohort) -> QuerySet[User]:
    return User.objects.filter(memberships__cohort=cohort, role=Role.TRAINEE).order_by(
        "last_name", "first_name", "email"
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("cohort").order_by("-joined_at")


def active_trainees() -> QuerySet[User]:
    """Everyone the scheduled jobs work for: active trainees (staff never plan or score)."""
    return User.objects.filter(role=Role.TRAINEE, is_active=True, is_staff=False)


def ids_in_chunks(users: QuerySet[User], size: int) -> Iterator[list[int]]:
    """The ids of ``users`` in ascending chunks of ``size``, one query per chunk.

    Keyset pages (``pk > last``) keep memory flat in the number of users and need no
    server-side cursor, so the caller may write between chunks.
    """
    if size < 1:
        raise ValueError("A chunk holds at least one id.")
    last = 0
    while True:
        chunk = list(users.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not chunk:
            return
        yield chunk
        if len(chunk) < size:
            return
        last = chunk[-1]


# --- Cohort dashboard --------------------------------------------------------------------

DASHBOARD_PAGE_SIZE = 50


@dataclass(slots=True)
class DashboardTrainee:
    """A trainee as the cohort dashboard reads them: plain values from one query, not a
    model instance (300 of those were a tenth of the page). The attributes the columns
    read have the names of ``User``'s fields."""

    pk: int
    email: str
    first_name: str
    last_name: str
    working_days: tuple[int, ...]
    last_login: datetime | None
    time_zone: str
    membership_joined: datetime
    membership_target: int | None

    @property
    def id(self) -> int:
        return self.pk

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


DASHBOARD_TRAINEE_FIELDS = (
    "pk",
    "email",
    "first_name",
    "last_name",
    "working_days_text",
    "last_login",
    "time_zone",
    "memberships__joined_at",
    "memberships__target_ssi",
)


@dataclass(slots=True)
class DashboardRow:
    """One trainee's row. Its cells are made on first use (the page shows one page of
    rows; a cohort of 300 made 3,000 cells per request for 50 rows)."""

    trainee: DashboardTrainee
    makers: list[CellMaker]
    made: list[Cell] | None = None

    @property
    def cells(self) -> list[Cell]:
        if self.made is None:
            pk = self.trainee.pk
            self.made = [make(pk) for make in self.makers]
        return self.made

    def cell(self, index: int) -> Cell:
        """One cell, without making the others."""
        if self.made is not None:
            return self.made[index]
        return self.makers[index](self.trainee.pk)


@dataclass
class CohortDashboard:
    cohort: Cohort
    columns: list[Column]
    rows: list[DashboardRow]  # every trainee that passes the filters, sorted
    filters: dict[str, tuple[str, set[int]]]
    sections: list[Panel]
    links: list[tuple[str, str]]
    sort: str
    active_filter: str
    query: str
    total: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=128)
def _working_days(text: str | None) -> tuple[int, ...]:
    """Working days from their JSON text, decoded once per distinct set: most of a cohort
    shares a few (decoding 300 lists was a twentieth of the dashboard)."""
    days = json.loads(text) if text else []
    return tuple(days) if isinstance(days, list) else ()


def dashboard_trainees(cohort: Cohort) -> list[DashboardTrainee]:
    """The cohort's trainees with their membership, one query (working days read as text)."""
    return [
        DashboardTrainee(pk, email, first, last, _working_days(days), *rest)
        for pk, email, first, last, days, *rest in cohort_trainees(cohort)
        .annotate(working_days_text=Cast("working_days", TextField()))
        .values_list(*DASHBOARD_TRAINEE_FIELDS)
    ]


def _name_key(user: DashboardTrainee) -> tuple[str, str, str]:
    return (user.last_name.casefold(), user.first_name.casefold(), user.email)


def cohort_dashboard(
    cohort: Cohort,
    *,
    today: date,
    now: datetime | None = None,
    sort: str = "",
    active_filter: str = "",
    query: str = "",
    params: dict[str, str] | None = None,
) -> CohortDashboard:
    """Every trainee of the cohort with the columns the apps contribute, filtered and
    sorted: a constant number of queries (one for the trainees, a few per contributor)."""
    # The membership's columns come with the trainees, through the join that selects them.
    trainees = dashboard_trainees(cohort)
    board = CohortBoard(
        cohort=cohort,
        trainees=trainees,
        today=today,
        memberships={t.pk: (t.membership_joined, t.membership_target) for t in trainees},
        params=params or {},
        now=now,
    )
    extra = cohort_columns(board)
    columns = [c for part in extra for c in part.columns]
    makers = [make for part in extra for make in part.cells]
    filters = {k: v for part in extra for k, v in part.filters.items()}
    rows = [DashboardRow(trainee, makers) for trainee in trainees]
    if active_filter in filters:
        keep = filters[active_filter][1]
        rows = [r for r in rows if r.trainee.pk in keep]
    else:
        active_filter = ""
    words = query.strip().casefold()
    if words:
        rows = [
            r
            for r in rows
            if words in f"{r.trainee.first_name} {r.trainee.last_name} {r.trainee.email}".casefold()
        ]
    keys = {c.key: i for i, c in enumerate(columns)}
    descending, key = sort.startswith("-"), sort.lstrip("-")
    rows.sort(key=lambda r: _name_key(r.trainee))
    if key in keys:
        index = keys[key]
        values = [(r.cell(index).sort, r) for r in rows]  # that column's cells only
        known = [(v, r) for v, r in values if v is not None]
        known.sort(key=lambda pair: pair[0], reverse=descending)
        # Unknown values last, whichever the direction.
        rows = [r for _v, r in known] + [r for v, r in values if v is None]
    elif key == "name" and descending:
        rows.reverse()
    else:
        sort = "" if key != "name" else sort
    return CohortDashboard(
        cohort=cohort,
        columns=columns,
        rows=rows,
        filters=filters,
        sections=[s for part in extra for s in part.sections],
        links=[link for part in extra for link in part.links],
        sort=sort,
        active_filter=active_filter,
        query=query.strip(),
        total=len(trainees),
        extra=board.shared,
    )


def dashboard_table(board: CohortDashboard) -> tuple[list[str], list[list[Any]]]:
    """The dashboard as a plain table (exports, API): headings and one row per trainee."""
    headers = [str(h) for h in ("Id", _("First name"), _("Last name"), _("E-mail address"))]
    headers += [str(label) for column in board.columns for label in column.export_labels]
    rows = []
    for row in board.rows:
        values: list[Any] = [row.trainee.pk, row.trainee.first_name, row.trainee.last_name]
        values.append(row.trainee.email)
        for column, cell in zip(board.columns, row.cells, strict=True):
            width = len(column.export_labels)
            values.extend((list(cell.values) + [None] * width)[:width])
        rows.append(values)
    return headers, rows


def id_list(ids: list[int]) -> Any:
    """The right-hand side of an ``__in`` filter for a long list of ids.

    On PostgreSQL one array parameter (``IN (SELECT unnest(%s))``) instead of a placeholder
    per id: for a cohort of 300 that is most of the cost of building the query.
    """
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
    return list(ids)


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (the key itself is never stored)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")
