"""The nightly recompute: chunks of trainee ids, each trainee's own today, once each."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from scoring import services
from scoring.models import Estimate
from scoring.tasks import estimates_recompute_dispatch_task, estimates_recompute_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# 02:30 UTC on Tuesday 24 November: 03:30 on the 24th in Rome, 21:30 on the 23rd in New York.
NIGHT = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)


@pytest.fixture
def people():
    return {
        "rome": [UserFactory(time_zone="Europe/Rome") for _ in range(3)],
        "new_york": [UserFactory(time_zone="America/New_York") for _ in range(2)],
        "coach": UserFactory(role="coach"),
        "gone": UserFactory(is_active=False),
    }


def estimated() -> list[tuple[int, date]]:
    return sorted(Estimate.objects.values_list("user_id", "date"))


def expected(people) -> list[tuple[int, date]]:
    return sorted(
        [(u.pk, date(2026, 11, 24)) for u in people["rome"]]
        + [(u.pk, date(2026, 11, 23)) for u in people["new_york"]]
    )


def test_the_dispatcher_sends_every_trainee_once_in_chunks(people, monkeypatch):
    sent = []
    monkeypatch.setattr(
        estimates_recompute_task, "delay_on_commit", lambda *a: sent.append(a), raising=False
    )
    result = services.estimates_recompute_dispatch(now=NIGHT, chunk_size=2)
    ids = sorted(u.pk for u in people["rome"] + people["new_york"])
    assert (result.trainees, result.chunks) == (5, 3)
    assert [chunk for chunk, _day, _now in sent] == [ids[0:2], ids[2:4], ids[4:5]]
    assert {(day, now) for _chunk, day, now in sent} == {(None, NIGHT.isoformat())}
    assert not Estimate.objects.exists()  # the workers compute them


def test_the_chunk_size_comes_from_the_settings(people, settings, monkeypatch):
    sent = []
    monkeypatch.setattr(
        estimates_recompute_task, "delay_on_commit", lambda *a: sent.append(a), raising=False
    )
    settings.ESTIMATES_RECOMPUTE_CHUNK_SIZE = 4
    assert services.estimates_recompute_dispatch(now=NIGHT).chunks == 2
    assert [len(chunk) for chunk, _day, _now in sent] == [4, 1]


def test_each_trainee_gets_their_own_today_and_a_rerun_adds_nothing(people):
    result = services.estimates_recompute_dispatch(now=NIGHT, chunk_size=2, inline=True)
    assert result.stored == 5
    assert estimated() == expected(people)
    first = dict(Estimate.objects.values_list("user_id", "computed_at"))
    services.estimates_recompute_dispatch(now=NIGHT, chunk_size=3, inline=True)
    assert estimated() == expected(people)
    assert dict(Estimate.objects.values_list("user_id", "computed_at")).keys() == first.keys()


def test_a_chunk_task_run_twice_stores_the_same_rows(people):
    ids = [u.pk for u in people["rome"] + people["new_york"]] + [10**9]  # and one gone
    assert estimates_recompute_task.delay(ids, None, NIGHT.isoformat()).get() == 5
    assert estimates_recompute_task.delay(ids, None, NIGHT.isoformat()).get() == 5
    assert estimated() == expected(people)


def test_the_beat_task_fans_out_with_the_clock(people, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(NIGHT, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert estimates_recompute_dispatch_task.delay().get() == 5  # eager: chunks run too
    assert estimated() == expected(people)


def test_the_dispatcher_reads_ids_a_chunk_at_a_time(people, django_assert_num_queries):
    # One query per page of ids (the last, short page ends the walk) and one outbox row
    # per chunk of 2 of the 5 trainees (3 chunks): the queries grow with the chunks,
    # never a query that loads every trainee at once.
    with django_assert_num_queries(3 + 3):
        services.estimates_recompute_dispatch(now=NIGHT, chunk_size=2, inline=False)


def test_command_with_now_and_chunk(people):
    out = StringIO()
    call_command("recompute_estimates", "--now", NIGHT.isoformat(), "--chunk", "2", stdout=out)
    assert "Recomputed 5 estimates." in out.getvalue()
    assert estimated() == expected(people)


@pytest.mark.parametrize(
    "args", [["--now", "tonight"], ["--now", "2026-11-24T02:30:00"], ["--chunk", "0"]]
)
def test_command_refuses_bad_arguments(args, people):
    with pytest.raises(CommandError):
        call_command("recompute_estimates", *args, stdout=StringIO())
    assert not Estimate.objects.exists()


# The beat's hourly entry passes local_hour=4: each zone's trainees when it is 04:xx there.
@pytest.mark.parametrize(
    ("instant", "zone", "day"),
    [
        # Winter: Rome is UTC+1, New York UTC-5.
        (datetime(2026, 11, 24, 3, 5, tzinfo=UTC), "rome", date(2026, 11, 24)),
        (datetime(2026, 11, 24, 9, 5, tzinfo=UTC), "new_york", date(2026, 11, 24)),
        # Summer: Rome is UTC+2, New York UTC-4.
        (datetime(2026, 7, 14, 2, 5, tzinfo=UTC), "rome", date(2026, 7, 14)),
        (datetime(2026, 7, 14, 8, 5, tzinfo=UTC), "new_york", date(2026, 7, 14)),
        # The Sundays the clocks change: 04:00 comes once, after the jump in spring and
        # after the repeated hour in autumn.
        (datetime(2026, 3, 29, 2, 5, tzinfo=UTC), "rome", date(2026, 3, 29)),
        (datetime(2026, 10, 25, 3, 5, tzinfo=UTC), "rome", date(2026, 10, 25)),
        (datetime(2026, 3, 8, 8, 5, tzinfo=UTC), "new_york", date(2026, 3, 8)),
        (datetime(2026, 11, 1, 9, 5, tzinfo=UTC), "new_york", date(2026, 11, 1)),
    ],
)
def test_the_morning_entry_takes_the_zones_where_it_is_four(people, instant, zone, day):
    result = services.estimates_recompute_dispatch(now=instant, local_hour=4, inline=True)
    assert result.trainees == len(people[zone])
    assert estimated() == sorted((u.pk, day) for u in people[zone])


def test_a_day_of_hourly_morning_entries_gives_each_trainee_one_estimate(people):
    for hour in range(24):
        instant = datetime(2026, 11, 24, hour, 5, tzinfo=UTC)
        services.estimates_recompute_dispatch(now=instant, local_hour=4, inline=True)
    assert estimated() == sorted(
        [(u.pk, date(2026, 11, 24)) for u in people["rome"]]
        + [(u.pk, date(2026, 11, 24)) for u in people["new_york"]]
    )


def test_the_beat_schedule_runs_the_morning_entry_hourly_with_its_hour():
    from config.celery import app

    entry = app.conf.beat_schedule["estimates-morning"]
    assert entry["task"] == "scoring.tasks.estimates_recompute_dispatch_task"
    assert entry["kwargs"] == {"local_hour": 4}
    assert entry["schedule"].hour == set(range(24)) and entry["schedule"].minute == {5}


def test_command_with_a_local_hour(people):
    out = StringIO()
    call_command(
        "recompute_estimates", "--now", "2026-11-24T09:05:00+00:00", "--local-hour", "4", stdout=out
    )
    assert "Recomputed 2 estimates." in out.getvalue()
