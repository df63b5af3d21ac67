"""Reminders end to end on the database: the tick, the rules, delivery, e-mails."""

from __future__ import annotations

import smtplib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.test import TestCase, override_settings

from accounts.models import ReminderKind
from coaching.models import Notification, NotificationStatus
from coaching.reminders import services
from coaching.reminders.services import MAX_ATTEMPTS
from scoring.models import Activity
from tests.factories import UserFactory

WEDNESDAY = date(2026, 11, 25)
# 08:00 in Rome (UTC+1 in November).
AT_EIGHT = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def tick(now: datetime, **kwargs) -> services.TickResult:
    """One tick, with what it queues "on commit" run as a real commit would: the tests
    run inside a transaction that never commits, and Celery is eager."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.reminders_tick(now=now, **kwargs)


@pytest.fixture
def eager_retries():
    """In eager mode Celery runs a retry at once, instead of raising it out of the test."""
    from config.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


@pytest.fixture
def rome(trainee, record_ssi):
    """The trainee, in Rome at 8, with this week's SSI recorded (so only the digest is due)."""
    trainee.time_zone, trainee.reminder_hour = "Europe/Rome", 8
    trainee.save()
    record_ssi(trainee, WEDNESDAY - timedelta(days=1))
    return trainee


def test_the_digest_comes_once_at_the_chosen_local_hour(rome, add_task):
    add_task(rome, WEDNESDAY, "Comment on two posts")
    add_task(rome, WEDNESDAY, "Send three invitations", minutes=15)
    add_task(rome, WEDNESDAY + timedelta(days=1), "Tomorrow's task")

    tick(AT_EIGHT - timedelta(minutes=10))
    assert mail.outbox == []
    tick(AT_EIGHT)
    tick(AT_EIGHT + timedelta(minutes=10))
    tick(AT_EIGHT)  # the same tick again

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [rome.email]
    assert "Today's tasks" in message.subject
    assert "Comment on two posts" in message.body and "Send three invitations" in message.body
    assert "Tomorrow's task" not in message.body
    assert "You have 2 tasks planned for today." in message.body
    html = message.alternatives[0].content
    assert "<li>Comment on two posts" in html
    notification = Notification.objects.get(user=rome)
    assert (notification.kind, notification.period_key) == ("daily_digest", "2026-11-25")
    assert notification.status == NotificationStatus.SENT and notification.emailed
    assert notification.attempts == 1


def test_the_email_carries_one_click_unsubscribe_and_absolute_links(rome, add_task, settings):
    settings.SITE_URL = "https://coach.example.com"
    add_task(rome, WEDNESDAY)
    tick(AT_EIGHT)
    message = mail.outbox[0]
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://coach.example.com/unsubscribe/")
    assert unsubscribe.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in message.body
    assert "https://coach.example.com/plan/" in message.body
    assert 'href="https://coach.example.com/plan/"' in message.alternatives[0].content


def test_italian_trainees_get_italian_emails(rome, add_task):
    rome.language = "it"
    rome.save()
    add_task(rome, WEDNESDAY)
    tick(AT_EIGHT)
    message = mail.outbox[0]
    assert "Le attività di oggi" in message.subject
    assert "Hai 1 attività in programma per oggi." in message.body
    assert "Annulla l'iscrizione" in message.body
    assert "Today" not in message.body


def test_no_digest_on_a_day_off_or_without_tasks(rome, add_task):
    saturday = date(2026, 11, 28)
    add_task(rome, saturday)
    tick(datetime(2026, 11, 28, 7, 0, tzinfo=UTC))  # Saturday 08:00 in Rome: a day off
    tick(AT_EIGHT)  # Wednesday, nothing due
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_done_tasks_do_not_count(rome, add_task):
    task = add_task(rome, WEDNESDAY)
    task.status, task.completed_on = "done", WEDNESDAY
    task.save()
    tick(AT_EIGHT)
    assert mail.outbox == []


def test_no_email_when_switched_off_but_the_notification_is_in_the_app(rome, add_task):
    rome.email_daily_digest = False
    rome.save()
    add_task(rome, WEDNESDAY)
    tick(AT_EIGHT)
    assert mail.outbox == []
    notification = Notification.objects.get(user=rome)
    assert notification.status == NotificationStatus.SENT and not notification.emailed


def test_the_master_switch_stops_every_email(rome, add_task):
    rome.email_reminders = False
    rome.save()
    add_task(rome, WEDNESDAY)
    tick(AT_EIGHT)
    assert mail.outbox == [] and Notification.objects.count() == 1


def test_the_ssi_prompt_comes_once_a_week_when_none_was_recorded(trainee, record_ssi):
    trainee.reminder_hour = 8
    trainee.save()
    record_ssi(trainee, WEDNESDAY - timedelta(days=7))
    for day in range(3):  # Wednesday, Thursday, Friday at 8
        tick(AT_EIGHT + timedelta(days=day))
    prompts = Notification.objects.filter(user=trainee, kind=ReminderKind.SSI_PROMPT)
    assert [n.period_key for n in prompts] == ["2026-W48"]
    assert prompts[0].payload == {"days": 7}
    assert len(mail.outbox) == 1
    assert "Your last SSI was recorded 7 days ago" in mail.outbox[0].body
    # The next week, still nothing recorded: one more.
    tick(AT_EIGHT + timedelta(days=5))  # Monday 30 November
    assert prompts.all().count() == 2


def test_no_ssi_prompt_after_a_recent_snapshot(trainee, record_ssi):
    trainee.reminder_hour = 8
    trainee.save()
    record_ssi(trainee, WEDNESDAY - timedelta(days=6))
    tick(AT_EIGHT)
    assert not Notification.objects.filter(kind=ReminderKind.SSI_PROMPT).exists()


def test_the_inactivity_nudge_after_five_quiet_days(trainee, record_ssi, old_account):
    trainee.reminder_hour = 8
    trainee.save()
    old_account(trainee, now=AT_EIGHT)
    record_ssi(trainee, WEDNESDAY - timedelta(days=1))
    Activity.objects.create(user=trainee, kind="comment", occurred_on=WEDNESDAY - timedelta(days=4))
    tick(AT_EIGHT)
    assert not Notification.objects.filter(kind=ReminderKind.INACTIVITY).exists()
    tick(AT_EIGHT + timedelta(days=1))  # Thursday: five days since the comment
    nudge = Notification.objects.get(kind=ReminderKind.INACTIVITY)
    assert nudge.payload == {"days": 5}
    assert "Nothing logged for 5 days" in mail.outbox[-1].body


def test_a_recent_login_counts_as_activity(trainee, record_ssi, old_account):
    trainee.reminder_hour = 8
    trainee.save()
    old_account(trainee, now=AT_EIGHT)
    record_ssi(trainee, WEDNESDAY - timedelta(days=1))
    type(trainee).objects.filter(pk=trainee.pk).update(last_login=AT_EIGHT - timedelta(days=2))
    tick(AT_EIGHT)
    assert not Notification.objects.filter(kind=ReminderKind.INACTIVITY).exists()


def test_the_coach_digest_on_monday(coach, cohort, trainee, other_trainee, record_ssi, old_account):
    """The digest names whom the cohort's own at-risk rules flag, rule by rule (as the
    cohort dashboard does), and who moved most."""
    from tests.factories import UserFactory

    monday_eight = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    coach.reminder_hour = 8
    coach.save()
    cohort.risk_no_ssi_days = 10  # the cohort's setting, not the default of 14
    cohort.save()
    ugo = UserFactory(email="ugo@example.com", first_name="Ugo", last_name="Up")
    cohort.memberships.create(user=ugo)
    cohort.memberships.update(joined_at=monday_eight - timedelta(days=40))
    for user in (trainee, ugo):
        old_account(user, days=40, now=monday_eight)
    type(trainee).objects.filter(pk=trainee.pk).update(last_login=monday_eight - timedelta(days=1))
    record_ssi(trainee, date(2026, 11, 20), 40)
    record_ssi(trainee, date(2026, 11, 29), 46.5)
    record_ssi(ugo, date(2026, 10, 31), 60)
    record_ssi(ugo, date(2026, 11, 18), 52)  # 12 days before, 8 points down in 30 days
    tick(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))  # a Wednesday: no coach digest
    assert not Notification.objects.filter(user=coach).exists()
    tick(monday_eight)
    tick(monday_eight + timedelta(minutes=10))
    digest = Notification.objects.get(user=coach)
    assert digest.kind == ReminderKind.COACH_DIGEST and digest.period_key == "2026-W49"
    [payload] = digest.payload["cohorts"]
    assert payload["name"] == "Acme Sales"
    assert payload["flagged"] == {
        "no_ssi": ["Ugo Up"],
        "drop": ["Ugo Up"],
        "low_completion": [],
        "no_login": ["Ugo Up"],  # never logged in, joined 40 days ago
    }
    assert payload["rules"]["no_ssi_days"] == 10
    assert payload["movers"] == [["Tina Trainee", 6.5]]
    [message] = [m for m in mail.outbox if m.to == [coach.email]]
    assert "Acme Sales" in message.body
    assert "No SSI recorded for 10 days or more: Ugo Up" in message.body
    assert "SSI down 5 points or more in 30 days: Ugo Up" in message.body
    assert "Under 30% of tasks done 2 weeks running: nobody" in message.body
    assert "No login for 7 days or more: Ugo Up" in message.body
    assert "Tina Trainee (+6.5)" in message.body
    # The other cohort's trainee is not the coach's business.
    assert "Otto" not in message.body


def test_a_digest_written_before_the_cohort_rules_keeps_its_labels():
    from coaching.reminders.messages import cohort_sections

    payload = {"cohorts": [{"name": "Acme", "flagged": {"inactive": ["Tina"]}, "movers": []}]}
    [section] = cohort_sections(payload)
    assert section["flags"] == [("No activity and no login for five days or more", ["Tina"])]


def test_a_failed_email_is_retried_with_backoff_then_recorded(
    rome, add_task, monkeypatch, eager_retries
):
    add_task(rome, WEDNESDAY)
    countdowns: list[int] = []
    from coaching.reminders import tasks

    real_retry = tasks.notification_send_task.retry

    def spy(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(tasks.notification_send_task, "retry", spy)
    with override_settings(MAILERS={"default": {"BACKEND": f"{__name__}.RefusingBackend"}}):
        tick(AT_EIGHT)
        notification = Notification.objects.get(user=rome)
        assert notification.status == NotificationStatus.FAILED
        assert notification.attempts == MAX_ATTEMPTS
        assert notification.failed_at is not None and notification.sent_at is None
        assert "SMTPRecipientsRefused" in notification.last_error
        assert countdowns == [120, 240, 480]  # after the 2nd, 3rd, 4th attempt; the 5th ends it
        # A later tick does not start over.
        tick(AT_EIGHT + timedelta(minutes=10))
        assert Notification.objects.get(pk=notification.pk).attempts == MAX_ATTEMPTS


def test_a_transient_failure_then_success_sends_once(rome, add_task, eager_retries):
    add_task(rome, WEDNESDAY)
    FlakyBackend.failures = 2
    with override_settings(MAILERS={"default": {"BACKEND": f"{__name__}.FlakyBackend"}}):
        tick(AT_EIGHT)
    notification = Notification.objects.get(user=rome)
    assert notification.status == NotificationStatus.SENT and notification.attempts == 3
    assert len(mail.outbox) == 1


def test_a_claimed_row_is_not_sent_again(rome, add_task):
    add_task(rome, WEDNESDAY)
    tick(AT_EIGHT)
    notification = Notification.objects.get(user=rome)
    assert services.notification_deliver(notification_id=notification.pk).skipped
    assert not services.notification_claim(notification_id=notification.pk, now=AT_EIGHT)
    assert len(mail.outbox) == 1


def test_a_delivery_whose_worker_died_is_resumed_after_the_lease(rome, add_task):
    add_task(rome, WEDNESDAY)
    services.reminders_send(
        kind="daily_digest", day=WEDNESDAY, user_ids=[rome.pk], now=AT_EIGHT, dry_run=True
    )
    # Written and claimed, then the worker vanished before sending.
    notification = Notification.objects.create(
        user=rome, kind="daily_digest", period_key="2026-11-25", payload={"count": 1}
    )
    assert services.notification_claim(notification_id=notification.pk, now=AT_EIGHT)
    Notification.objects.filter(pk=notification.pk).update(created_at=AT_EIGHT)
    tick(AT_EIGHT + timedelta(minutes=5))  # within the lease: left alone
    assert mail.outbox == []
    tick(AT_EIGHT + services.CLAIM_LEASE + timedelta(minutes=1))
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=notification.pk).status == NotificationStatus.SENT


def test_dry_run_commands_print_and_send_nothing(rome, add_task, capsys):
    add_task(rome, WEDNESDAY)
    call_command("send_reminders", "--now", "2026-11-25T07:00:00Z", "--dry-run")
    out = capsys.readouterr().out
    assert f"daily_digest 2026-11-25 → {rome.email}" in out
    assert "1 would be sent" in out
    assert mail.outbox == [] and not Notification.objects.exists()
    call_command("send_reminders", "--now", "2026-11-25T07:00:00Z")
    call_command("send_reminders", "--now", "2026-11-25T07:10:00Z")
    assert len(mail.outbox) == 1


def test_send_coach_digests_only_sends_coach_digests(coach, trainee, add_task, capsys):
    for user in (coach, trainee):
        user.reminder_hour = 8
        user.save()
    add_task(trainee, date(2026, 11, 30))
    call_command("send_coach_digests", "--now", "2026-11-30T07:00:00Z")
    assert [m.to for m in mail.outbox] == [[coach.email]]


def test_now_must_be_an_iso_instant():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO"):
        call_command("send_reminders", "--now", "tomorrow")


def test_cleanup_deletes_only_old_read_notifications(trainee, capsys):
    now = datetime(2026, 11, 25, tzinfo=UTC)
    old = Notification.objects.create(
        user=trainee, kind="ssi_prompt", period_key="2026-W30", read_at=now - timedelta(days=91)
    )
    recent = Notification.objects.create(
        user=trainee, kind="ssi_prompt", period_key="2026-W46", read_at=now - timedelta(days=5)
    )
    unread = Notification.objects.create(user=trainee, kind="ssi_prompt", period_key="2026-W20")
    assert services.notifications_cleanup(now=now, dry_run=True) == 1
    assert services.notifications_cleanup(now=now) == 1
    assert set(Notification.objects.values_list("pk", flat=True)) == {recent.pk, unread.pk}
    assert not Notification.objects.filter(pk=old.pk).exists()


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"no")})


class FlakyBackend(LocmemBackend):
    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionResetError("connection reset by peer")
        return super().send_messages(messages)


def test_inactive_accounts_get_nothing(rome, add_task):
    rome.is_active = False
    rome.save()
    add_task(rome, WEDNESDAY)
    tick(AT_EIGHT)
    assert not Notification.objects.exists()


def test_ids_of_many_users_are_fanned_out_in_chunks(db, add_task, record_ssi):
    users = [UserFactory(reminder_hour=8) for _ in range(5)]
    for user in users:
        add_task(user, WEDNESDAY)
        record_ssi(user, WEDNESDAY)
    result = tick(AT_EIGHT, chunk_size=2)
    assert result.chunks == 3 and result.users == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
