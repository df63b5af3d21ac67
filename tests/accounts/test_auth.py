"""Logging in and out, passwords, lockout, settings and language."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_login_with_email_is_case_insensitive_and_lands_on_dashboard(client, trainee):
    response = login(client, "TRAINEE@Example.com", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(response.url).url == reverse("accounts:dashboard")


def test_coach_lands_on_cohort_list(client, coach):
    response = login(client, coach.email, PASSWORD)
    assert client.get(response.url).url == reverse("accounts:cohort_list")


def test_staff_sees_admin_link(client_for, staff):
    response = client_for(staff).get(reverse("accounts:cohort_list"))
    assert reverse("admin:index").encode() in response.content


def test_trainee_has_no_admin_link(client_for, trainee):
    response = client_for(trainee).get(reverse("accounts:dashboard"))
    assert reverse("admin:index").encode() not in response.content


def test_wrong_password_gives_clear_error_and_no_session(client, trainee):
    response = login(client, trainee.email, "wrong")
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_requires_post_and_ends_session(client_for, trainee):
    client = client_for(trainee)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, trainee):
    response = client.post(reverse("password_reset"), {"email": trainee.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/password/reset/[^/]+/[^/]+/)", body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a-brand-new-secret-77", "new_password2": "a-brand-new-secret-77"},
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password("a-brand-new-secret-77")


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client, trainee):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(client_for, trainee):
    client = client_for(trainee)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-good-secret-91",
            "new_password2": "another-good-secret-91",
        },
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password("another-good-secret-91")


# --- settings ----------------------------------------------------------------------------------


def settings_data(**overrides):
    data = {
        "first_name": "Tina",
        "last_name": "Trainee",
        "language": "en",
        "time_zone": "Europe/Rome",
        "reminder_hour": "9",
        "email_reminders": "on",
        "working_days": ["0", "1", "2", "3", "4"],
        "weekly_minutes": "90",
        "target_keywords": "",
    }
    data.update(overrides)
    return data


def test_settings_update_name_time_zone_and_language(client_for, trainee):
    client = client_for(trainee)
    response = client.post(
        reverse("accounts:settings"),
        settings_data(first_name="Tiziana", time_zone="America/New_York", language="it"),
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.first_name, trainee.time_zone, trainee.language) == (
        "Tiziana",
        "America/New_York",
        "it",
    )
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "Impostazioni" in page


def test_coach_settings_leave_out_the_trainee_only_fields_and_still_save(client_for, coach):
    client = client_for(coach)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="first_name"' in page
    for name in ("working_days", "weekly_minutes", "target_keywords", "show_on_leaderboard"):
        assert f'name="{name}"' not in page
    assert "Your raw activity is yours" not in page
    working_days = list(coach.working_days)

    response = client.post(reverse("accounts:settings"), settings_data(first_name="Clara"))

    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.first_name == "Clara"
    assert list(coach.working_days) == working_days  # untouched, not emptied


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
        ("language", "xx", "Select a valid choice"),
        ("reminder_hour", "24", "less than or equal to 23"),
        ("working_days", [], "This field is required"),
        ("weekly_minutes", "5", "greater than or equal to 15"),
    ],
)
def test_settings_reject_bad_values_and_change_nothing(client_for, trainee, field, value, message):
    client = client_for(trainee)
    response = client.post(reverse("accounts:settings"), settings_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.time_zone == "Europe/Rome" and trainee.weekly_minutes == 120


def test_language_switch_for_anonymous_sets_cookie(client):
    response = client.post(
        reverse("accounts:language_switch"), {"language": "it", "next": "/login/"}
    )
    assert response.status_code == 302 and response.url == "/login/"
    assert "Accedi" in client.get("/login/").content.decode()


def test_language_switch_rejects_foreign_redirect(client):
    response = client.post(
        reverse("accounts:language_switch"), {"language": "it", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_language_switch_ignores_unknown_language(client_for, trainee):
    client_for(trainee).post(reverse("accounts:language_switch"), {"language": "xx"})
    trainee.refresh_from_db()
    assert trainee.language == "en"


def test_browser_language_is_the_default(client):
    response = client.get("/login/", headers={"accept-language": "it-IT,it;q=0.9"})
    assert "Accedi" in response.content.decode()


def test_user_preference_beats_browser_language(client_for, trainee):
    response = client_for(trainee).get(
        reverse("accounts:dashboard"), headers={"accept-language": "it"}
    )
    assert "Hello, Tina" in response.content.decode()


@pytest.mark.parametrize("language,text", [("en", "Page not found"), ("it", "Pagina non trovata")])
def test_404_page_in_both_languages(client, language, text):
    response = client.get("/no-such-page/", headers={"accept-language": language})
    assert response.status_code == 404
    assert text in response.content.decode()


def test_security_headers(client):
    response = client.get(reverse("login"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_pages_have_no_inline_scripts_or_styles(client_for, trainee):
    html = client_for(trainee).get(reverse("accounts:dashboard")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("language,text", [("en", "Something went wrong"), ("it", "storto")])
def test_500_page_in_both_languages(rf, language, text):
    from django.utils import translation

    from config.errors import server_error

    with translation.override(language):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert text in response.content.decode()


def test_403_page_for_csrf_failure(client_for, trainee):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("accounts:settings"), settings_data())
    assert response.status_code == 403
    assert "reload the page" in response.content.decode()


def test_admin_is_branded(client_for, staff):
    assert "SSI Coach administration" in client_for(staff).get("/admin/").content.decode()


def test_settings_time_zone_is_a_text_field_with_every_zone_suggested_once(client_for, trainee):
    import zoneinfo

    html = client_for(trainee).get(reverse("accounts:settings")).content.decode()
    assert '<select name="time_zone"' not in html
    field = re.search(r'<input[^>]*name="time_zone"[^>]*>', html)
    assert (
        field and 'list="time-zones"' in field.group(0) and 'value="Europe/Rome"' in field.group(0)
    )
    assert html.count('<datalist id="time-zones">') == 1
    datalist = html.split('<datalist id="time-zones">')[1].split("</datalist>")[0]
    assert datalist.count("<option ") == len(zoneinfo.available_timezones())
    assert '<option value="America/New_York">America/New York</option>' in datalist
