"""The relay, on the beat schedule: publish what requests queued while the broker was away."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True, soft_time_limit=50, time_limit=60)
def outbox_relay_task() -> dict[str, int]:
    return services.outbox_relay()
