"""The notifications page, the bell, read marks, unsubscribe and the settings form."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import unsubscribe_token, unsubscribe_url
from coaching.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(trainee):
    return [
        Notification.objects.create(
            user=trainee, kind="daily_digest", period_key=f"2026-11-{day}", payload={"count": day}
        )
        for day in (23, 24, 25)
    ]


def test_the_list_shows_own_notifications_in_constant_queries(
    client_for, trainee, notes, django_assert_num_queries
):
    client = client_for(trainee)
    # session, user, the notifications
    with django_assert_num_queries(3):
        response = client.get(reverse("coaching:notifications"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "You have 25 tasks planned for today." in body
    assert body.count('class="notification unread"') == 3
    Notification.objects.create(user=trainee, kind="ssi_prompt", period_key="2026-W48")
    with django_assert_num_queries(3):
        client.get(reverse("coaching:notifications"))


def test_pages_draw_the_bell_and_htmx_fetches_the_count(client_for, trainee, notes):
    client = client_for(trainee)
    page = client.get(reverse("accounts:settings")).content.decode()
    bell_url = reverse("coaching:notification_bell")
    assert f'href="{reverse("coaching:notifications")}"' in page
    assert f'hx-get="{bell_url}"' in page and 'hx-trigger="load, every 60s' in page
    fragment = client.get(bell_url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<li id="notification-bell"')
    assert '<span class="bell-count" aria-hidden="true">3</span>' in fragment
    assert "load," not in fragment  # the swapped-in bell must not fetch itself again
    assert "<html" not in fragment
    assert "aria-current" not in fragment
    on_the_list = client.get(
        bell_url,
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver" + reverse("coaching:notifications"),
    )
    assert 'aria-current="page"' in on_the_list.content.decode()
    # Without htmx the bell's address is just the notifications page.
    assert client.get(bell_url).url == reverse("coaching:notifications")


def test_mark_one_then_all_as_read(client_for, trainee, notes):
    client = client_for(trainee)
    url = reverse("coaching:notification_read", args=[notes[0].pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert json.loads(response.headers["HX-Trigger"]) == {"notifications-changed": {}}
    assert f'id="notification-{notes[0].pk}" class="notification"' in response.content.decode()
    notes[0].refresh_from_db()
    assert notes[0].read_at is not None
    fragment = client.get(reverse("coaching:notification_bell"), HTTP_HX_REQUEST="true")
    assert '<span class="bell-count" aria-hidden="true">2</span>' in fragment.content.decode()
    response = client.post(reverse("coaching:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=trainee, read_at=None).exists()
    fragment = client.get(reverse("coaching:notification_bell"), HTTP_HX_REQUEST="true")
    assert "bell-count" not in fragment.content.decode()


def test_reading_by_get_changes_nothing(client_for, trainee, notes):
    client = client_for(trainee)
    assert client.get(reverse("coaching:notification_read", args=[notes[0].pk])).status_code == 405
    client.get(reverse("coaching:notifications"))
    client.get(reverse("coaching:notification_bell"), HTTP_HX_REQUEST="true")
    assert Notification.objects.filter(read_at=None).count() == 3


@pytest.mark.parametrize("actor", ["other_trainee", "coach", "staff"])
def test_nobody_else_sees_or_marks_them(request, client_for, notes, actor):
    client = client_for(request.getfixturevalue(actor))
    page = client.get(reverse("coaching:notifications")).content.decode()
    assert "tasks planned for today" not in page
    response = client.post(reverse("coaching:notification_read", args=[notes[0].pk]))
    assert response.status_code == 404
    client.post(reverse("coaching:notifications_read_all"))
    assert Notification.objects.filter(read_at=None).count() == 3
    fragment = client.get(reverse("coaching:notification_bell"), HTTP_HX_REQUEST="true")
    assert "bell-count" not in fragment.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, notes):
    for url in (
        reverse("coaching:notifications"),
        reverse("coaching:notification_bell"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse("coaching:notification_read", args=[notes[0].pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Notification.objects.filter(read_at=None).count() == 3


# --- unsubscribe ---------------------------------------------------------------------------------


def test_unsubscribe_get_only_asks_and_post_unsubscribes(trainee):
    client = Client(enforce_csrf_checks=True)
    url = reverse("accounts:unsubscribe", args=[unsubscribe_token(user=trainee, kind="ssi_prompt")])
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop sending “Weekly reminder to record your SSI”" in page.content.decode()
    trainee.refresh_from_db()
    assert trainee.email_ssi_prompt  # a GET never writes
    # RFC 8058: the mail program POSTs this body, with no cookie and no CSRF token.
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "will no longer receive" in response.content.decode()
    trainee.refresh_from_db()
    assert not trainee.email_ssi_prompt
    assert trainee.email_daily_digest and trainee.email_reminders  # only that kind
    assert client.post(url).status_code == 200  # a second click is harmless


def test_unsubscribe_page_speaks_the_users_language(trainee):
    trainee.language = "it"
    trainee.save()
    url = unsubscribe_url(user=trainee, kind="daily_digest")
    page = Client().get(url.removeprefix("http://localhost:8000")).content.decode()
    assert "Smettere di inviare «Riepilogo giornaliero delle attività di oggi»" in page


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJrIjoieCJ9:tampered"])
def test_a_bad_unsubscribe_link_is_refused_and_changes_nothing(trainee, token):
    response = Client().post(reverse("accounts:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.email_daily_digest and trainee.email_ssi_prompt


# --- settings ------------------------------------------------------------------------------


def test_settings_show_each_kind_to_whom_it_concerns(client_for, trainee, coach):
    trainee_page = client_for(trainee).get(reverse("accounts:settings")).content.decode()
    for name in ("email_daily_digest", "email_ssi_prompt", "email_inactivity", "reminder_hour"):
        assert f'name="{name}"' in trainee_page
    assert 'name="email_coach_digest"' not in trainee_page
    coach_page = client_for(coach).get(reverse("accounts:settings")).content.decode()
    assert 'name="email_coach_digest"' in coach_page
    assert 'name="email_daily_digest"' not in coach_page


def test_settings_switch_a_kind_off_and_change_the_hour(client_for, trainee):
    from tests.accounts.test_auth import settings_data

    data = settings_data(reminder_hour="7", email_daily_digest="on", email_inactivity="on")
    response = client_for(trainee).post(reverse("accounts:settings"), data)
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.reminder_hour == 7
    assert trainee.email_daily_digest and trainee.email_inactivity
    assert not trainee.email_ssi_prompt
    assert trainee.wants_email("daily_digest") and not trainee.wants_email("ssi_prompt")


def test_a_bad_hour_is_refused_in_the_users_language(client_for, trainee):
    from tests.accounts.test_auth import settings_data

    trainee.language = "it"
    trainee.save()
    response = client_for(trainee).post(
        reverse("accounts:settings"), settings_data(reminder_hour="25")
    )
    assert response.status_code == 200
    assert "Assicurati che questo valore sia minore o uguale a 23." in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.reminder_hour == 8
