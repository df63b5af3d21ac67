"""The cohort dashboard's stored rows (coaching.TraineeSummary): exact after every kind
of write, equal to a rebuild from scratch, refreshed at each trainee's local midnight,
and each trainee on their own local day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import User
from accounts.selectors import cohort_dashboard, dashboard_table
from coaching import services, summaries
from coaching.models import Outcome, Task, TaskStatus, TraineeSummary
from scoring import services as scoring_services
from scoring.models import Activity, ActivityKind, SsiSnapshot
from tests.factories import UserFactory, record_ssi

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wednesday morning in Rome
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def join(cohort, email: str, **fields) -> User:
    user = UserFactory(email=email, **fields)
    cohort.memberships.create(user=user, joined_at=timezone.now() - timedelta(days=40))
    return user


def record(user: User, day: date, total: float) -> SsiSnapshot:
    return record_ssi(user, day, total, replace=True)


def stored(cohort) -> dict[int, summaries.Summary]:
    return {
        user_id: summaries.Summary(*values)
        for user_id, *values in TraineeSummary.objects.filter(cohort=cohort).values_list(
            "user_id", *summaries.FIELDS
        )
    }


def assert_exact(cohort, *users: User) -> None:
    """The stored rows of these trainees are what the source tables give now."""
    fresh = list(User.objects.filter(pk__in=[u.pk for u in users]))
    live = summaries.summaries_live(cohort, fresh, timezone.now())
    rows = stored(cohort)
    for user in users:
        assert rows.get(user.pk) == live[user.pk], user.email


def table(cohort) -> tuple[list[str], list[list]]:
    board = cohort_dashboard(cohort, today=timezone.localdate(), now=timezone.now())
    return dashboard_table(board)


def column(cohort, heading: str) -> dict[str, object]:
    headers, rows = table(cohort)
    index = headers.index(heading)
    return {row[3]: row[index] for row in rows}


# --- Exact after each kind of write ---------------------------------------------------------


def test_snapshots_record_replace_delete_and_verify(cohort, trainee, coach):
    snapshot = record(trainee, TODAY - timedelta(days=31), 40)
    assert_exact(cohort, trainee)
    record(trainee, TODAY, 52)
    assert stored(cohort)[trainee.pk].ssi == 52 and stored(cohort)[trainee.pk].change_30d == 12
    assert_exact(cohort, trainee)
    record(trainee, TODAY, 47)  # replaced
    assert stored(cohort)[trainee.pk].ssi == 47
    latest = SsiSnapshot.objects.get(user=trainee, date=TODAY)
    scoring_services.snapshot_verify(snapshot=latest, coach=coach)
    assert stored(cohort)[trainee.pk].verified
    scoring_services.snapshot_delete(snapshot=latest)
    assert stored(cohort)[trainee.pk].ssi == 40
    assert_exact(cohort, trainee)
    scoring_services.snapshot_update(snapshot=snapshot, date=TODAY - timedelta(days=2))
    assert stored(cohort)[trainee.pk].ssi_date == TODAY - timedelta(days=2)
    assert_exact(cohort, trainee)


def test_activities_logged_and_deleted(cohort, trainee):
    activity = scoring_services.activity_log(
        user=trainee, kind=ActivityKind.POST, occurred_on=TODAY - timedelta(days=1)
    )
    row = stored(cohort)[trainee.pk]
    assert row.last_activity == TODAY - timedelta(days=1) and row.streak == 1
    assert_exact(cohort, trainee)
    scoring_services.activity_delete(activity=activity)
    assert stored(cohort)[trainee.pk].last_activity is None
    assert_exact(cohort, trainee)


def test_plan_ticks_skips_and_undos(cohort, trainee):
    plan = services.plan_generate(user=trainee)
    assert stored(cohort)[trainee.pk].week_total == plan.tasks.count() > 0
    tasks = list(plan.tasks.filter(due_date__lte=TODAY).order_by("due_date", "pk"))
    habit = next(t for t in tasks if t.is_habit)
    services.task_complete(task=habit, actor=trainee)
    assert stored(cohort)[trainee.pk].week_done == 1
    assert_exact(cohort, trainee)
    other = next(t for t in tasks if t.pk != habit.pk and t.status == TaskStatus.TODO)
    services.task_skip(task=other, actor=trainee, reason="no_time")
    assert stored(cohort)[trainee.pk].week_skipped == 1
    assert_exact(cohort, trainee)
    services.task_undo(task=habit, actor=trainee)
    assert stored(cohort)[trainee.pk].week_done == 0
    assert_exact(cohort, trainee)


def test_coach_tasks_and_the_estimate(cohort, trainee, coach):
    other = join(cohort, "o@example.com")
    services.coach_task_add(
        coach=coach,
        trainees=[trainee, other],
        title="Call a prospect",
        howto="",
        pillar="people",
        factor="searches_28d",
        minutes=15,
        due_date=TODAY,
    )
    rows = stored(cohort)
    assert rows[trainee.pk].week_total >= 1 and rows[other.pk].week_total >= 1
    scoring_services.estimates_recompute(users=[trainee, other], today=TODAY)
    assert stored(cohort)[trainee.pk].estimate is not None
    assert_exact(cohort, trainee, other)


def test_a_shared_drop_moves_every_members_drop(
    cohort, trainee, django_capture_on_commit_callbacks
):
    """When most of the cohort drops on one day the drop rule leaves it out: the rows of
    every member move, also of those whose own snapshots did not change then."""
    people = [trainee] + [join(cohort, f"d{i}@example.com") for i in range(4)]
    day = TODAY - timedelta(days=10)
    for person in people:
        record(person, TODAY - timedelta(days=31), 50)
        record(person, day - timedelta(days=1), 50)
        record(person, TODAY, 44)
    assert stored(cohort)[trainee.pk].drop_points == 6
    with django_capture_on_commit_callbacks(execute=True):
        for person in people[:4]:
            record(person, day, 44)  # the cohort days job runs on commit
    rows = stored(cohort)
    assert rows[trainee.pk].drop_points == 0  # the day's change is LinkedIn's, not theirs
    assert_exact(cohort, *people)


# --- The day's rollover and each trainee's own day --------------------------------------------


def test_rollover_refreshes_the_rows_whose_day_has_turned(cohort, trainee, frozen):
    far = join(cohort, "ny@example.com", time_zone="America/New_York")
    new = join(cohort, "new@example.com")  # joined, nothing written: no row yet
    summaries.trainee_summaries_refresh(user_ids=[trainee.pk, far.pk])
    assert summaries.stale_trainee_ids(timezone.now()) == [new.pk]
    frozen.move_to(datetime(2026, 11, 25, 23, 30, tzinfo=UTC))  # 00:30 in Rome, 18:30 in NY
    assert summaries.stale_trainee_ids(timezone.now()) == sorted([trainee.pk, new.pk])
    assert summaries.trainee_summaries_rollover(now=timezone.now(), inline=True) == 2
    rows = stored(cohort)
    assert rows[trainee.pk].as_of == date(2026, 11, 26) and rows[far.pk].as_of == TODAY
    assert summaries.stale_trainee_ids(timezone.now()) == []
    assert_exact(cohort, trainee, far, new)


def test_the_rollover_command(cohort, trainee):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "trainee_summaries_rebuild", "--stale", "--now", "2026-11-26T08:00:00Z", stdout=out
    )
    assert "1 trainees' rows refreshed" in out.getvalue()
    assert stored(cohort)[trainee.pk].as_of == date(2026, 11, 26)
    call_command("trainee_summaries_rebuild", stdout=out)
    assert stored(cohort)[trainee.pk].as_of == TODAY


def test_each_trainee_is_on_their_own_local_day(cohort, frozen):
    """Monday 05:00 UTC: still Sunday in Los Angeles, already Monday evening in Auckland.
    Last week's tasks, all done, are "this week" for one and not for the other."""
    frozen.move_to(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    west = join(cohort, "la@example.com", time_zone="America/Los_Angeles")
    east = join(cohort, "akl@example.com", time_zone="Pacific/Auckland")
    for user in (west, east):
        services.plan_generate(user=user, week_start=date(2026, 11, 23), today=date(2026, 11, 23))
    Task.objects.update(status=TaskStatus.DONE, completed_on=F("due_date"))
    summaries.trainee_summaries_rebuild(now=timezone.now())
    frozen.move_to(datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    for rolled in (False, True):  # computed for the request, then stored by the job
        if rolled:
            summaries.trainee_summaries_rollover(now=timezone.now(), inline=True)
            assert summaries.stale_trainee_ids(timezone.now()) == []
        done = column(cohort, "Tasks done this week (%)")
        assert done == {"la@example.com": 100, "akl@example.com": None}
    assert stored(cohort)[west.pk].as_of == date(2026, 11, 29)
    assert stored(cohort)[east.pk].as_of == date(2026, 11, 30)


def test_outcomes_recorded_are_kept_in_the_row_and_shown_against_ssi(
    cohort, trainee, coach, client_for
):
    """The twelve weeks of outcomes come with the row; a row that counts them from
    another week than the coach's today (another time zone) is read from the outcomes."""
    record(trainee, TODAY, 50)
    monday = TODAY - timedelta(days=TODAY.weekday())
    services.outcome_record(
        user=trainee, week_start=monday, meetings_booked=3, opportunities_created=1, deals_won=0
    )
    services.outcome_record(
        user=trainee,
        week_start=monday - timedelta(days=7 * 11),  # the first week counted
        meetings_booked=4,
        opportunities_created=2,
        deals_won=1,
    )
    services.outcome_record(  # the week before: outside the twelve
        user=trainee,
        week_start=monday - timedelta(days=7 * 12),
        meetings_booked=50,
        opportunities_created=50,
        deals_won=0,
    )
    row = stored(cohort)[trainee.pk]
    assert (row.outcomes_logged, row.meetings, row.opportunities) == (True, 7, 3)
    assert row.outcomes_since == monday - timedelta(days=7 * 11)
    assert_exact(cohort, trainee)

    def shown() -> str:
        html = client_for(coach).get(f"/coach/cohorts/{cohort.pk}/").content.decode()
        return html[html.index("Outcomes against SSI") :]

    assert '<td class="num">50.0</td><td class="num">7</td>' in shown()
    # Counted from another week (the coach already in the next one): the outcomes table.
    TraineeSummary.objects.filter(user=trainee).update(
        outcomes_since=F("outcomes_since") + timedelta(days=7), meetings=0
    )
    assert '<td class="num">50.0</td><td class="num">7</td>' in shown()


def test_a_stale_row_is_computed_from_the_source_tables(cohort, trainee):
    """New working days change the streak: until the row is refreshed, the page reads the
    source tables for that trainee (and never writes on a GET)."""
    for back in range(3):  # Monday to Wednesday
        scoring_services.activity_log(
            user=trainee, kind=ActivityKind.COMMENT, occurred_on=TODAY - timedelta(days=back)
        )
    scoring_services.activity_log(
        user=trainee, kind=ActivityKind.COMMENT, occurred_on=TODAY - timedelta(days=5)
    )  # Friday before
    assert stored(cohort)[trainee.pk].streak == 4  # Friday, the weekend off, Monday on
    User.objects.filter(pk=trainee.pk).update(working_days=[0, 1, 2, 3, 4, 5, 6])
    count = TraineeSummary.objects.get(user=trainee).computed_at
    assert column(cohort, "Streak") == {trainee.email: 3}  # Sunday is a working day now
    assert TraineeSummary.objects.get(user=trainee).computed_at == count  # nothing written


# --- Equal to a rebuild from scratch, on a random population -----------------------------------

ZONES = ["Europe/Rome", "America/Los_Angeles", "Pacific/Auckland", "UTC"]

person = st.fixed_dictionaries(
    {
        "zone": st.sampled_from(ZONES),
        "working": st.sets(st.integers(0, 6), min_size=1),
        "snapshots": st.dictionaries(st.integers(1, 70), st.integers(5, 95), max_size=8),
        "active": st.sets(st.integers(1, 20), max_size=6),
        "plan": st.booleans(),
    }
)
write = st.tuples(
    st.sampled_from(["snapshot", "activity", "tick", "skip", "undo", "estimate"]),
    st.integers(0, 5),  # whom (modulo the population)
    st.integers(0, 12),  # days back
    st.integers(5, 95),  # a total
)


@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(person, min_size=1, max_size=6), writes=st.lists(write, max_size=8))
def test_stored_rows_equal_a_rebuild_and_the_page_agrees(cohort, people, writes):
    with transaction.atomic():
        users = []
        for i, spec in enumerate(people):
            user = join(
                cohort,
                f"p{i}@example.com",
                time_zone=spec["zone"],
                working_days=sorted(spec["working"]),
            )
            users.append(user)
            # History written in bulk, past the services: the rebuild must find it.
            SsiSnapshot.objects.bulk_create(
                SsiSnapshot(
                    user=user,
                    date=TODAY - timedelta(days=back),
                    total=Decimal(total),
                    **{
                        p: Decimal(total) / 4
                        for p in ("brand", "people", "insights", "relationships")
                    },
                )
                for back, total in spec["snapshots"].items()
            )
            Activity.objects.bulk_create(
                Activity(user=user, kind=ActivityKind.POST, occurred_on=TODAY - timedelta(days=b))
                for b in spec["active"]
            )
            if spec["plan"]:
                services.plan_generate(
                    user=user, week_start=date(2026, 11, 16), today=date(2026, 11, 16)
                )
                services.plan_generate(user=user)
        summaries.trainee_summaries_rebuild(now=timezone.now())
        for kind, who, back, total in writes:
            user = users[who % len(users)]
            day = summaries._Today(timezone.now())(user) - timedelta(days=back)
            if kind == "snapshot":
                record(user, day, total)
            elif kind == "activity":
                scoring_services.activity_log(user=user, kind=ActivityKind.SEARCH, occurred_on=day)
            elif kind == "estimate":
                scoring_services.estimates_recompute(users=[user], today=day)
            else:
                tasks = Task.objects.filter(user=user, due_date__lte=day + timedelta(days=back))
                if kind != "undo":
                    tasks = tasks.filter(status=TaskStatus.TODO)
                task = tasks.order_by("?").first()
                if task is None:
                    continue
                if kind == "tick":
                    services.task_complete(task=task, actor=user)
                elif kind == "skip":
                    services.task_skip(task=task, actor=user, reason="no_time")
                else:
                    services.task_undo(task=task, actor=user)
            assert_exact(cohort, user)  # after each write, not only at the end
        kept = stored(cohort)
        assert_exact(cohort, *users)
        page = table(cohort)
        summaries.trainee_summaries_rebuild(now=timezone.now())
        assert stored(cohort) == kept  # a rebuild from scratch changes nothing
        TraineeSummary.objects.all().delete()
        assert table(cohort) == page  # the page from the source tables says the same
        transaction.set_rollback(True)


def test_admin_edits_of_outcomes_keep_the_rows_exact(cohort, trainee, staff, client):
    record(trainee, TODAY, 50)
    monday = TODAY - timedelta(days=TODAY.weekday())
    services.outcome_record(
        user=trainee, week_start=monday, meetings_booked=3, opportunities_created=1, deals_won=0
    )
    outcome = Outcome.objects.get(user=trainee)
    client.force_login(staff)
    response = client.post(
        reverse("admin:coaching_outcome_change", args=[outcome.pk]),
        {
            "user": trainee.pk,
            "week_start": monday.isoformat(),
            "meetings_booked": 9,
            "opportunities_created": 1,
            "deals_won": 0,
        },
    )
    assert response.status_code == 302
    assert stored(cohort)[trainee.pk].meetings == 9
    assert_exact(cohort, trainee)
    response = client.post(
        reverse("admin:coaching_outcome_delete", args=[outcome.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert stored(cohort)[trainee.pk].outcomes_logged is False
    assert_exact(cohort, trainee)


# --- The weekly rates as the dashboard reads them ---------------------------------------------

rate = st.one_of(st.none(), st.floats(0, 1, allow_nan=False), st.sampled_from([0.0, 1.0, 1 / 3]))


@given(rates=st.lists(rate, max_size=12), count=st.integers(-1, 14), compact=st.booleans())
def test_recent_rates_reads_the_stored_text_as_json_would(rates, count, compact):
    import json

    text = json.dumps(rates, separators=(",", ":") if compact else None)
    expected = json.loads(text)[: max(count, 0)]
    assert summaries.recent_rates(text, count) == expected
    assert summaries.recent_rates(f"  {text} ", count) == expected
    assert summaries.recent_rates(rates, count) == expected


@pytest.mark.parametrize(
    ("past", "weeks", "flagged"),
    [
        ([0.2, 0.1, 0.9], 2, True),
        ([0.2, 0.5, 0.0], 2, False),
        ([0.2, None, 0.1], 2, False),  # a week without tasks ends the run
        ([0.25], 2, False),  # not two complete weeks yet
        ([0.2, 0.1, 0.29, 1.0], 3, True),
        ([], 1, False),
    ],
)
def test_low_completion_reads_the_stored_rates(cohort, trainee, past, weeks, flagged):
    """The rule reads the stored row's rates (as the database gives the JSON back)."""
    cohort.risk_low_completion_weeks = weeks
    cohort.save()
    summaries.trainee_summaries_rebuild(now=timezone.now())
    TraineeSummary.objects.filter(user=trainee, cohort=cohort).update(past_rates=past)
    board = cohort_dashboard(cohort, today=timezone.localdate(), now=timezone.now())
    codes = {flag.code for flag in board.extra["risk"][trainee.pk]}
    assert ("low_completion" in codes) is flagged
