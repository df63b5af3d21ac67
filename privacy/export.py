"""A trainee's data as a ZIP of CSV and JSON files, written with bounded memory.

Every table is read with ``.iterator()`` (a server-side cursor on PostgreSQL) and written
row by row into its ZIP entry, and the ZIP itself goes to a temporary file on disk: a
trainee with years of history costs the same memory as one with a week. CSV files open
cleanly in Excel (a byte-order mark; text that would start a formula is defused by
``accounts.exports``); JSON files hold the same rows with typed values.

What it holds: the account, its preferences (notification settings included) and its
cohort memberships; official snapshots; activities; estimates (with their
explanations); profile and network facts; plans and tasks; outcomes; the coach notes
shared with the trainee (never the coaches' private notes); archive import summaries;
notifications.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.exports import BOM, csv_cells
from accounts.models import PREFERENCE_FIELDS, User
from coaching.models import CoachNote, Notification, Outcome, Plan, Task
from scoring import engine, vocabulary
from scoring.models import (
    Activity,
    ArchiveImport,
    Estimate,
    NetworkState,
    ProfileState,
    SsiSnapshot,
)

#: Rows fetched from the database at a time.
CHUNK = 2000
PILLARS = list(vocabulary.PILLARS)


@dataclass(frozen=True)
class Table:
    """One file pair: ``<name>.csv`` and ``<name>.json``."""

    name: str
    columns: Sequence[str]  # the headers, and the keys of the JSON objects
    rows: Callable[[User], Iterator[Sequence[Any]]]
    #: Columns only the JSON file holds (long nested values: an estimate's explanation).
    json_only: Sequence[str] = ()


def _values(queryset: QuerySet, *lookups: str) -> Iterator[Sequence[Any]]:
    return queryset.values_list(*lookups).iterator(chunk_size=CHUNK)


def stored(
    name: str, queryset: Callable[[User], QuerySet], *columns: str | tuple[str, str]
) -> Table:
    """A table written as the database holds it: each column a field's name, or a pair of
    the file's heading and the field it reads (``("date", "occurred_on")``)."""
    pairs = [(c, c) if isinstance(c, str) else c for c in columns]
    headings = [heading for heading, _lookup in pairs]
    lookups = [lookup for _heading, lookup in pairs]
    return Table(name, headings, lambda user: _values(queryset(user), *lookups))


def _estimates(user: User) -> Iterator[Sequence[Any]]:
    """Each estimate with its whole explanation (every factor's value, target and
    points), as "why this score" shows it: estimates store only their signals."""
    estimates = (
        Estimate.objects.filter(user=user)
        .select_related("model")
        .order_by("date", "model__version")
        .iterator(chunk_size=CHUNK)
    )
    for e in estimates:
        yield (
            e.date,
            e.model.version,
            e.total,
            *(getattr(e, p) for p in PILLARS),
            e.computed_at,
            engine.result_to_json(e.result()),
        )


def _tasks(user: User) -> Iterator[Sequence[Any]]:
    title_field = "template__title_it" if user.language == "it" else "template__title_en"
    for title, template_title, *rest, first, last in _values(
        Task.objects.filter(user=user).order_by("due_date", "pk"),
        "title",
        title_field,
        "due_date",
        "pillar",
        "factor",
        "minutes",
        "is_habit",
        "status",
        "skip_reason",
        "skip_note",
        "completed_on",
        "source",
        "assigned_by__first_name",
        "assigned_by__last_name",
    ):
        yield (title or template_title or "", *rest, f"{first or ''} {last or ''}".strip())


def _notes(user: User) -> Iterator[Sequence[Any]]:
    # Shared notes only: a coach's private note is the coach's working paper.
    for written, cohort, first, last, body in _values(
        CoachNote.objects.shared().filter(trainee=user).order_by("created_at", "pk"),
        "created_at",
        "cohort__name",
        "author__first_name",
        "author__last_name",
        "body",
    ):
        yield written, cohort, f"{first or ''} {last or ''}".strip(), body


TABLES: tuple[Table, ...] = (
    stored(
        "snapshots",
        lambda user: SsiSnapshot.objects.filter(user=user).order_by("date"),
        "date",
        "total",
        *PILLARS,
        "industry_rank",
        "network_rank",
        "industry_average",
        "network_average",
        "source",
        "verified_at",
        "created_at",
        "updated_at",
    ),
    stored(
        "activities",
        lambda user: Activity.objects.filter(user=user).order_by("occurred_on", "pk"),
        ("date", "occurred_on"),
        "kind",
        "count",
        "words",
        "note",
        "source",
        ("key", "external_key"),
        "counterpart",
        "created_at",
    ),
    Table(
        "estimates",
        ["date", "model_version", "total", *PILLARS, "computed_at", "explanation"],
        _estimates,
        json_only=["explanation"],
    ),
    stored(
        "plans",
        lambda user: Plan.objects.filter(user=user).order_by("week_start"),
        "week_start",
        "strategy",
        "focus_pillar",
        "budget_minutes",
        "created_at",
    ),
    Table(
        "tasks",
        [
            "title",
            "due_date",
            "pillar",
            "factor",
            "minutes",
            "daily_habit",
            "status",
            "skip_reason",
            "skip_note",
            "completed_on",
            "source",
            "assigned_by",
        ],
        _tasks,
    ),
    stored(
        "outcomes",
        lambda user: Outcome.objects.filter(user=user).order_by("week_start"),
        "week_start",
        "meetings_booked",
        "opportunities_created",
        "deals_won",
        "updated_at",
    ),
    Table("coach_notes_shared", ["written_at", "cohort", "coach", "note"], _notes),
    stored(
        "archive_imports",
        lambda user: ArchiveImport.objects.filter(user=user).order_by("created_at", "pk"),
        ("uploaded_at", "created_at"),
        ("file_name", "original_name"),
        ("size_bytes", "size"),
        "status",
        "activities_added",
        ("export_date", "reference_date"),
        "finished_at",
        "files",
        "counts",
        "facts",
        "warnings",
        "error",
    ),
    stored(
        "notifications",
        lambda user: Notification.objects.filter(user=user).order_by("created_at", "pk"),
        "created_at",
        "kind",
        ("period", "period_key"),
        "emailed",
        "sent_at",
        "read_at",
        ("content", "payload"),
    ),
)

README = """\
Your data from SSI Coach, exported on {when} for {email}.

Each table comes twice: as CSV (opens in Excel and other spreadsheets) and as JSON (the
same rows, with numbers as numbers). Dates are ISO 8601 (YYYY-MM-DD); times are in UTC.
In the CSV files a text that starts with = + - @ is prefixed with an apostrophe, so that
a spreadsheet shows it instead of running it.

account.json               your account, preferences (notifications included) and cohorts
profile_facts.json         the facts about your LinkedIn profile the estimate uses
network_facts.json         the facts about your LinkedIn network the estimate uses
snapshots                  the official SSI you recorded, day by day
activities                 your activity on LinkedIn (logged, from tasks, from archives)
estimates                  the platform's estimates (the JSON file explains each one)
plans, tasks               your weekly plans and their tasks
outcomes                   the meetings, opportunities and deals you logged
coach_notes_shared         the notes your coaches shared with you
archive_imports            what each LinkedIn archive you uploaded gave
notifications              the reminders the platform sent you
"""


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _csv_value(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _write_csv(archive: zipfile.ZipFile, table: Table, user: User) -> int:
    keep = [i for i, c in enumerate(table.columns) if c not in table.json_only]
    count = 0
    with archive.open(f"{table.name}.csv", "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        text.write(BOM)
        writer = csv.writer(text)
        writer.writerow([table.columns[i] for i in keep])
        for row in table.rows(user):
            writer.writerow(csv_cells(_csv_value(row[i]) for i in keep))
            count += 1
        text.flush()
        text.detach()
    return count


def _write_json(archive: zipfile.ZipFile, table: Table, user: User) -> None:
    with archive.open(f"{table.name}.json", "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        text.write("[")
        for index, row in enumerate(table.rows(user)):
            item = {c: _json_value(v) for c, v in zip(table.columns, row, strict=True)}
            text.write(("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False))
        text.write("\n]\n")
        text.flush()
        text.detach()


def _state(model: type, user: User) -> dict[str, Any] | None:
    values = model.objects.filter(user=user).values().first()  # type: ignore[attr-defined]
    if values is None:
        return None
    return {k: _json_value(v) for k, v in values.items() if k not in ("id", "user_id")}


def account_facts(user: User) -> dict[str, Any]:
    memberships = user.memberships.select_related("cohort").order_by("joined_at")
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "date_joined": _json_value(user.date_joined),
        "last_login": _json_value(user.last_login),
        "preferences": {name: getattr(user, name) for name in PREFERENCE_FIELDS},
        "cohorts": [
            {
                "cohort": m.cohort.name,
                "company": m.cohort.company,
                "joined_at": _json_value(m.joined_at),
                "own_target_ssi": m.target_ssi,
                "own_target_date": _json_value(m.target_date),
                "plan_strategy": m.plan_strategy or m.cohort.plan_strategy,
            }
            for m in memberships
        ],
    }


def _write_document(archive: zipfile.ZipFile, name: str, document: Any) -> None:
    archive.writestr(name, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def data_export_write(*, user: User, target: IO[bytes]) -> dict[str, int]:
    """Write the ZIP of ``user``'s data to ``target``; returns the rows per table."""
    counts = {}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            README.format(when=timezone.now().strftime("%Y-%m-%d %H:%M UTC"), email=user.email),
        )
        _write_document(archive, "account.json", account_facts(user))
        _write_document(archive, "profile_facts.json", _state(ProfileState, user))
        _write_document(archive, "network_facts.json", _state(NetworkState, user))
        for table in TABLES:
            counts[table.name] = _write_csv(archive, table, user)
            _write_json(archive, table, user)
    return counts


def data_export_file(*, user: User) -> IO[bytes]:
    """The ZIP in a temporary file (deleted when closed), positioned at its start."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    data_export_write(user=user, target=target)
    target.seek(0)
    return target


def data_export_filename(user: User) -> str:
    return f"ssi-coach-data-{timezone.now():%Y-%m-%d}.zip"
