"""The production settings, loaded for real in a subprocess with the documented environment.

Each test starts ``config.settings.production`` in its own Python process, as gunicorn
would, with the environment docs/deploy.md tells an operator to set, and looks at what
comes out: Django's deployment checks, start-up errors, connection reuse, logs, and the
cookies of real responses.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent

#: What docs/deploy.md says a production environment needs (values are examples).
DOCUMENTED_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "production-settings-test-" + "k3y" * 20,
    "ALLOWED_HOSTS": "coach.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://coach.example.com",
    "SITE_URL": "https://coach.example.com",
    "DATABASE_URL": "postgres://ssi@db.invalid:5432/ssi",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "EMAIL_URL": "smtp+tls://coach:secret@smtp.example.com:587",
    "DEFAULT_FROM_EMAIL": "SSI Coach <coach@example.com>",
}


def production(
    args: list[str], *, drop: tuple[str, ...] = (), check: bool = True, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run ``python args...`` with the production settings and the documented environment.

    The test run's own variables that production reads are left out (as an operator's
    shell would not have them), so only what the test passes counts.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "PYTHONPATH", "TMPDIR", "SYSTEMROOT"}
    }
    env.update(DOCUMENTED_ENV)
    env.update(extra)
    for key in drop:
        env.pop(key, None)
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if check and done.returncode:
        pytest.fail(f"exit {done.returncode}:\n{done.stdout}\n{done.stderr[-4000:]}")
    return done


def production_settings(*names: str, **extra: str) -> dict[str, object]:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, "
        "default=str))"
    )
    done = production(["-c", code], **extra)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Django's deployment checks ---------------------------------------------------------


def test_check_deploy_is_clean_with_the_documented_environment() -> None:
    done = production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_does_warn_when_a_documented_safeguard_is_switched_off() -> None:
    # The check above is not clean by accident: turning HTTPS redirection off shows.
    done = production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        check=False,
        SECURE_SSL_REDIRECT="false",
    )
    assert done.returncode != 0
    assert "security.W008" in done.stderr


# --- start-up errors --------------------------------------------------------------------


def test_missing_email_url_stops_the_start_up_naming_it() -> None:
    done = production(["manage.py", "check"], drop=("EMAIL_URL",), check=False)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "Production needs EMAIL_URL" in done.stderr


@pytest.mark.parametrize("url", ["consolemail://", "filemail:///tmp/mail", "dummymail://"])
def test_an_email_url_that_sends_nothing_is_refused(url: str) -> None:
    done = production(["manage.py", "check"], check=False, EMAIL_URL=url)
    assert done.returncode != 0
    assert "EMAIL_URL must name an SMTP server" in done.stderr


def test_email_url_becomes_the_smtp_mailer() -> None:
    mailers = production_settings("MAILERS")["MAILERS"]
    assert mailers == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.com",
                "port": 587,
                "username": "coach",
                "password": "secret",
                "use_tls": True,
                "use_ssl": False,
                "timeout": 20,
            },
        }
    }


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL"])
def test_other_required_variables_stop_the_start_up(missing: str) -> None:
    done = production(["manage.py", "check"], drop=(missing,), check=False)
    assert done.returncode != 0
    assert missing in done.stderr


# --- sessions and cookies -----------------------------------------------------------------


def test_sessions_and_cookies_by_default() -> None:
    values = production_settings(
        "SESSION_COOKIE_AGE",
        "SESSION_ABSOLUTE_AGE",
        "SESSION_IDLE_TIMEOUT_STAFF",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
    )
    assert values == {
        "SESSION_COOKIE_AGE": 12 * 3600,
        "SESSION_ABSOLUTE_AGE": "12:00:00",
        "SESSION_IDLE_TIMEOUT_STAFF": "0:30:00",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "LANGUAGE_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
    }


def test_session_limits_come_from_the_environment() -> None:
    values = production_settings(
        "SESSION_COOKIE_AGE",
        "SESSION_IDLE_TIMEOUT_STAFF",
        SESSION_MAX_HOURS="8",
        SESSION_IDLE_MINUTES_STAFF="10",
    )
    assert values == {"SESSION_COOKIE_AGE": 8 * 3600, "SESSION_IDLE_TIMEOUT_STAFF": "0:10:00"}


COLLECT_COOKIES = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="coach.example.com")
seen = {}
def keep(response):
    for name, morsel in response.cookies.items():
        # A deletion (logging out) is an empty, already expired cookie: nothing to protect.
        if morsel.value == "" and str(morsel["max-age"]) == "0":
            continue
        seen.setdefault(name, []).append({
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"],
        })
    return response
login, language, logout = %(paths)r
keep(client.get(login, secure=True))
# A failed login (the messages framework may set its cookie), then a good one.
keep(client.post(login, {"username": %(email)r, "password": "wrong"}, secure=True))
keep(client.post(login, {"username": %(email)r, "password": %(password)r}, secure=True))
keep(client.post(language, {"language": "it", "next": "/"}, secure=True))
keep(client.post(logout, secure=True, follow=True))
print(json.dumps(seen))
"""


def _database_url_of_this_test_run() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI must run this test on PostgreSQL (production refuses SQLite)")
        pytest.skip("production settings need PostgreSQL (set DATABASE_URL)")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_every_cookie_of_real_responses_is_secure_and_httponly(tmp_path: Path) -> None:
    """Real requests through the production middleware: every Set-Cookie is Secure."""
    # Production's hasher: the factory's test-speed MD5 hash would not be accepted.
    user = UserFactory(email="cookies@example.com")
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    paths = (reverse("login"), reverse("accounts:language_switch"), reverse("logout"))
    code = COLLECT_COOKIES % {"email": user.email, "password": PASSWORD, "paths": paths}
    env = {
        "DATABASE_URL": _database_url_of_this_test_run(),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "ERROR",
    }
    # As a deploy does: the pages' assets come from the collected, hashed files.
    production(["manage.py", "collectstatic", "--noinput", "-v", "0"], **env)
    done = production(["-c", code], **env)
    cookies = json.loads(done.stdout.strip().splitlines()[-1])
    # The session, CSRF and language cookies, and the messages cookie at least.
    assert {"sessionid", "csrftoken", "ssi_language"} <= set(cookies), cookies
    for name, each_time in cookies.items():
        for flags in each_time:
            assert flags["secure"], f"{name} is not Secure"
            assert flags["samesite"] == "Lax", f"{name} is not SameSite=Lax"
            assert flags["httponly"], f"{name} is readable by scripts"


# --- connection reuse, logs -----------------------------------------------------------------


def test_production_reuses_connections_by_default() -> None:
    db = production_settings("DATABASES", "CONN_MAX_AGE")
    default = db["DATABASES"]["default"]  # type: ignore[index]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True
    assert db["CONN_MAX_AGE"] is None  # Django ignores a top-level CONN_MAX_AGE


def test_production_connection_reuse_comes_from_the_environment() -> None:
    db = production_settings("DATABASES", CONN_MAX_AGE="300", CONN_HEALTH_CHECKS="false")
    default = db["DATABASES"]["default"]  # type: ignore[index]
    assert default["CONN_MAX_AGE"] == 300
    assert default["CONN_HEALTH_CHECKS"] is False


def test_production_logs_one_json_object_a_line() -> None:
    code = (
        "import django, logging; django.setup(); "
        "from config.logs import request_id_var; request_id_var.set('abc-123'); "
        "logging.getLogger('ssi.test').warning('hello %s', 'there', extra={'trainee_id': 7})"
    )
    done = production(["-c", code])
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello there"
    assert line["level"] == "WARNING"
    assert line["logger"] == "ssi.test"
    assert line["request_id"] == "abc-123"
    assert line["trainee_id"] == 7
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", line["time"])


# --- gunicorn, as deployed ------------------------------------------------------------------


def test_gunicorn_serves_the_health_check_and_logs_json_with_the_request_id(db, tmp_path):
    """gunicorn.conf.py and the production settings together: /healthz answers over
    plain HTTP (load balancers probe that way), and every line on stderr is JSON."""
    import time
    import urllib.request

    from tests.ports import free_port

    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "PYTHONPATH", "TMPDIR"}
    }
    env.update(
        DOCUMENTED_ENV,
        DATABASE_URL=_database_url_of_this_test_run(),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    with log.open("w") as handle:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz",
            # As the TLS-terminating proxy in front says: the client came over HTTPS.
            headers={"X-Request-ID": "lb-probe-1", "X-Forwarded-Proto": "https"},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                    status, headers, body = response.status, response.headers, response.read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert status == 200, body
    assert json.loads(body) == {"status": "ok", "database": "ok", "broker": "ok"}
    assert headers["X-Request-ID"] == "lb-probe-1"
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # gunicorn's own
    # One line per request served: a probe that timed out while the worker was still
    # starting is served too, and logged, before the retry that answered.
    served = [line for line in lines if line["logger"] == "ssi.request"]
    assert served and all(
        line["request_id"] == "lb-probe-1" and line["path"] == "/healthz" for line in served
    )
    assert served[-1]["status"] == 200
