"""The test suite: fast hashing, in-memory mail and cache, eager nothing."""

from .base import *  # noqa: F403
from .base import CELERY_BROKER_TRANSPORT_OPTIONS, STATIC_ROOT, STORAGES, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Each test starts with an empty cache (axes and API throttling use it); Redis itself is
# exercised by the Celery integration tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The default storage is base's (the filesystem unless STORAGE_BACKEND says otherwise:
# a worker started by the S3 test uses S3).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Eager unless a test starts a real worker process, which sets it false.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
LANGUAGE_CODE = "en"
# Keep raw activity forever: the archives and histories of other features' tests are
# years old. The retention's own tests set the months they test.
ACTIVITY_RETENTION_MONTHS = env.int("TEST_ACTIVITY_RETENTION_MONTHS", default=0)

# WhiteNoise warns about a missing static root; on a developer's machine (and in the
# tests) it is simply not collected yet. Production creates it with collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Fault tests start real workers with short limits so that a dead worker's task is
# handed out again, and a dead import claimed again, within seconds instead of minutes.
# Only the test settings read these; a worker may also import test-only modules (hooks
# that hold a task in the middle so that the test can kill its worker there).
if _limit := env.int("TEST_ARCHIVE_IMPORT_TIME_LIMIT", default=0):
    ARCHIVE_IMPORT_TIME_LIMIT = _limit
    ARCHIVE_IMPORT_SOFT_TIME_LIMIT = max(_limit - 1, 1)
if _visibility := env.int("TEST_CELERY_VISIBILITY_TIMEOUT", default=0):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "visibility_timeout": _visibility,
        # Look for messages of dead workers every second, not every 100 s.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
CELERY_IMPORTS = env.list("TEST_CELERY_IMPORTS", default=[])
# Worker processes started by a test cannot share its in-memory outbox: such a test
# names a folder, and their e-mails are written there, readable.
if env.str("TEST_EMAIL_DIR", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "config.mail.DecodedFileBackend",
            "OPTIONS": {"file_path": env.str("TEST_EMAIL_DIR")},
        }
    }
