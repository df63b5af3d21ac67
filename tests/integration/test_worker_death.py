"""``kill -9`` of a worker in the middle of a task: after a restart, exactly the results
of an undisturbed run.

The worker is held in the middle by a test-only hook (``tests/integration/hooks.py``),
so that the kill lands there every time; the worker started after it runs the same
code without the hook. Short limits come from the worker's environment (read by the
test settings only): a 3-second lease and a 4-second visibility timeout stand in for
production's minutes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scoring.archive.services import archive_import_start
from scoring.models import Activity, ArchiveImport, Estimate
from tests.factories import UserFactory
from tests.integration.conftest import hold_env, wait_for
from tests.scoring.archive import generator as gen
from tests.scoring.factories import ActivityFactory

pytestmark = pytest.mark.integration

LEASE = 3
VISIBILITY = LEASE + 1
SHORT_LIMITS = {
    "TEST_ARCHIVE_IMPORT_TIME_LIMIT": str(LEASE),
    "TEST_CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
}


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def activity_rows(user) -> list[tuple]:
    return sorted(
        Activity.objects.filter(user=user).values_list(
            "kind", "occurred_on", "count", "words", "counterpart", "source", "external_key"
        )
    )


def import_summary(record: ArchiveImport) -> tuple:
    return (
        record.status,
        record.activities_added,
        record.counts,
        record.files,
        record.facts,
        record.warnings,
        record.error,
    )


def test_kill9_during_an_archive_import(workers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    env = {**SHORT_LIMITS, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    marker = tmp_path / "held"
    data = gen.build_archive("2024").data
    disturbed = UserFactory(first_name="Ada", last_name="Rossi", time_zone="Europe/Rome")
    undisturbed = UserFactory(first_name="Ada", last_name="Rossi", time_zone="Europe/Rome")

    # The first worker is held right after it inserted the activities, inside the
    # transaction that stores the import: the worst moment to die.
    first = workers.start(
        env={**env, **hold_env("scoring.archive.services._insert_activities", marker)}
    )
    record = archive_import_start(user=disturbed, files=[SimpleUploadedFile("a.zip", data)])
    wait_for(marker.exists, timeout=30)
    record.refresh_from_db()
    assert (record.status, record.attempts) == ("running", 1)
    assert len(files_in(settings.MEDIA_ROOT)) == 1
    first.kill9()

    # What the trainee saw until now: "running" at 95% or more, nothing stored.
    record.refresh_from_db()
    assert record.status == "running"
    assert record.progress >= 95
    assert not Activity.objects.filter(user=disturbed).exists()
    assert len(files_in(settings.MEDIA_ROOT)) == 1  # kept for the next attempt

    workers.start(env=env)
    wait_for(
        lambda: ArchiveImport.objects.filter(pk=record.pk, status="done", file="").exists(),
        timeout=30,
    )
    record.refresh_from_db()
    assert record.attempts == 2

    # The same archive, undisturbed, through the same worker.
    reference = archive_import_start(user=undisturbed, files=[SimpleUploadedFile("a.zip", data)])
    wait_for(
        lambda: ArchiveImport.objects.filter(pk=reference.pk, status="done", file="").exists(),
        timeout=30,
    )
    reference.refresh_from_db()
    assert reference.attempts == 1

    assert import_summary(record) == import_summary(reference)
    rows = activity_rows(disturbed)
    assert rows == activity_rows(undisturbed)
    assert len(rows) == record.activities_added > 0
    assert files_in(settings.MEDIA_ROOT) == []  # both uploads deleted once read


def estimate_rows(user_ids: list[int], day: str) -> list[tuple]:
    return sorted(
        Estimate.objects.filter(user_id__in=user_ids, date=day).values_list(
            "user_id",
            "date",
            "model_id",
            "brand",
            "people",
            "insights",
            "relationships",
            "total",
            "explanation",
        )
    )


def test_kill9_in_the_middle_of_a_recompute_chunk(workers, tmp_path):
    from scoring.tasks import estimates_recompute_task

    day = "2026-11-30"
    users = [UserFactory() for _ in range(6)]
    for n, user in enumerate(users):
        for k in range(n + 1):
            ActivityFactory(user=user, occurred_on=date(2026, 11, 20 + k % 8))
    ids = [u.pk for u in users]
    marker = tmp_path / "held"

    # Held after the chunk's estimates were computed (all at once), before any is stored.
    first = workers.start(env={**SHORT_LIMITS, **hold_env("scoring.engine.estimate_many", marker)})
    estimates_recompute_task.delay(ids, day)
    wait_for(marker.exists, timeout=30)
    first.kill9()
    assert not Estimate.objects.filter(user_id__in=ids).exists()

    workers.start(env=SHORT_LIMITS)
    wait_for(lambda: Estimate.objects.filter(user_id__in=ids, date=day).count() == 6, timeout=30)
    disturbed = estimate_rows(ids, day)

    # The same chunk undisturbed: the same estimates, and still one per user.
    Estimate.objects.filter(user_id__in=ids).delete()
    estimates_recompute_task.delay(ids, day)
    wait_for(lambda: Estimate.objects.filter(user_id__in=ids, date=day).count() == 6, timeout=30)
    assert estimate_rows(ids, day) == disturbed
    assert Estimate.objects.filter(user_id__in=ids).count() == 6


def test_a_pool_process_killed_mid_import_is_redone_by_its_worker(workers, settings, tmp_path):
    """Only the pool process dies (out of memory, say); the worker lives on.

    ``task_reject_on_worker_lost`` queues the message again at once; the new delivery
    finds the dead attempt's lease still running, waits for it to pass, then takes over.
    """
    import os
    import signal

    settings.MEDIA_ROOT = tmp_path / "media"
    marker = tmp_path / "held"
    data = gen.build_archive("2024").data
    user = UserFactory()
    worker = workers.start(
        pool="prefork",
        env={
            # A lease long enough that the pool's own hard time limit never kills the
            # held process before the test does, on a busy machine too; and no
            # redelivery by the visibility timeout within this test: only the reject.
            "TEST_ARCHIVE_IMPORT_TIME_LIMIT": "6",
            "TEST_CELERY_VISIBILITY_TIMEOUT": "600",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **hold_env("scoring.archive.services._insert_activities", marker),
        },
    )
    record = archive_import_start(user=user, files=[SimpleUploadedFile("a.zip", data)])
    wait_for(marker.exists, timeout=30)
    os.kill(int(marker.read_text()), signal.SIGKILL)

    wait_for(
        lambda: ArchiveImport.objects.filter(pk=record.pk, status="done", file="").exists(),
        timeout=30,
    )
    record.refresh_from_db()
    assert record.attempts == 2
    assert Activity.objects.filter(user=user).count() == record.activities_added > 0
    assert files_in(settings.MEDIA_ROOT) == []
    assert "WorkerLostError" in worker.output()
    assert "retry: Retry in" in worker.output()
