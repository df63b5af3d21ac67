"""Sessions end: everyone's 12 hours after logging in, staff's and coaches' after 30 idle
minutes (accounts.middleware.SessionExpiryMiddleware), with the clock moved by time-machine."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api_status import ANONYMOUS

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


def logged_in(client) -> bool:
    """A page every logged-in role may open: 200 while in, a redirect to login once out."""
    response = client.get(reverse("accounts:settings"))
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    return False


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("actor", ["trainee", "coach", "staff"])
def test_everyone_is_logged_out_twelve_hours_after_logging_in(request, clock, client_for, actor):
    client = client_for(request.getfixturevalue(actor))
    # Busy all day: a request every 10 minutes keeps no session past 12 hours.
    for _ in range(12 * 6 - 1):
        clock.shift(timedelta(minutes=10))
        assert logged_in(client)
    clock.shift(timedelta(minutes=9, seconds=59))  # 11 h 59 min 59 s
    assert logged_in(client)
    clock.shift(timedelta(seconds=1))
    assert not logged_in(client)


def test_a_trainee_may_stay_idle_for_hours(clock, client_for, trainee):
    client = client_for(trainee)
    clock.shift(timedelta(hours=11, minutes=30))
    assert logged_in(client)


@pytest.mark.parametrize("actor", ["coach", "staff"])
def test_staff_and_coaches_are_logged_out_after_thirty_idle_minutes(
    request, clock, client_for, actor
):
    client = client_for(request.getfixturevalue(actor))
    clock.shift(timedelta(minutes=29, seconds=59))
    assert logged_in(client)
    clock.shift(timedelta(minutes=29, seconds=59))  # idle again, from the last request
    assert logged_in(client)
    clock.shift(timedelta(minutes=30))
    assert not logged_in(client)


def test_a_busy_coach_stays_logged_in(clock, client_for, coach):
    client = client_for(coach)
    for _ in range(8):  # two hours, a request every 15 minutes
        clock.shift(timedelta(minutes=15))
        assert logged_in(client)


def test_the_limits_come_from_the_settings(clock, client_for, coach, trainee, settings):
    settings.SESSION_IDLE_TIMEOUT_STAFF = timedelta(minutes=5)
    settings.SESSION_ABSOLUTE_AGE = timedelta(hours=1)
    coach_client = client_for(coach)
    clock.shift(timedelta(minutes=5))
    assert not logged_in(coach_client)
    trainee_client = client_for(trainee)
    clock.shift(timedelta(minutes=59))
    assert logged_in(trainee_client)
    clock.shift(timedelta(minutes=1))
    assert not logged_in(trainee_client)


def test_the_login_page_says_why(clock, client_for, coach):
    client = client_for(coach)
    clock.shift(timedelta(minutes=31))
    response = client.get(reverse("accounts:settings"), follow=True)
    assert reverse("login") in response.redirect_chain[-1][0]
    assert "Your session has ended. Please log in again." in response.content.decode()


def test_logging_in_again_starts_the_clocks_again(clock, client_for, trainee):
    client = client_for(trainee)
    clock.shift(timedelta(hours=11))
    client_for(trainee)  # a fresh login
    clock.shift(timedelta(hours=11))
    assert logged_in(client)


def test_a_session_from_before_the_rule_starts_its_clock_at_its_next_request(
    clock, client_for, coach
):
    client = client_for(coach)
    session = client.session
    for key in ("_ssi_login_at", "_ssi_seen_at"):
        del session[key]
    session.save()
    clock.shift(timedelta(hours=11))  # under Django's own expiry of the session (12 h)
    assert logged_in(client)
    clock.shift(timedelta(minutes=31))
    assert not logged_in(client)


def test_an_idle_coach_s_api_session_ends_too(clock, coach):
    api = APIClient()
    api.force_login(coach, backend="django.contrib.auth.backends.ModelBackend")
    assert api.get("/api/v1/me/").status_code == 200
    clock.shift(timedelta(minutes=31))
    assert api.get("/api/v1/me/").status_code == ANONYMOUS
    assert "_auth_user_id" not in api.session
