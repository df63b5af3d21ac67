"""Production: PostgreSQL, Redis and a mail server are required; secrets come from the
environment. ``manage.py check --deploy`` passes with the environment that
docs/deploy.md documents (tests/test_settings_production.py runs it)."""

import copy

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, REDIS_URL, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production needs DATABASE_URL pointing at PostgreSQL.")
if not REDIS_URL:
    raise ImproperlyConfigured("Production needs REDIS_URL for Celery and the cache.")
# Invitations, password resets and reminders link to it: never to a developer's localhost.
SITE_URL = env.str("SITE_URL").rstrip("/")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(f"SITE_URL must be the public https:// address, not {SITE_URL!r}.")

# --- E-mail: invitations and password resets must reach people ---------------------------
# No default: without EMAIL_URL the start-up stops, rather than writing every invitation
# and password reset to a console nobody reads.
_MAIL_SCHEMES = ("smtp://", "smtps://", "smtp+tls://", "smtp+ssl://")
_email_url = env.str("EMAIL_URL", default="")
if not _email_url:
    raise ImproperlyConfigured(
        "Production needs EMAIL_URL, the mail server for invitations and password resets "
        "(e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.com:587)."
    )
if not _email_url.startswith(_MAIL_SCHEMES):
    raise ImproperlyConfigured(
        f"EMAIL_URL must name an SMTP server ({', '.join(_MAIL_SCHEMES)}); "
        "console and file backends send nothing."
    )
# MAILERS is base's, built from the same EMAIL_URL: an SMTP backend with its options.

# --- HTTPS and cookies -----------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health check answers over plain HTTP too, for load balancers that probe that way.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Joining the browsers' preload list binds the whole domain to HTTPS for good: the
# operator's decision (docs/deploy.md), hence off unless asked for, and Django's reminder
# about it (security.W021) silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Every cookie Django sets travels only over HTTPS: the session, CSRF and language
# cookies, and the messages cookie (which follows the session cookie's settings).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Reuse each database connection across requests (Django reads these per connection, in
# DATABASES, not at the top level); the health check replaces one the server has closed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)

# --- Logs: one JSON object a line, with the request id (config/logs.py) ------------------
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}")
LOGGING = copy.deepcopy(LOGGING)
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
