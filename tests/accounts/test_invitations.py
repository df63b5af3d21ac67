"""Invitations: single and bulk from CSV, e-mail, acceptance, expiry, revocation, reuse."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(cohort, staff, django_capture_on_commit_callbacks):
    def make(email="new.person@example.com", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitation_create(
                cohort=cohort, email=email, invited_by=staff, **kwargs
            )

    return make


def link_from(message) -> str:
    return re.search(r"https?://[^/\s]+(/invite/[^/\s]+/)", message.body).group(1)


def test_invitation_is_emailed_with_a_signed_link(invite, cohort):
    invitation = invite(first_name="Nina")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.com"]
    assert cohort.name in message.subject
    assert "Hello Nina" in message.body
    token = link_from(message).split("/")[2]
    assert services.invitation_from_token(token) == invitation
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and invitation.send_count == 1


def test_accepting_creates_trainee_in_cohort_and_logs_in(client, invite, cohort):
    invite()
    link = link_from(mail.outbox[0])
    response = client.post(
        link,
        {
            "first_name": "Nina",
            "last_name": "Nuova",
            "password1": "a-strong-secret-41",
            "password2": "a-strong-secret-41",
        },
    )
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
    user = User.objects.get(email="new.person@example.com")
    assert user.role == "trainee" and user.get_full_name() == "Nina Nuova"
    assert Membership.objects.filter(user=user, cohort=cohort).exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_reused_link_is_refused(client, invite):
    invite()
    link = link_from(mail.outbox[0])
    data = {
        "first_name": "A",
        "last_name": "B",
        "password1": "x-secret-Pass-9",
        "password2": "x-secret-Pass-9",
    }
    client.post(link, data)
    client.logout()
    response = client.post(link, data)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert User.objects.filter(email="new.person@example.com").count() == 1


def test_expired_link_is_refused(client, invite):
    invite()
    link = link_from(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.get(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_revoked_link_is_refused(client, invite):
    invitation = invite()
    assert services.invitation_revoke(invitation=invitation)
    response = client.get(link_from(mail.outbox[0]))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not services.invitation_revoke(invitation=invitation)  # already revoked


def test_tampered_link_is_refused(client, invite):
    invite()
    link = link_from(mail.outbox[0])
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_resend_rotates_the_link(invite, django_capture_on_commit_callbacks, client):
    invitation = invite()
    old_link = link_from(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation)
    assert len(mail.outbox) == 2
    assert client.get(old_link).status_code == 410
    assert client.get(link_from(mail.outbox[1])).status_code == 200


def test_weak_or_mismatched_password_creates_nothing(client, invite):
    invite()
    link = link_from(mail.outbox[0])
    response = client.post(
        link, {"first_name": "A", "last_name": "B", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    response = client.post(
        link,
        {
            "first_name": "A",
            "last_name": "B",
            "password1": "x-secret-Pass-9",
            "password2": "other-9",
        },
    )
    assert "do not match" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.com").exists()
    assert Invitation.objects.get().accepted_at is None


def test_existing_user_joins_without_new_password(client, invite, other_cohort, cohort):
    person = UserFactory(email="new.person@example.com")
    invite()
    response = client.post(link_from(mail.outbox[0]))
    assert response.status_code == 302 and response.url == reverse("login")
    assert Membership.objects.filter(user=person, cohort=cohort).exists()


def test_duplicate_pending_invitation_refused(invite):
    invite()
    with pytest.raises(ValidationError, match="pending invitation"):
        invite()


def test_member_cannot_be_invited_again(invite, trainee):
    with pytest.raises(ValidationError, match="already a member"):
        invite(email=trainee.email)


# --- bulk CSV -------------------------------------------------------------------------------


def test_csv_creates_all_rows(cohort, staff, django_capture_on_commit_callbacks):
    raw = b"email,first name,last name\nann@example.com,Ann,Alpha\nbob@example.com,Bob,Beta\n"
    with django_capture_on_commit_callbacks(execute=True):
        result = services.invitations_bulk_from_csv(cohort=cohort, raw=raw, invited_by=staff)
    assert result.ok and len(result.invitations) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "bob@example.com"]


def test_csv_semicolons_bom_and_italian_headers(cohort):
    raw = "\ufeffE-mail;Nome;Cognome\r\nann@example.com;Anna;Alfa\r\n".encode()
    result = services.invitations_bulk_from_csv(cohort=cohort, raw=raw)
    assert result.ok
    assert Invitation.objects.get().first_name == "Anna"


def test_csv_with_bad_rows_lists_reasons_and_creates_nothing(cohort, trainee):
    raw = (
        "email,first name,last name\n"
        "good@example.com,Good,Row\n"
        "not-an-email,Bad,Row\n"
        "good@example.com,Dup,Row\n"
        f"{trainee.email},Already,Member\n"
        ",No,Email\n"
    ).encode()
    result = services.invitations_bulk_from_csv(cohort=cohort, raw=raw)
    assert not result.ok
    reasons = {(e.line, e.reason) for e in result.errors}
    assert reasons == {
        (3, "not a valid e-mail address"),
        (4, "duplicate of line 2"),
        (5, "already a member of this cohort"),
        (6, "the e-mail address is missing"),
    }
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_csv_refuses_excel_workbook(cohort):
    with pytest.raises(ValidationError, match="Excel workbook"):
        services.invitations_bulk_from_csv(cohort=cohort, raw=b"PK\x03\x04garbage")


def test_csv_refuses_empty_and_headerless_files(cohort):
    with pytest.raises(ValidationError, match="empty"):
        services.invitations_bulk_from_csv(cohort=cohort, raw=b"\n\n")
    with pytest.raises(ValidationError, match="header"):
        services.invitations_bulk_from_csv(cohort=cohort, raw=b"name,surname\nAnn,Alpha\n")


def test_failure_half_way_rolls_back(cohort, monkeypatch):
    calls = {"n": 0}
    original = services.invitation_create

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(services, "invitation_create", flaky)
    raw = b"email\na@example.com\nb@example.com\nc@example.com\n"
    with pytest.raises(RuntimeError):
        services.invitations_bulk_from_csv(cohort=cohort, raw=raw)
    assert not Invitation.objects.exists()


def test_admin_csv_upload_page(client_for, staff, cohort, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(staff)
    url = reverse("admin:accounts_cohort_invite_csv", args=[cohort.pk])
    bad = SimpleUploadedFile("t.csv", b"email\nnope\nok@example.com\n", content_type="text/csv")
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    assert "not a valid e-mail address" in response.content.decode()
    assert not Invitation.objects.exists()
    good = SimpleUploadedFile("t.csv", b"email\nok@example.com\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert Invitation.objects.get().email == "ok@example.com"
    assert len(mail.outbox) == 1


def test_admin_csv_page_is_staff_only(client_for, coach, cohort):
    response = client_for(coach).get(reverse("admin:accounts_cohort_invite_csv", args=[cohort.pk]))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_admin_resend_and_revoke_actions(
    client_for, staff, invite, django_capture_on_commit_callbacks
):
    invitation = invite()
    client = client_for(staff)
    url = reverse("admin:accounts_invitation_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "resend", "_selected_action": [invitation.pk]})
    assert len(mail.outbox) == 2
    client.post(url, {"action": "revoke", "_selected_action": [invitation.pk]})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_admin_pages_render(client_for, staff, cohort, invite):
    invite()
    client = client_for(staff)
    for url in (
        reverse("admin:accounts_cohort_changelist"),
        reverse("admin:accounts_cohort_change", args=[cohort.pk]),
        reverse("admin:accounts_cohort_add"),
        reverse("admin:accounts_user_changelist") + "?q=example",
        reverse("admin:accounts_user_add"),
        reverse("admin:accounts_invitation_changelist"),
        reverse("admin:accounts_invitation_add"),
    ):
        assert client.get(url).status_code == 200, url
    assert (
        b"Invite trainees from CSV"
        in client.get(reverse("admin:accounts_cohort_change", args=[cohort.pk])).content
    )


def test_admin_creates_cohort_with_coach(client_for, staff, coach):
    client = client_for(staff)
    response = client.post(
        reverse("admin:accounts_cohort_add"),
        {
            "name": "New Cohort",
            "company": "Initech",
            "start_date": "2026-01-01",
            "end_date": "2026-03-31",
            "target_ssi": "65",
            "coaches": [coach.pk],
            "plan_strategy": "weakest",
            "leaderboard_enabled": "on",
            "risk_no_ssi_days": "10",
            "risk_drop_points": "4.5",
            "risk_drop_days": "21",
            "risk_low_completion_percent": "40",
            "risk_low_completion_weeks": "3",
            "risk_no_login_days": "5",
            "shared_drop_percent": "70",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "invitations-TOTAL_FORMS": "0",
            "invitations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from accounts.models import Cohort

    created = Cohort.objects.get(name="New Cohort")
    assert list(created.coaches.all()) == [coach]
    # The at-risk rules are the cohort's own, edited in the admin.
    assert (created.risk_no_ssi_days, float(created.risk_drop_points), created.risk_drop_days) == (
        10,
        4.5,
        21,
    )
    assert created.risk_low_completion_percent == 40 and created.shared_drop_percent == 70


def test_the_email_task_run_twice_sends_once(invite):
    from accounts.tasks import invitation_send_email

    invitation = invite()
    assert len(mail.outbox) == 1
    # The same message delivered again (its worker died before acknowledging it).
    assert invitation_send_email.apply(args=[invitation.pk, "en", 0]).get() is False
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.send_count == 1
