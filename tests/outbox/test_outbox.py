"""The outbox: work enqueued with a request commits with it and survives the broker."""

import pytest
from django.core.management import call_command
from django.db import transaction

from config.celery import app
from outbox import services
from outbox.celery import OutboxTask
from outbox.models import OutboxMessage
from scoring.models import Estimate
from scoring.tasks import estimates_recompute_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(settings):
    """A real in-process broker (kombu's memory transport), eager mode off."""
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = "memory://"
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    services._mark_broker_up()
    yield app
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None
    services._mark_broker_up()


def _broker_down(app):
    # A port nothing listens on: publishing fails at once with "connection refused".
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool = None
    app.amqp._producer_pool = None


def test_a_rolled_back_request_leaves_no_work_behind(broker):
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        estimates_recompute_task.delay_on_commit([user.pk], None)
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the request failed half way")
    assert not OutboxMessage.objects.exists()


def test_committed_work_is_published_at_once_and_the_row_goes(broker):
    user = UserFactory()
    with transaction.atomic():
        estimates_recompute_task.delay_on_commit([user.pk], "2026-11-30")
    assert not OutboxMessage.objects.exists()


def test_broker_down_keeps_the_row_and_the_relay_publishes_it_later(broker):
    user = UserFactory()
    _broker_down(broker)
    with transaction.atomic():
        estimates_recompute_task.delay_on_commit([user.pk], "2026-11-30")
    message = OutboxMessage.objects.get()
    assert message.task == "scoring.tasks.estimates_recompute_task"
    assert message.args == [[user.pk], "2026-11-30"]
    assert message.attempts == 1 and "refused" in message.last_error.lower()
    assert message.claimed_until is None

    # While the circuit is open, later requests only write their row.
    with transaction.atomic():
        estimates_recompute_task.delay_on_commit([user.pk], "2026-12-01")
    assert OutboxMessage.objects.count() == 2
    assert OutboxMessage.objects.order_by("pk").last().attempts == 0

    # The relay, broker still down: nothing lost, nothing published.
    assert services.outbox_relay()["waiting"] == 2

    broker.conf.broker_url = "memory://"
    broker._pool = None
    broker.amqp._producer_pool = None
    call_command("outbox_relay")
    assert not OutboxMessage.objects.exists()


def test_a_claimed_row_is_not_published_twice(broker):
    user = UserFactory()
    _broker_down(broker)
    with transaction.atomic():
        estimates_recompute_task.delay_on_commit([user.pk], None)
    message = OutboxMessage.objects.get()
    # Another publisher holds the row: neither the fast path nor the relay takes it.
    assert services._claim(message.pk) is not None
    assert services._claim(message.pk) is None
    broker.conf.broker_url = "memory://"
    broker._pool = None
    assert services.outbox_relay() == {"published": 0, "failed": 0, "waiting": 1}


def test_eager_mode_runs_the_task_on_commit(settings):
    assert app.conf.task_always_eager
    user = UserFactory()
    with transaction.atomic():
        estimates_recompute_task.delay_on_commit([user.pk], "2026-11-30")
        assert not Estimate.objects.exists()
    assert Estimate.objects.filter(user=user, date="2026-11-30").exists()
    assert not OutboxMessage.objects.exists()


def test_every_task_is_built_on_the_outbox_class():
    app.loader.import_default_modules()
    ours = [t for name, t in app.tasks.items() if not name.startswith("celery.")]
    assert ours
    for task in ours:
        assert isinstance(task, OutboxTask), task.name
