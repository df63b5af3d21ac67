"""The fault-test harness itself: a private Redis, and workers on the test database."""

import pytest

from scoring.models import Estimate
from tests.factories import UserFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def test_a_real_worker_writes_to_the_test_database(workers):
    from scoring.tasks import estimates_recompute_task

    user = UserFactory()
    workers.start()
    estimates_recompute_task.apply_async(args=[[user.pk], "2026-11-30"])
    estimate = wait_for(
        lambda: Estimate.objects.filter(user=user, date="2026-11-30").first(), timeout=30
    )
    assert estimate.total >= 0


def test_the_private_redis_can_be_frozen_and_thawed(redis_server):
    assert redis_server.answers()
    redis_server.freeze()
    assert not redis_server.answers()
    redis_server.thaw()
    assert wait_for(redis_server.answers, timeout=5)
