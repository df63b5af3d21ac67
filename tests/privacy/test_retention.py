"""Raw activity older than ACTIVITY_RETENTION_MONTHS is pruned; no estimate changes."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from config.celery import app
from privacy import checks, services, tasks
from scoring import services as scoring_services
from scoring.models import Activity, Estimate
from scoring.selectors import calibration_rows, months_before
from tests.scoring.factories import ActivityFactory, SnapshotFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(settings, trainee, frozen):
    """12 months kept: the cut-off is 2025-11-25; five rows before it, two on and after."""
    settings.ACTIVITY_RETENTION_MONTHS = 12
    old = [
        ActivityFactory(user=trainee, occurred_on=date(2025, 11, 24) - timedelta(days=d))
        for d in range(5)
    ]
    kept = [
        ActivityFactory(user=trainee, occurred_on=date(2025, 11, 25)),
        ActivityFactory(user=trainee, occurred_on=TODAY),
    ]
    return old, kept


def test_rows_older_than_the_retention_go_in_chunks_and_the_rest_stay(year):
    _old, kept = year
    assert services.activities_prune(today=TODAY, chunk_size=2) == 5
    assert sorted(Activity.objects.values_list("pk", flat=True)) == sorted(a.pk for a in kept)


def test_a_dry_run_only_counts(year):
    assert services.activities_prune(today=TODAY, dry_run=True) == 5
    assert Activity.objects.count() == 7


def test_zero_keeps_everything(year, settings):
    settings.ACTIVITY_RETENTION_MONTHS = 0
    assert services.activities_prune(today=TODAY) == 0
    assert Activity.objects.count() == 7


def test_the_cutoff_moves_with_the_clock(year, frozen):
    frozen.shift(timedelta(days=1))
    assert tasks.activities_prune_task() == 6  # the beat's task: 2025-11-25 is now too old
    assert list(Activity.objects.values_list("occurred_on", flat=True)) == [TODAY]


def test_the_command_dry_runs_and_prunes(year):
    out = StringIO()
    call_command("activities_prune", "--dry-run", "--now", "2026-11-25T09:00:00Z", stdout=out)
    assert out.getvalue().strip() == "5 activities would be deleted."
    assert Activity.objects.count() == 7
    call_command("activities_prune", "--chunk", "3", stdout=out)
    assert Activity.objects.count() == 2


def test_the_job_is_on_the_beat():
    entry = app.conf.beat_schedule["activities-prune"]
    assert entry["task"] == tasks.activities_prune_task.name
    assert entry["options"]["expires"] > 0


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 25), 12, date(2025, 11, 25)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 7, date(2025, 6, 15)),
        (date(2026, 12, 31), 24, date(2024, 12, 31)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_a_retention_shorter_than_the_engine_reads_is_refused(settings):
    least = checks.minimum_retention_months()
    # The long window (90 days) of the oldest day the calibration recomputes (89 back).
    assert least * checks.MONTH_MIN_DAYS >= scoring_services.ACTIVITY_REACH_DAYS == 179
    settings.ACTIVITY_RETENTION_MONTHS = least - 1
    assert [e.id for e in checks.retention_covers_the_engine()] == ["privacy.E001"]
    settings.ACTIVITY_RETENTION_MONTHS = 5  # 153 days: short of the reach on any date
    with pytest.raises(ValueError):
        services.activities_prune(today=TODAY)
    for fine in (0, least, 24):
        settings.ACTIVITY_RETENTION_MONTHS = fine
        assert checks.retention_covers_the_engine() == []


def _numbers(estimates):
    return {
        (e.user_id, e.date): (e.total, e.brand, e.people, e.insights, e.relationships)
        for e in estimates
    }


def test_estimates_do_not_change_when_old_raw_rows_go(settings, trainee, frozen):
    """The shortest retention allowed: every estimate the platform may compute again (today
    and the calibration's 90 days back) comes out the same after the prune, and the
    estimates stored for older days are untouched."""
    settings.ACTIVITY_RETENTION_MONTHS = checks.minimum_retention_months()
    kinds = ["post", "comment", "reaction", "article", "connection", "invitation_sent"]
    for back in range(0, 420, 5):
        kind = kinds[(back // 5) % len(kinds)]
        ActivityFactory(user=trainee, occurred_on=TODAY - timedelta(days=back), kind=kind)
    old_day = TODAY - timedelta(days=400)
    (stored_old,) = scoring_services.estimates_recompute(users=[trainee], today=old_day)
    days = [TODAY - timedelta(days=d) for d in range(scoring_services.CALIBRATION_BACKFILL_DAYS)]
    before = {}
    for day in days:
        before |= _numbers(scoring_services.estimates_recompute(users=[trainee], today=day))

    assert services.activities_prune(today=TODAY) > 0
    assert not Activity.objects.filter(
        occurred_on__lt=months_before(TODAY, settings.ACTIVITY_RETENTION_MONTHS)
    ).exists()

    after = {}
    for day in days:
        after |= _numbers(scoring_services.estimates_recompute(users=[trainee], today=day))
    assert after == before
    assert Estimate.objects.get(pk=stored_old.pk).total == stored_old.total

    # The check has teeth: cutting inside the reach does change a recomputed estimate.
    Activity.objects.filter(occurred_on__lt=TODAY - timedelta(days=120)).delete()
    shorter = {}
    for day in days:
        shorter |= _numbers(scoring_services.estimates_recompute(users=[trainee], today=day))
    assert shorter != before


def test_calibration_leaves_out_days_whose_window_lost_rows(settings, trainee, frozen):
    settings.ACTIVITY_RETENTION_MONTHS = 12
    kept_since = months_before(TODAY, 12)
    complete = kept_since + timedelta(days=89)
    for day in (complete - timedelta(days=1), complete, TODAY):
        SnapshotFactory(user=trainee, date=day)
    assert [row.day for row in calibration_rows([trainee.pk], until=TODAY)] == [complete, TODAY]
    settings.ACTIVITY_RETENTION_MONTHS = 0
    assert len(calibration_rows([trainee.pk], until=TODAY)) == 3


def test_an_archive_import_leaves_out_what_retention_would_prune(settings, trainee, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from scoring.archive.services import archive_import_run, archive_import_start
    from tests.scoring.archive import generator as gen

    settings.MEDIA_ROOT = tmp_path
    settings.ACTIVITY_RETENTION_MONTHS = 12
    archive = gen.build_archive("2024")
    today = date(2025, 6, 1)
    since = months_before(today, 12)
    record = archive_import_start(
        user=trainee, files=[SimpleUploadedFile(archive.name, archive.data)]
    )
    done = archive_import_run(import_id=record.pk, today=today)
    assert done.status == "done"
    stored = Activity.objects.filter(user=trainee)
    assert stored.exists() and not stored.filter(occurred_on__lt=since).exists()
    assert done.activities_added == stored.count()
    (notice,) = [w for w in done.warnings if w["code"] == "rows_past_retention"]
    assert notice["params"]["since"] == since.isoformat() and notice["params"]["count"] > 0
