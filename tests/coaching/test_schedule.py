"""The Monday plans: a frequent UTC tick, each trainee's own Monday 06:00, once each."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from coaching import services
from coaching.models import Plan
from coaching.tasks import plans_generate_task, plans_weekly_dispatch_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The week after New York's spring change (Sunday 8 March 2026); Rome changes on the 29th.
MONDAY = date(2026, 3, 9)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def people():
    return {
        "rome": UserFactory(time_zone="Europe/Rome"),
        "new_york": UserFactory(time_zone="America/New_York"),
        "coach": UserFactory(role="coach", time_zone="Europe/Rome"),
        "gone": UserFactory(is_active=False, time_zone="Europe/Rome"),
    }


def planned() -> set[tuple[int, date]]:
    return set(Plan.objects.values_list("user_id", "week_start"))


def test_each_trainee_gets_the_plan_at_their_own_monday_morning(people):
    rome, new_york = people["rome"], people["new_york"]
    # 05:30 UTC: 06:30 in Rome (UTC+1), 01:30 in New York (already UTC-4).
    result = services.plans_weekly_dispatch(now=utc(2026, 3, 9, 5, 30), inline=True)
    assert result.weeks == {MONDAY: ["Europe/Rome"]}
    assert result.created == 1 and planned() == {(rome.pk, MONDAY)}
    # 09:59 UTC is 05:59 in New York: not yet.
    assert services.plans_weekly_dispatch(now=utc(2026, 3, 9, 9, 59), inline=True).created == 0
    # 10:00 UTC is 06:00 in New York (EDT since Sunday; in winter it would be 11:00 UTC).
    result = services.plans_weekly_dispatch(now=utc(2026, 3, 9, 10, 0), inline=True)
    assert result.created == 1
    assert planned() == {(rome.pk, MONDAY), (new_york.pk, MONDAY)}
    # Every later tick of the week finds nothing more to do: nobody gets two plans.
    for now in (utc(2026, 3, 9, 10, 15), utc(2026, 3, 11, 12, 0), utc(2026, 3, 16, 3, 45)):
        result = services.plans_weekly_dispatch(now=now, inline=True)
        assert (result.trainees, result.created) == (0, 0)
    assert Plan.objects.count() == 2  # the coach and the inactive trainee have none


def test_a_missed_monday_is_caught_up_later_in_the_week(people):
    rome = people["rome"]
    # Nothing ran on Monday; Wednesday afternoon's tick makes the plan from that day on.
    result = services.plans_weekly_dispatch(now=utc(2026, 3, 11, 14, 0), inline=True)
    assert result.created == 2
    plan = Plan.objects.get(user=rome)
    assert plan.week_start == MONDAY
    assert min(plan.tasks.values_list("due_date", flat=True)) == date(2026, 3, 11)


def plans_of(user) -> set[date]:
    return set(Plan.objects.filter(user=user).values_list("week_start", flat=True))


def test_the_week_after_rome_changes_to_summer_time(people):
    rome = people["rome"]
    # Monday 30 March, Rome is UTC+2: 06:00 is 04:00 UTC.
    services.plans_weekly_dispatch(now=utc(2026, 3, 30, 3, 45), inline=True)
    assert plans_of(rome) == set()
    services.plans_weekly_dispatch(now=utc(2026, 3, 30, 4, 0), inline=True)
    assert plans_of(rome) == {date(2026, 3, 30)}
    # New York, still on Sunday night, was caught up on the week that is ending.
    assert plans_of(people["new_york"]) == {date(2026, 3, 23)}


def test_the_week_after_the_autumn_change(people):
    rome, new_york = people["rome"], people["new_york"]
    # Monday 2 November: Rome is UTC+1 (since 25 October), New York UTC-5 (since the 1st).
    services.plans_weekly_dispatch(now=utc(2026, 11, 2, 4, 59), inline=True)
    assert plans_of(rome) == set()
    services.plans_weekly_dispatch(now=utc(2026, 11, 2, 5, 0), inline=True)
    services.plans_weekly_dispatch(now=utc(2026, 11, 2, 10, 59), inline=True)
    assert plans_of(rome) == {date(2026, 11, 2)}
    assert date(2026, 11, 2) not in plans_of(new_york)
    services.plans_weekly_dispatch(now=utc(2026, 11, 2, 11, 0), inline=True)
    assert date(2026, 11, 2) in plans_of(new_york)


def test_dry_run_counts_and_makes_nothing(people):
    result = services.plans_weekly_dispatch(now=utc(2026, 3, 9, 12, 0), dry_run=True)
    assert (result.trainees, result.chunks, result.created) == (2, 1, 0)
    assert not Plan.objects.exists()


def test_the_tick_sends_chunks_of_ids_with_the_week_and_the_instant(people, monkeypatch):
    sent = []
    monkeypatch.setattr(
        plans_generate_task, "delay_on_commit", lambda *args: sent.append(args), raising=False
    )
    extra = [UserFactory(time_zone="Europe/Rome") for _ in range(2)]
    now = utc(2026, 3, 9, 12, 0)
    result = services.plans_weekly_dispatch(now=now, chunk_size=2)
    ids = sorted([people["rome"].pk, people["new_york"].pk, *(u.pk for u in extra)])
    assert (result.trainees, result.chunks) == (4, 2)
    assert sorted(pk for chunk, _week, _now in sent for pk in chunk) == ids
    assert all(len(chunk) <= 2 for chunk, _week, _now in sent)
    assert {(week, at) for _chunk, week, at in sent} == {("2026-03-09", now.isoformat())}
    assert not Plan.objects.exists()  # the workers make them


def test_the_chunk_task_makes_each_plan_once(people):
    ids = [people["rome"].pk, people["new_york"].pk, people["coach"].pk, people["gone"].pk]
    args = (ids, "2026-03-09", utc(2026, 3, 9, 12, 0).isoformat())
    assert plans_generate_task.delay(*args).get() == 2
    assert plans_generate_task.delay(*args).get() == 0
    assert Plan.objects.count() == 2


def test_a_chunk_that_runs_after_its_week_is_over_makes_nothing(people):
    late = utc(2026, 3, 16, 12, 0)  # the next Monday: that week is the next tick's
    made = services.plans_generate_chunk(user_ids=[people["rome"].pk], now=late, week_start=MONDAY)
    assert made == 0 and not Plan.objects.exists()


def test_the_beat_task_uses_the_clock(people, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(utc(2026, 3, 9, 5, 30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert plans_weekly_dispatch_task.delay().get() == 1  # eager: chunks run at once
    assert planned() == {(people["rome"].pk, MONDAY)}


def test_command_dry_run_and_now(people):
    out = StringIO()
    call_command(
        "coaching_generate_plans", "--dry-run", "--now", "2026-03-09T05:30:00+00:00", stdout=out
    )
    assert "2026-03-09 (1 zones)" in out.getvalue()
    assert "1 trainees have no plan for this week." in out.getvalue()
    assert not Plan.objects.exists()
    out = StringIO()
    call_command("coaching_generate_plans", "--now", "2026-03-09T10:00:00+00:00", stdout=out)
    assert "2 plans created." in out.getvalue()
    out = StringIO()
    call_command("coaching_generate_plans", "--now", "2026-03-09T10:00:00+00:00", stdout=out)
    assert "0 plans created." in out.getvalue()


@pytest.mark.parametrize("bad", ["yesterday", "2026-03-09T10:00:00"])
def test_command_refuses_a_bad_now(bad, people):
    with pytest.raises(CommandError):
        call_command("coaching_generate_plans", "--now", bad, stdout=StringIO())
    assert not Plan.objects.exists()


def test_the_cohort_table_reads_each_trainees_own_week_and_makes_nothing(people):
    from coaching import selectors
    from tests.factories import CohortFactory

    cohort = CohortFactory(name="Both sides of the ocean")
    for user in (people["rome"], people["new_york"]):
        cohort.memberships.create(user=user)
    # Wednesday 11 March: both get the week of the 9th.
    services.plans_weekly_dispatch(now=utc(2026, 3, 11, 12, 0), inline=True)
    # Monday 16 March 03:00 UTC: 04:00 in Rome's new week (no plan yet), 23:00 on Sunday
    # in New York (its week of the 9th).
    monday_in_rome = utc(2026, 3, 16, 3, 0)
    rows = {r.trainee.pk: r for r in selectors.cohort_week_rows(cohort, now=monday_in_rome)}
    assert rows[people["rome"].pk].summary.total == 0  # shown as "—": not made by reading
    assert rows[people["new_york"].pk].summary.total > 0  # New York's current week
    assert Plan.objects.count() == 2
