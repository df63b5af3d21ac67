"""The import service: all or nothing, idempotent, and nothing left on disk."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from scoring.archive import ArchiveError, services
from scoring.archive.messages import render
from scoring.archive.services import ImportBusy, archive_import_run, archive_import_start
from scoring.models import (
    Activity,
    ActivitySource,
    ArchiveImport,
    NetworkState,
    ProfileState,
    SignalSource,
)
from tests.scoring.archive import generator as gen
from tests.scoring.archive.conftest import leftover_files

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


def upload(data: bytes, name: str = "Complete_LinkedInDataExport_12-16-2024.zip"):
    return SimpleUploadedFile(name, data, content_type="application/zip")


def start_and_run(user, data, name="Complete_LinkedInDataExport_12-16-2024.zip"):
    record = archive_import_start(user=user, files=[upload(data, name)])
    return archive_import_run(import_id=record.pk, today=TODAY)


def test_import_stores_activities_and_facts_and_deletes_the_upload(trainee, upload_dir):
    archive = gen.build_archive("2024")
    record = archive_import_start(user=trainee, files=[upload(archive.data, archive.name)])
    assert record.status == "queued"
    assert record.file.name.startswith("archive-imports/")
    assert archive.name not in record.file.name  # the user's name never becomes a path
    assert len(leftover_files(upload_dir)) == 1

    done = archive_import_run(import_id=record.pk, today=TODAY)

    assert done.status == "done"
    assert done.progress == 100
    assert not done.file
    assert leftover_files(upload_dir) == []
    total = sum(archive.truth["kinds"].values())
    assert done.activities_added == total
    assert Activity.objects.filter(user=trainee, source=ActivitySource.IMPORT).count() == total
    assert done.counts["connection"] == 60
    assert any(f["kind"] == "connections" and f["rows_used"] == 60 for f in done.files)
    profile = ProfileState.objects.get(user=trainee)
    assert profile.source == SignalSource.IMPORT
    assert profile.skills_count == 7
    assert profile.has_photo is False  # the archive does not say: left as it was
    network = NetworkState.objects.get(user=trainee)
    assert network.connections == 60
    assert float(network.acceptance_rate) == archive.truth["acceptance_rate"]
    assert done.reference_date == date(2024, 12, 16)


def test_the_same_archive_twice_adds_nothing(trainee):
    data = gen.build_archive("2026").data
    first = start_and_run(trainee, data)
    count = Activity.objects.filter(user=trainee).count()
    second = start_and_run(trainee, data)
    assert first.activities_added == count > 0
    assert second.status == "done"
    assert second.activities_added == 0
    assert Activity.objects.filter(user=trainee).count() == count


def test_an_older_then_a_newer_archive_adds_only_what_is_new(trainee):
    older = gen.build_archive("2021", export=date(2024, 3, 1)).data
    newer = gen.build_archive("2024", export=date(2024, 3, 1)).data
    first = start_and_run(trainee, older)
    second = start_and_run(trainee, newer)
    keys = Activity.objects.filter(user=trainee).values_list("external_key", flat=True)
    assert len(keys) == len(set(keys)) == first.activities_added + second.activities_added
    # The newer format adds files the old one lacked, but not the same connections again.
    assert Activity.objects.filter(user=trainee, kind="connection").count() == 60


def test_a_failure_while_writing_leaves_no_partial_data(trainee, upload_dir, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "network_state_update", broken)
    done = start_and_run(trainee, gen.build_archive("2024").data)
    assert done.status == "failed"
    assert done.error == {"code": "internal", "params": {}}
    assert not Activity.objects.filter(user=trainee).exists()
    assert not ProfileState.objects.filter(user=trainee).exists()
    assert leftover_files(upload_dir) == []


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (gen.truncated_zip(), "damaged_zip"),
        (gen.zip_bomb(8), "zip_bomb"),
        (gen.xlsx_bytes(), "excel_workbook"),
        (gen.garbage(), "damaged_zip"),
    ],
    ids=["truncated", "bomb", "xlsx", "garbage"],
)
def test_hostile_uploads_fail_cleanly(trainee, upload_dir, data, code):
    done = start_and_run(trainee, data)
    assert done.status == "failed"
    assert done.error["code"] == code
    assert not Activity.objects.filter(user=trainee).exists()
    assert leftover_files(upload_dir) == []


def test_a_timeout_fails_the_import(trainee, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def slow(*args, **kwargs):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(services, "parse_upload", slow)
    done = start_and_run(trainee, gen.build_archive("2024").data)
    assert done.status == "failed"
    assert done.error["code"] == "timeout"


def test_one_import_at_a_time(trainee, upload_dir):
    archive_import_start(user=trainee, files=[upload(b"PK whatever")])
    with pytest.raises(ImportBusy):
        archive_import_start(user=trainee, files=[upload(b"PK again")])
    assert len(leftover_files(upload_dir)) == 1


def test_upload_size_limit_comes_from_settings(trainee, settings, upload_dir):
    settings.ARCHIVE_IMPORT_MAX_UPLOAD_MB = 1
    with pytest.raises(ArchiveError) as caught:
        archive_import_start(user=trainee, files=[upload(b"x" * (1024 * 1024 + 1))])
    assert caught.value.notice.code == "too_large"
    assert not ArchiveImport.objects.exists()
    assert leftover_files(upload_dir) == []


def test_a_repeated_task_does_nothing(trainee):
    record = archive_import_start(user=trainee, files=[upload(gen.build_archive("2024").data)])
    assert archive_import_run(import_id=record.pk, today=TODAY).status == "done"
    assert archive_import_run(import_id=record.pk, today=TODAY) is None


def test_loose_csv_files_are_imported_together(trainee):
    files = gen.build_files("2024")
    uploads = [
        SimpleUploadedFile(name, files[name])
        for name in ("Connections.csv", "Profile.csv", "Skills.csv", "Invitations.csv")
    ]
    record = archive_import_start(user=trainee, files=uploads)
    done = archive_import_run(import_id=record.pk, today=TODAY)
    assert done.status == "done"
    assert NetworkState.objects.get(user=trainee).connections == 60
    assert ProfileState.objects.get(user=trainee).skills_count == 7


def test_target_market_comes_from_the_cohort_and_the_trainee(trainee, cohort):
    cohort.target_companies = "Acme S.p.A."
    cohort.save()
    trainee.target_keywords = "Insurance"
    trainee.save()
    market = services.target_market_for(trainee)
    assert market.companies == ("Acme S.p.A.",)
    assert market.keywords == ("Insurance",)
    start_and_run(trainee, gen.build_archive("2024").data)
    assert NetworkState.objects.get(user=trainee).target_market_share > 0


def test_the_estimate_recompute_is_queued_after_commit(trainee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start_and_run(trainee, gen.build_archive("2024").data)
    # The start enqueues the import; the state updates enqueue the recompute.
    assert len(callbacks) >= 2


def test_the_whole_chain_through_the_task(trainee, django_capture_on_commit_callbacks):
    """Upload -> on_commit -> Celery task (eager in tests) -> import done."""
    with django_capture_on_commit_callbacks(execute=True):
        record = archive_import_start(user=trainee, files=[upload(gen.build_archive("2021").data)])
    record.refresh_from_db()
    assert record.status == "done"
    assert record.activities_added > 0


def test_cleanup_fails_stuck_imports_and_deletes_leftover_files(trainee, other_trainee, upload_dir):
    # Queued for two hours: its message was lost.
    stuck = archive_import_start(user=trainee, files=[upload(b"PK stuck")])
    ArchiveImport.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=2))
    done = archive_import_start(user=other_trainee, files=[upload(b"PK done")])
    ArchiveImport.objects.filter(pk=done.pk).update(status="done")
    orphan = upload_dir / "orphan.upload"
    orphan.write_bytes(b"left behind")
    old = (timezone.now() - timedelta(hours=3)).timestamp()
    import os

    os.utime(orphan, (old, old))
    fresh = upload_dir / "fresh.upload"
    fresh.write_bytes(b"being uploaded right now")

    outcome = services.archive_imports_cleanup()

    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert stuck.error["code"] == "stuck"
    assert outcome["failed"] == 1
    # The stuck import's file, the done import's file and the old orphan are gone.
    assert leftover_files(upload_dir) == ["fresh.upload"]
    assert services.archive_imports_cleanup() == {"requeued": 0, "failed": 0, "deleted": 0}


def test_cleanup_command(trainee, upload_dir):
    from io import StringIO

    from django.core.management import call_command

    record = archive_import_start(user=trainee, files=[upload(b"PK old")])
    ArchiveImport.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    out = StringIO()
    call_command("archive_imports_cleanup", stdout=out)
    assert out.getvalue().strip() == (
        "0 interrupted import(s) queued again, 1 stuck import(s) failed, 1 file(s) deleted."
    )
    assert leftover_files(upload_dir) == []


# --- A worker that dies: the lease -------------------------------------------------------


def died_while_running(user, data, *, ago: timedelta, attempts: int = 1) -> ArchiveImport:
    """An import whose worker was killed ``ago`` after claiming it."""
    record = archive_import_start(user=user, files=[upload(data)])
    claimed = timezone.now() - ago
    ArchiveImport.objects.filter(pk=record.pk).update(
        status="running", progress=95, attempts=attempts, claimed_at=claimed, started_at=claimed
    )
    record.refresh_from_db()
    return record


def lease() -> timedelta:
    from scoring.models import archive_import_lease

    return archive_import_lease()


def test_the_lease_is_the_tasks_hard_time_limit(settings):
    from scoring.archive.tasks import archive_import_task

    assert lease() == timedelta(seconds=archive_import_task.time_limit)
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 10**9) > (
        archive_import_task.time_limit
    )


def test_a_dead_import_is_claimed_again_once_its_lease_is_over(trainee, upload_dir):
    record = died_while_running(
        trainee, gen.build_archive("2024").data, ago=lease() + timedelta(seconds=1)
    )
    assert leftover_files(upload_dir) != []  # kept while the import has not ended

    done = archive_import_run(import_id=record.pk, today=TODAY)

    assert done.status == "done"
    assert done.attempts == 2
    assert done.activities_added == Activity.objects.filter(user=trainee).count() > 0
    assert leftover_files(upload_dir) == []


def test_a_live_attempt_is_left_alone(trainee, upload_dir):
    record = died_while_running(trainee, b"PK", ago=timedelta(seconds=10))
    with pytest.raises(services.ImportLeased) as held:
        archive_import_run(import_id=record.pk, today=TODAY)
    assert lease().total_seconds() - 11 <= held.value.retry_in <= lease().total_seconds() - 9
    record.refresh_from_db()
    assert (record.status, record.attempts) == ("running", 1)
    assert len(leftover_files(upload_dir)) == 1


def test_attempts_are_bounded(trainee, upload_dir, settings):
    settings.ARCHIVE_IMPORT_MAX_ATTEMPTS = 3
    record = died_while_running(
        trainee, gen.build_archive("2024").data, ago=lease() * 2, attempts=3
    )
    assert archive_import_run(import_id=record.pk, today=TODAY) is None
    record.refresh_from_db()
    assert record.status == "failed"
    assert record.error == {"code": "interrupted", "params": {"attempts": 3}}
    assert "interrupted 3 times" in services.Notice("interrupted", {"attempts": 3}).text()
    assert not Activity.objects.filter(user=trainee).exists()
    assert leftover_files(upload_dir) == []


def test_an_attempt_that_lost_its_lease_stores_nothing(trainee, upload_dir, monkeypatch):
    """A late writer (its import was taken over meanwhile) is fenced by the attempt."""
    record = archive_import_start(user=trainee, files=[upload(gen.build_archive("2024").data)])
    real_parse = services.parse_upload

    def parse_then_lose_the_lease(*args, **kwargs):
        result = real_parse(*args, **kwargs)
        ArchiveImport.objects.filter(pk=record.pk).update(attempts=2)  # taken over
        return result

    monkeypatch.setattr(services, "parse_upload", parse_then_lose_the_lease)
    assert archive_import_run(import_id=record.pk, today=TODAY) is None
    record.refresh_from_db()
    assert (record.status, record.attempts) == ("running", 2)
    assert not Activity.objects.filter(user=trainee).exists()
    # The upload belongs to the attempt that took over.
    assert len(leftover_files(upload_dir)) == 1


def test_the_upload_is_kept_when_the_end_cannot_be_written(trainee, upload_dir, monkeypatch):
    from django.db import OperationalError

    record = archive_import_start(user=trainee, files=[upload(gen.build_archive("2024").data)])

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(services, "_end", database_gone)
    with pytest.raises(OperationalError):
        archive_import_run(import_id=record.pk, today=TODAY)
    # Still running: the next attempt (after the lease) needs the upload.
    assert len(leftover_files(upload_dir)) == 1


def test_a_dead_import_is_replaced_by_a_new_upload_at_once(
    trainee, upload_dir, django_capture_on_commit_callbacks
):
    dead = died_while_running(trainee, b"PK dead", ago=lease() + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        new = archive_import_start(user=trainee, files=[upload(gen.build_archive("2024").data)])
    dead.refresh_from_db()
    assert dead.status == "failed"
    assert dead.error["code"] == "replaced"
    # The new import ran (eagerly, after the commit); no upload is left of either.
    assert ArchiveImport.objects.get(pk=new.pk).status == "done"
    assert leftover_files(upload_dir) == []


def test_a_live_import_still_refuses_a_new_upload(trainee, upload_dir):
    died_while_running(trainee, b"PK", ago=lease() - timedelta(seconds=5))
    with pytest.raises(ImportBusy):
        archive_import_start(user=trainee, files=[upload(b"PK new")])
    assert ArchiveImport.objects.count() == 1


def test_cleanup_requeues_dead_imports_and_fails_exhausted_ones(
    trainee, other_trainee, upload_dir, settings, monkeypatch
):
    from scoring.archive import tasks

    settings.ARCHIVE_IMPORT_MAX_ATTEMPTS = 2
    queued = []
    monkeypatch.setattr(tasks.archive_import_task, "delay", lambda pk: queued.append(pk))
    dead = died_while_running(trainee, b"PK", ago=lease() * 2, attempts=1)
    exhausted = died_while_running(other_trainee, b"PK", ago=lease() * 2, attempts=2)

    outcome = services.archive_imports_cleanup()

    assert outcome == {"requeued": 1, "failed": 1, "deleted": 1}
    assert queued == [dead.pk]
    exhausted.refresh_from_db()
    assert exhausted.status == "failed"
    assert exhausted.error["code"] == "interrupted"
    # The requeued import keeps its upload for the next attempt.
    assert leftover_files(upload_dir) == [dead.file.name.rsplit("/", 1)[-1]]


def test_the_task_waits_for_a_live_lease_a_bounded_number_of_times(monkeypatch):
    from celery.exceptions import Retry

    from scoring.archive import tasks

    def held(**kwargs):
        raise services.ImportLeased(42.0)

    monkeypatch.setattr(services, "archive_import_run", held)
    task = tasks.archive_import_task
    with pytest.raises(Retry):
        task(1)
    task.push_request(retries=task.max_retries)
    try:
        # Out of retries: it gives up, and housekeeping takes the import over.
        assert task.run(1) is None
    finally:
        task.pop_request()


def test_the_task_has_a_time_limit():
    from scoring.archive.tasks import archive_import_task

    assert archive_import_task.soft_time_limit == 600
    assert archive_import_task.time_limit > archive_import_task.soft_time_limit


def test_the_worker_finds_the_archive_tasks():
    """Autodiscovery imports scoring.tasks only; the archive's tasks must be reachable.

    Checked in a fresh interpreter, as a worker starts: in this process other tests have
    imported the tasks module already.
    """
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup()\n"
        "from config.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print(sorted(n for n in app.tasks if n.startswith('scoring.archive')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    ).stdout
    assert "scoring.archive.tasks.archive_import_task" in out
    assert "scoring.archive.tasks.archive_imports_cleanup_task" in out


def test_one_import_enqueues_one_recompute(trainee, upload_dir, monkeypatch):
    from scoring import tasks

    calls = []
    monkeypatch.setattr(
        tasks.estimates_recompute_task, "delay_on_commit", lambda *args: calls.append(args)
    )
    start_and_run(trainee, gen.build_archive("2024").data)
    assert calls == [([trainee.pk], None)]


def test_more_of_a_kind_in_a_day_than_anyone_does_is_capped_and_said(trainee):
    from scoring.models import DAILY_CEILINGS

    ceiling = DAILY_CEILINGS["comment"]
    lines = ["Date,Link,Message"]
    post = "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A"
    # One day with 50 comments past the ceiling, another day with three.
    for n in range(ceiling + 50):
        lines.append(f"2026-11-20 10:{n % 60:02d}:00,{post}{9100000 + n},Comment {n}")
    for n in range(3):
        lines.append(f"2026-11-21 09:0{n}:00,{post}{9200000 + n},Other {n}")
    data = gen.zip_bytes({"Comments.csv": ("\n".join(lines) + "\n").encode()})
    record = start_and_run(trainee, data)
    assert record.status == "done"
    comments = Activity.objects.filter(user=trainee, kind="comment")
    assert comments.filter(occurred_on=date(2026, 11, 20)).count() == ceiling
    assert comments.filter(occurred_on=date(2026, 11, 21)).count() == 3
    warning = next(w for w in record.warnings if w["code"] == "rows_over_daily_ceiling")
    assert warning["params"]["count"] == 50
    text = render(warning["code"], warning["params"])
    assert text.startswith("50 items were not counted") and f"({ceiling} a day)" in text
