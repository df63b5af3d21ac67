"""The audit log: one entry per coach's or staff's action on a trainee's records, none for
the trainee's own, written in the change's transaction, read-only in the admin."""

import json
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from coaching import services as coaching_services
from coaching.models import Outcome
from privacy import audit
from privacy.models import AuditAction, AuditEntry
from scoring import services as scoring_services
from scoring.models import Activity
from tests.factories import UserFactory
from tests.scoring.factories import SnapshotFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _only_entry(**expected):
    (entry,) = AuditEntry.objects.all()
    for name, value in expected.items():
        assert getattr(entry, name) == value, name
    return entry


def test_a_note_written_and_deleted_by_the_coach(coach, trainee, cohort):
    note = coaching_services.note_create(author=coach, trainee=trainee, body="Call on Monday")
    entry = _only_entry(
        action=AuditAction.NOTE_CREATE,
        actor=coach,
        actor_label=coach.email,
        actor_role="coach",
        trainee=trainee,
        trainee_ref=trainee.pk,
        cohort=cohort,
        object_type="coaching.coachnote",
        object_id=str(note.pk),
    )
    assert entry.changes == {"visibility": [None, "private"], "body": [None, "Call on Monday"]}
    coaching_services.note_delete(note=note, actor=coach)
    deleted = AuditEntry.objects.get(action=AuditAction.NOTE_DELETE)
    assert deleted.changes["body"] == ["Call on Monday", None]
    assert AuditEntry.objects.count() == 2


def test_a_task_assigned_to_a_cohort_writes_one_entry_per_trainee(coach, trainee, cohort, frozen):
    mate = UserFactory()
    cohort.memberships.create(user=mate)
    tasks = coaching_services.coach_task_add_to_cohort(
        coach=coach,
        cohort=cohort,
        title="Comment on three posts",
        howto="",
        pillar="insights",
        factor="comments_28d",
        minutes=15,
        due_date=TODAY,
    )
    entries = AuditEntry.objects.filter(action=AuditAction.TASK_ASSIGN)
    assert sorted(e.trainee_ref for e in entries) == sorted([trainee.pk, mate.pk])
    assert sorted(e.object_id for e in entries) == sorted(str(t.pk) for t in tasks)
    assert entries[0].changes["title"] == [None, "Comment on three posts"]
    assert AuditEntry.objects.count() == 2


def test_a_target_set_by_the_coach_is_logged_with_before_and_after(coach, trainee, frozen):
    coaching_services.target_set(
        actor=coach, trainee=trainee, target_ssi=75, target_date=date(2027, 3, 1)
    )
    entry = _only_entry(action=AuditAction.TARGET_SET, trainee=trainee)
    assert entry.changes == {"target_ssi": [None, 75], "target_date": [None, "2027-03-01"]}


def test_the_trainees_own_actions_are_not_logged(trainee, frozen):
    coaching_services.target_set(actor=trainee, trainee=trainee, target_ssi=80, target_date=None)
    plan = coaching_services.plan_generate(user=trainee, today=TODAY)
    task = plan.tasks.filter(due_date=TODAY).first()
    coaching_services.task_complete(task=task, actor=trainee, today=TODAY)
    coaching_services.outcome_record(
        user=trainee,
        week_start=plan.week_start,
        meetings_booked=1,
        opportunities_created=0,
        deals_won=0,
    )
    with transaction.atomic():
        assert audit.record(actor=trainee, action=AuditAction.TARGET_SET, trainee=trainee) is None
    assert not AuditEntry.objects.exists()


def test_a_strategy_override_and_a_cohort_default(coach, trainee, cohort):
    coaching_services.strategy_set(actor=coach, cohort=cohort, strategy="weakest", trainee=trainee)
    override = _only_entry(action=AuditAction.STRATEGY_SET, trainee=trainee)
    assert override.changes == {"plan_strategy": ["", "weakest"]}
    coaching_services.strategy_set(actor=coach, cohort=cohort, strategy="efficient")
    default = AuditEntry.objects.exclude(pk=override.pk).get()
    assert (default.trainee_ref, default.cohort) == (None, cohort)
    assert default.changes == {"plan_strategy": ["strongest", "efficient"]}


def test_verifying_and_withdrawing_an_ssi_entry(coach, trainee, frozen):
    snapshot = SnapshotFactory(user=trainee, date=TODAY)
    scoring_services.snapshot_verify(snapshot=snapshot, coach=coach)
    verified = _only_entry(action=AuditAction.SNAPSHOT_VERIFY, trainee=trainee)
    assert verified.changes["verified_by"] == [None, coach.pk]
    scoring_services.snapshot_verify(snapshot=snapshot, coach=coach, verified=False)
    withdrawn = AuditEntry.objects.get(action=AuditAction.SNAPSHOT_UNVERIFY)
    assert withdrawn.changes["verified_by"] == [coach.pk, None]
    assert AuditEntry.objects.count() == 2


def test_a_refused_action_writes_nothing(other_coach, trainee):
    with pytest.raises(PermissionDenied):
        coaching_services.note_create(author=other_coach, trainee=trainee, body="not mine")
    assert not AuditEntry.objects.exists()


def test_staff_acting_through_the_services_are_logged_as_staff(staff, trainee, cohort):
    coaching_services.note_create(author=staff, trainee=trainee, body="From the office")
    _only_entry(action=AuditAction.NOTE_CREATE, actor_role="staff", actor=staff)


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_the_changes_transaction(coach, trainee):
    with pytest.raises(RuntimeError):
        audit.record(actor=coach, action=AuditAction.NOTE_CREATE, trainee=trainee)
    assert not AuditEntry.objects.exists()


def test_an_entry_rolls_back_with_its_change(coach, trainee):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        coaching_services.note_create(author=coach, trainee=trainee, body="then it failed")
        1 / 0  # noqa: B018
    assert not AuditEntry.objects.exists()


# --- The admin ----------------------------------------------------------------------------


def test_an_admin_change_to_a_trainees_record_logs_its_before_and_after(
    client_for, staff, trainee, frozen
):
    outcome = Outcome.objects.create(user=trainee, week_start=date(2026, 11, 23), meetings_booked=1)
    response = client_for(staff).post(
        reverse("admin:coaching_outcome_change", args=[outcome.pk]),
        {
            "user": trainee.pk,
            "week_start": "2026-11-23",
            "meetings_booked": 4,
            "opportunities_created": 0,
            "deals_won": 0,
        },
    )
    assert response.status_code == 302
    entry = _only_entry(action=AuditAction.ADMIN_CHANGE, actor=staff, actor_role="staff")
    assert entry.changes == {"meetings_booked": [1, 4]}
    assert entry.object_type == "coaching.outcome"


def test_an_admin_addition_and_deletion(client_for, staff, trainee, frozen):
    web = client_for(staff)
    response = web.post(
        reverse("admin:scoring_activity_add"),
        {
            "user": trainee.pk,
            "kind": "post",
            "occurred_on": TODAY.isoformat(),
            "count": 2,
            "words": "",
            "counterpart": "",
            "note": "",
            "source": "manual",
            "external_key": "",
        },
    )
    assert response.status_code == 302, response.content
    activity = Activity.objects.get(user=trainee)
    added = _only_entry(action=AuditAction.ADMIN_ADD, object_id=str(activity.pk))
    assert added.changes["count"] == [None, 2]
    web.post(reverse("admin:scoring_activity_delete", args=[activity.pk]), {"post": "yes"})
    assert not Activity.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.ADMIN_DELETE).count() == 1
    assert AuditEntry.objects.count() == 2


def test_an_admin_change_to_the_trainee_themselves(client_for, staff, trainee):
    trainee.date_joined = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    trainee.save()
    web = client_for(staff)
    url = reverse("admin:accounts_user_change", args=[trainee.pk])
    form = web.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name == "password":
            continue
        if name == "working_days":
            data[name] = json.dumps(value)
        elif isinstance(value, list):
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    data["last_login_0"] = data["last_login_1"] = ""
    # The admin shows times in the staff member's own zone (Rome: UTC+1 in January).
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "10:00:00"
    data["first_name"] = "Christina"
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = web.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = _only_entry(action=AuditAction.ADMIN_CHANGE, trainee=trainee)
    assert entry.changes == {"first_name": ["Tina", "Christina"]}


def test_staff_read_the_log_with_filters_and_cannot_edit_it(client_for, staff, coach, trainee):
    note = coaching_services.note_create(author=coach, trainee=trainee, body="x")
    coaching_services.note_delete(note=note, actor=coach)
    web = client_for(staff)
    changelist = reverse("admin:privacy_auditentry_changelist")
    page = web.get(changelist, {"action": AuditAction.NOTE_DELETE})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert web.get(changelist, {"actor_role": "staff"}).context["cl"].result_count == 0
    entry = AuditEntry.objects.first()
    assert web.get(reverse("admin:privacy_auditentry_add")).status_code == 403
    change = web.post(
        reverse("admin:privacy_auditentry_change", args=[entry.pk]), {"actor_label": "forged"}
    )
    assert change.status_code == 403
    assert (
        web.post(
            reverse("admin:privacy_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.count() == 2


def test_coaches_and_trainees_cannot_read_the_log(client_for, coach, trainee):
    for user in (coach, trainee):
        response = client_for(user).get(reverse("admin:privacy_auditentry_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_setting_a_trainees_password_logs_that_it_changed_not_the_value(
    client_for, staff, trainee
):
    response = client_for(staff).post(
        reverse("admin:auth_user_password_change", args=[trainee.pk]),
        {
            "password1": "A-new-secret-9!",
            "password2": "A-new-secret-9!",
            "set_usable_password": "true",
        },
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password("A-new-secret-9!")
    entry = _only_entry(action=AuditAction.ADMIN_CHANGE, trainee=trainee, actor=staff)
    assert entry.changes == {"password": ["(changed)", "(changed)"]}


def test_a_trainee_added_in_the_admin_never_puts_the_password_in_the_log(client_for, staff):
    response = client_for(staff).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.trainee@example.com",
            "first_name": "Nina",
            "last_name": "New",
            "role": "trainee",
            "usable_password": "true",
            "password1": "Plain-secret-42!",
            "password2": "Plain-secret-42!",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = _only_entry(action=AuditAction.ADMIN_ADD, actor=staff)
    assert entry.trainee.email == "new.trainee@example.com"
    assert "Plain-secret-42!" not in json.dumps(entry.changes)
    assert entry.changes["password1"] == [None, "(changed)"]
