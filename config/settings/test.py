"""The test suite: fast hashing, in-memory mail and cache, eager nothing."""

from .base import *  # noqa: F403
from .base import STATIC_ROOT, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Each test starts with an empty cache (axes and API throttling use it); Redis itself is
# exercised by the Celery integration tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Eager unless a test starts a real worker process, which sets it false.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
LANGUAGE_CODE = "en"

# WhiteNoise warns about a missing static root; on a developer's machine (and in the
# tests) it is simply not collected yet. Production creates it with collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Worker processes started by a test cannot share its in-memory outbox: such a test
# names a folder, and their e-mails are written there, readable.
if env.str("TEST_EMAIL_DIR", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "config.mail.DecodedFileBackend",
            "OPTIONS": {"file_path": env.str("TEST_EMAIL_DIR")},
        }
    }
