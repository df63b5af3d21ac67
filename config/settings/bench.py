"""The benchmark's settings: production's (PostgreSQL, Redis, DEBUG off), served over
plain HTTP on loopback, with static files uncollected (the pages, not the assets, are
measured)."""

from .production import *  # noqa: F403
from .production import STORAGES

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
