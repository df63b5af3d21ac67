"""Brute-force lockout: a pair of e-mail and client address, never the account itself.

A stranger who only knows a member's e-mail can lock only themselves out: the member
logs in from their own network meanwhile, and the stranger's lock ends once its cool-off
has passed, however often they keep failing during it.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.auth import client_ip, cooloff_words
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

STRANGER = "203.0.113.66"
MEMBER = "198.51.100.7"


def login(client, email, password, ip=MEMBER, **headers):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip, **headers
    )


def fail(client, email, times, ip=STRANGER):
    for _ in range(times):
        login(client, email, "wrong", ip=ip)


def test_five_failures_lock_that_address_even_with_the_right_password(client, trainee):
    fail(client, trainee.email, 5)
    response = login(client, trainee.email, PASSWORD, ip=STRANGER)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "after 5 failed attempts" in text
    assert "blocked for 15 minutes" in text


def test_four_failures_do_not_lock(client, trainee):
    fail(client, trainee.email, 4, ip=MEMBER)
    assert login(client, trainee.email, PASSWORD).status_code == 302


def test_the_member_logs_in_from_another_address_while_a_stranger_is_locked(client, trainee):
    fail(client, trainee.email, 5)
    assert login(client, trainee.email, PASSWORD, ip=STRANGER).status_code == 429
    response = login(client, trainee.email, PASSWORD, ip=MEMBER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(trainee.pk)


def test_a_lock_is_per_account(client, trainee, other_trainee):
    fail(client, trainee.email, 5)
    assert login(client, other_trainee.email, PASSWORD, ip=STRANGER).status_code == 302


def test_the_lock_ends_after_the_cooloff_even_when_the_stranger_keeps_failing(client, trainee):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail(client, trainee.email, 5)
        # Once a minute, all through the cool-off: each refused, none counted.
        for _ in range(14):
            clock.shift(timedelta(minutes=1))
            assert login(client, trainee.email, "wrong", ip=STRANGER).status_code == 429
        clock.shift(timedelta(seconds=59))  # 14 min 59 s after the fifth failure
        assert login(client, trainee.email, PASSWORD, ip=STRANGER).status_code == 429
        clock.shift(timedelta(seconds=2))  # 15 min 1 s: over
        response = login(client, trainee.email, PASSWORD, ip=STRANGER)
    assert response.status_code == 302


@override_settings(AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT=True)
def test_without_that_setting_a_stranger_could_hold_the_lock(client, trainee):
    """The test above fails if failures during the lock counted (axes' default)."""
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail(client, trainee.email, 5)
        clock.shift(timedelta(minutes=10))
        login(client, trainee.email, "wrong", ip=STRANGER)
        clock.shift(timedelta(minutes=5, seconds=1))
        assert login(client, trainee.email, PASSWORD, ip=STRANGER).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(hours=2))
def test_the_message_says_what_the_settings_say(client, trainee):
    fail(client, trainee.email, 3)
    text = login(client, trainee.email, PASSWORD, ip=STRANGER).content.decode()
    assert "after 3 failed attempts" in text
    assert "blocked for 2 hours" in text
    assert "15 minutes" not in text


@override_settings(AXES_FAILURE_LIMIT=4, AXES_COOLOFF_TIME=timedelta(minutes=1))
def test_the_message_in_italian(client, trainee):
    client.cookies["ssi_language"] = "it"
    fail(client, trainee.email, 4)
    text = login(client, trainee.email, PASSWORD, ip=STRANGER).content.decode()
    assert "dopo 4 tentativi falliti" in text
    assert "bloccato per 1 minuto" in text


def test_the_api_token_endpoint_answers_the_same_lock_in_json(trainee):
    api_client = APIClient()
    url = "/api/v1/auth/token/"
    for _ in range(5):
        api_client.post(
            url, {"username": trainee.email, "password": "x"}, format="json", REMOTE_ADDR=STRANGER
        )
    response = api_client.post(
        url, {"username": trainee.email, "password": PASSWORD}, format="json", REMOTE_ADDR=STRANGER
    )
    assert response.status_code == 429
    assert "blocked for 15 minutes" in response.json()["detail"]
    ok = api_client.post(
        url, {"username": trainee.email, "password": PASSWORD}, format="json", REMOTE_ADDR=MEMBER
    )
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "1 minute"),
        (15, "15 minutes"),
        (60, "1 hour"),
        (90, "90 minutes"),
        (120, "2 hours"),
        (24 * 60, "24 hours"),
    ],
)
def test_cooloff_in_words(minutes, words):
    assert cooloff_words(timedelta(minutes=minutes)) == words


# --- the client's address behind proxies --------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.9"),  # no trusted proxy: the header proves nothing
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # the left one was written by the client
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.9"),  # shorter than promised: the peer
        (1, "", "10.0.0.9"),
    ],
)
def test_client_ip(rf, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_the_lock_follows_the_forwarded_address(client, trainee, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        login(client, trainee.email, "wrong", ip=proxy, HTTP_X_FORWARDED_FOR=STRANGER)
    stranger = login(client, trainee.email, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=STRANGER)
    assert stranger.status_code == 429
    member = login(client, trainee.email, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=MEMBER)
    assert member.status_code == 302
