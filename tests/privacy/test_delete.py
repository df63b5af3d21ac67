"""Deleting a trainee's account: their data and uploads go, the cohort's numbers stay right."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from coaching import services as coaching_services
from coaching.models import CoachNote, Notification, Plan, Task
from privacy import services
from privacy.models import AuditAction, AuditEntry
from scoring import services as scoring_services
from scoring.models import Activity, ArchiveImport, CohortDay, Estimate, SsiSnapshot
from tests.factories import PASSWORD, UserFactory
from tests.scoring.factories import ActivityFactory, SnapshotFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db
User = get_user_model()
YESTERDAY = TODAY - timedelta(days=1)


def _snapshot(user, day, total):
    quarter = Decimal(total) / 4
    return SnapshotFactory(
        user=user,
        date=day,
        brand=quarter,
        people=quarter,
        insights=quarter,
        relationships=quarter,
        total=Decimal(total),
    )


@pytest.fixture
def team(cohort, trainee, frozen):
    """The trainee and two cohort mates: on TODAY the trainee and one mate drop, the other
    rises, so that 2 of 3 dropped (a shared drop at the cohort's 60 %)."""
    mates = [UserFactory(email=f"mate{i}@example.com") for i in (1, 2)]
    for mate in mates:
        cohort.memberships.create(user=mate)
    for user, before, after in ((trainee, 60, 50), (mates[0], 40, 38), (mates[1], 30, 34)):
        _snapshot(user, YESTERDAY, before)
        _snapshot(user, TODAY, after)
    scoring_services.cohort_days_recompute(cohort=cohort, days=[YESTERDAY, TODAY])
    return mates


@pytest.fixture
def upload(trainee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = ArchiveImport.objects.create(user=trainee, original_name="archive.zip")
    record.file.save("upload", ContentFile(b"PK fake archive"), save=True)
    assert default_storage.exists(record.file.name)
    return record.file.name


def _cohort_days(cohort):
    return [
        model_to_dict(day, exclude=["id", "computed_at"])
        for day in CohortDay.objects.filter(cohort=cohort).order_by("date")
    ]


def test_the_cohort_days_are_those_of_the_remaining_trainees(cohort, trainee, team):
    today = CohortDay.objects.get(cohort=cohort, date=TODAY)
    assert (today.trainees, today.dropped, today.shared_drop) == (3, 2, True)

    result = services.account_delete(user=trainee, actor=trainee)

    today.refresh_from_db()
    assert (today.trainees, today.compared, today.dropped) == (2, 2, 1)
    assert today.shared_drop is False  # one of two dropped: under the cohort's 60 %
    assert today.total == pytest.approx((38 + 34) / 2)
    assert CohortDay.objects.get(cohort=cohort, date=YESTERDAY).total == pytest.approx(35)
    assert result.cohorts == 1
    # The same rows as computing every day again from scratch.
    kept = _cohort_days(cohort)
    CohortDay.objects.all().delete()
    scoring_services.cohort_days_recompute(cohort=cohort, days=[YESTERDAY, TODAY])
    assert _cohort_days(cohort) == kept


def test_a_day_only_the_trainee_had_disappears(cohort, trainee, frozen):
    _snapshot(trainee, TODAY, 50)
    scoring_services.cohort_days_recompute(cohort=cohort, days=[TODAY])
    assert CohortDay.objects.filter(cohort=cohort).exists()
    services.account_delete(user=trainee, actor=trainee)
    assert not CohortDay.objects.filter(cohort=cohort).exists()


def test_everything_of_the_trainee_goes_and_nothing_of_others(
    trainee, other_trainee, coach, cohort, frozen
):
    for user in (trainee, other_trainee):
        _snapshot(user, TODAY, 50)
        ActivityFactory(user=user, occurred_on=TODAY)
        scoring_services.estimates_recompute(users=[user], today=TODAY)
        coaching_services.plan_generate(user=user, today=TODAY)
        Notification.objects.create(user=user, kind="ssi_prompt", period_key="2026-W48")
    coaching_services.note_create(author=coach, trainee=trainee, body="about her")
    Invitation.objects.create(
        cohort=cohort, email=trainee.email, expires_at=timezone.now(), accepted_user=trainee
    )
    services.account_delete(user=trainee, actor=trainee)

    assert not User.objects.filter(pk=trainee.pk).exists()
    for model in (SsiSnapshot, Activity, Estimate, Plan, Task, Notification):
        assert not model.objects.filter(user_id=trainee.pk).exists(), model
        assert model.objects.filter(user=other_trainee).exists(), model
    assert not CoachNote.objects.filter(trainee_id=trainee.pk).exists()
    assert not Invitation.objects.filter(email=trainee.email).exists()


def test_uploads_leave_the_storage_once_the_deletion_commits(
    trainee, upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.account_delete(user=trainee, actor=trainee)
    assert result.files == 1
    assert not default_storage.exists(upload)


def test_uploads_leave_an_s3_store_too(trainee, settings, django_capture_on_commit_callbacks):
    """STORAGE_BACKEND=s3: the same deletion against an S3 API (moto, in process)."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="uploads")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "uploads",
                    "region_name": "us-east-1",
                    "access_key": "testing",
                    "secret_key": "testing",
                    "file_overwrite": False,
                },
            },
        }
        record = ArchiveImport.objects.create(user=trainee, original_name="archive.zip")
        record.file.save("upload", ContentFile(b"PK fake archive"), save=True)
        listing = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket="uploads")
        assert [o["Key"] for o in listing["Contents"]] == [record.file.name]

        with django_capture_on_commit_callbacks(execute=True):
            services.account_delete(user=trainee, actor=trainee)

        listing = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket="uploads")
        assert listing.get("Contents", []) == []


def test_a_rolled_back_deletion_leaves_the_uploads(trainee, upload, monkeypatch, frozen):
    _snapshot(trainee, TODAY, 50)

    def broken(*args, **kwargs):
        raise RuntimeError("database said no")

    monkeypatch.setattr(services, "cohort_days_recompute", broken)
    with pytest.raises(RuntimeError):
        services.account_delete(user=trainee, actor=trainee)
    assert User.objects.filter(pk=trainee.pk).exists()
    assert default_storage.exists(upload)


def test_the_page_warns_in_english_and_italian(client_for, trainee):
    web = client_for(trainee)
    english = web.get(reverse("privacy:delete")).content.decode()
    assert "This cannot be undone." in english
    assert "your SSI history" in english
    trainee.language = "it"
    trainee.save()
    italian = web.get(reverse("privacy:delete")).content.decode()
    assert "Non si può annullare." in italian


def test_a_wrong_password_deletes_nothing(client_for, trainee):
    response = client_for(trainee).post(
        reverse("privacy:delete"), {"password": "not-it", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=trainee.pk).exists()


def test_without_the_confirmation_nothing_is_deleted(client_for, trainee):
    client_for(trainee).post(reverse("privacy:delete"), {"password": PASSWORD})
    assert User.objects.filter(pk=trainee.pk).exists()


def test_the_trainee_deletes_their_account_and_can_no_longer_log_in(client_for, trainee, client):
    response = client_for(trainee).post(
        reverse("privacy:delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("privacy:deleted")
    assert not User.objects.filter(pk=trainee.pk).exists()
    assert client.get(reverse("accounts:dashboard")).status_code == 302  # logged out
    login = client.post(reverse("login"), {"username": trainee.email, "password": PASSWORD})
    assert login.status_code == 200  # the form again, with its error; no redirect
    assert "_auth_user_id" not in client.session
    # Their own deletion is not a coach's or staff's action.
    assert not AuditEntry.objects.exists()


def test_another_trainee_can_delete_only_themselves(client_for, trainee, other_trainee):
    """There is no id to aim at: whatever is posted, the account deleted is the poster's."""
    client_for(other_trainee).post(
        reverse("privacy:delete"),
        {"password": PASSWORD, "confirm": "on", "user": trainee.pk, "trainee_id": trainee.pk},
    )
    assert User.objects.filter(pk=trainee.pk).exists()
    assert not User.objects.filter(pk=other_trainee.pk).exists()


def test_a_coach_cannot_delete_a_trainee(client_for, coach, trainee):
    with pytest.raises(PermissionDenied):
        services.account_delete(user=trainee, actor=coach)
    web = client_for(coach)
    assert (
        web.post(reverse("privacy:delete"), {"password": PASSWORD, "confirm": "on"}).status_code
        == 404
    )
    assert web.get(reverse("privacy:delete")).status_code == 404
    response = web.post(reverse("admin:accounts_user_delete", args=[trainee.pk]), {"post": "yes"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert User.objects.filter(pk=trainee.pk).exists()
    assert User.objects.filter(pk=coach.pk).exists()


def test_another_trainee_cannot_delete_the_trainee_through_the_service(trainee, other_trainee):
    with pytest.raises(PermissionDenied):
        services.account_delete(user=trainee, actor=other_trainee)
    assert User.objects.filter(pk=trainee.pk).exists()


def test_staff_delete_a_trainee_in_the_admin_with_the_same_effect(
    client_for, staff, cohort, trainee, team, upload, django_capture_on_commit_callbacks
):
    web = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(
            reverse("admin:accounts_user_delete", args=[trainee.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not User.objects.filter(pk=trainee.pk).exists()
    assert not default_storage.exists(upload)
    assert CohortDay.objects.get(cohort=cohort, date=TODAY).shared_drop is False
    (entry,) = AuditEntry.objects.all()
    assert (entry.action, entry.actor, entry.actor_role) == (
        AuditAction.ACCOUNT_DELETE,
        staff,
        "staff",
    )
    assert entry.trainee is None and entry.trainee_ref == trainee.pk


def test_staff_bulk_delete_goes_through_the_same_service(client_for, staff, cohort, trainee, team):
    web = client_for(staff)
    ids = [trainee.pk, team[0].pk]
    response = web.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=ids).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ACCOUNT_DELETE).count() == 2
    today = CohortDay.objects.get(cohort=cohort, date=TODAY)
    assert (today.trainees, today.total) == (1, 34)


def test_audit_entries_about_a_deleted_trainee_lose_their_values(coach, trainee):
    coaching_services.note_create(author=coach, trainee=trainee, body="her private matters")
    services.account_delete(user=trainee, actor=trainee)
    (entry,) = AuditEntry.objects.all()
    assert entry.action == AuditAction.NOTE_CREATE and entry.actor == coach
    assert entry.redacted and entry.changes == {} and entry.trainee_ref == trainee.pk
