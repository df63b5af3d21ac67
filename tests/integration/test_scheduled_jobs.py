"""The nightly recompute and the Monday plans on a real worker, from chunks on Redis."""

from datetime import UTC, date, datetime

import pytest
from django.db.models import Count, Max

from coaching.models import Plan
from scoring import services as scoring_services
from scoring.models import Estimate
from tests.factories import UserFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration

# 02:30 UTC: the 24th in Rome, still the 23rd in New York.
NIGHT = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)


def test_the_nightly_chunks_make_one_estimate_per_trainee_and_a_rerun_adds_none(workers):
    rome = [UserFactory(time_zone="Europe/Rome") for _ in range(5)]
    new_york = [UserFactory(time_zone="America/New_York") for _ in range(2)]
    UserFactory(role="coach")
    expected = {(u.pk, date(2026, 11, 24)) for u in rome} | {
        (u.pk, date(2026, 11, 23)) for u in new_york
    }
    workers.start()

    result = scoring_services.estimates_recompute_dispatch(now=NIGHT, chunk_size=3)
    assert (result.trainees, result.chunks) == (7, 3)
    wait_for(lambda: Estimate.objects.count() == 7, timeout=60)
    assert set(Estimate.objects.values_list("user_id", "date")) == expected
    first_run = Estimate.objects.aggregate(last=Max("computed_at"))["last"]

    # Again: every row is recomputed in place (its computed_at moves), none is added.
    scoring_services.estimates_recompute_dispatch(now=NIGHT, chunk_size=3)
    wait_for(lambda: not Estimate.objects.filter(computed_at__lte=first_run).exists(), timeout=60)
    assert Estimate.objects.count() == 7
    assert set(Estimate.objects.values_list("user_id", "date")) == expected
    per_key = Estimate.objects.values("user_id", "date", "model").annotate(n=Count("pk"))
    assert {row["n"] for row in per_key} == {1}


def test_the_monday_tick_makes_each_plan_once_on_a_worker(workers):
    from coaching.tasks import plans_weekly_dispatch_task

    trainees = [UserFactory(time_zone="Europe/Rome") for _ in range(3)]
    workers.start()
    monday = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)  # 06:00 in Rome

    # The beat's task itself runs on the worker and fans out from there; twice. Results
    # are not stored by default; this test asks for them to read the counts.
    def tick():
        result = plans_weekly_dispatch_task.apply_async(
            args=[monday.isoformat()], ignore_result=False
        )
        return result.get(timeout=60)

    assert tick() == 3
    wait_for(lambda: Plan.objects.count() == 3, timeout=60)
    assert tick() == 0
    assert set(Plan.objects.values_list("user_id", "week_start")) == {
        (t.pk, date(2026, 11, 30)) for t in trainees
    }
