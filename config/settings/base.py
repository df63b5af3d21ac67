"""Settings shared by every environment.

Everything real lives here; ``local``, ``test`` and ``production`` only override.
Values come from the environment through one reader (django-environ); a malformed
value stops the start-up with a clear error instead of running half-configured.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.logs import JSON_FORMATTER

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "accounts",
    "scoring",
    "coaching",
    "privacy",
    "outbox",
]

MIDDLEWARE = [
    # First, so that every response (redirects and errors too) carries its request id.
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, so that it can tell a user whose session it ended why.
    "accounts.middleware.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (psycopg 3) in production and CI; without it a local
# SQLite file lets anyone try the platform with no server installed.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Every Redis socket (broker, results, cache, beat lock, health check) gives up after
# these many seconds, so that a frozen Redis delays a request by at most that much once
# (the cache and the outbox then stop trying for a few seconds) and never hangs it.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
_redis_sockets = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}

if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to "no cache" while Redis is away (config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ssi",
            "OPTIONS": dict(_redis_sockets),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Time limits. The global one is the longest any task may run; the archive import has
# its own, shorter one, which is also the lease of a running import (an import whose
# worker died is claimed again once its lease has passed; scoring.archive.services).
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
ARCHIVE_IMPORT_SOFT_TIME_LIMIT = 10 * 60
ARCHIVE_IMPORT_TIME_LIMIT = ARCHIVE_IMPORT_SOFT_TIME_LIMIT + 60
# Attempts of one import (a worker that dies mid-import counts as one); then it fails.
ARCHIVE_IMPORT_MAX_ATTEMPTS = 3
# Redis hands an unacknowledged message to another worker once it has been out for the
# visibility timeout. Tasks acknowledge late (after they ran), so the timeout must be
# longer than the longest a task can run, or a task still running would be handed out a
# second time; the task of a worker that died wholesale is handed out after it (kombu
# looks for such messages every 100 s; a dead pool process is noticed at once). The
# longest is the global hard limit (with a prefetch multiplier of 1 a worker holds no
# message beyond those it runs); one minute more covers the time from delivery to
# start. Retry countdowns (at most the import's lease) stay below it too.
CELERY_VISIBILITY_TIMEOUT = max(CELERY_TASK_TIME_LIMIT, ARCHIVE_IMPORT_TIME_LIMIT) + 60

BROKER_DIR = Path(env.str("BROKER_DIR", default=str(BASE_DIR / "var" / "broker")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        **_redis_sockets,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
    CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
    # Exactly one beat: celery-redbeat keeps the schedule in Redis and holds a lock
    # there; a second beat started by mistake waits for the lock instead of sending
    # every periodic task twice, and takes over if the first one dies.
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = REDIS_URL
    CELERY_REDBEAT_REDIS_OPTIONS = dict(_redis_sockets)
    CELERY_REDBEAT_LOCK_TIMEOUT = env.int("BEAT_LOCK_TIMEOUT", default=150)
    CELERY_BEAT_MAX_LOOP_INTERVAL = env.int("BEAT_MAX_LOOP_INTERVAL", default=30)
else:
    # A broker that needs no server: kombu's filesystem transport, shared by every
    # process on this machine through a folder (and one beat, started by `make run`).
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{BROKER_DIR / 'results'}"
    for _folder in ("queue", "processed", "results", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=CELERY_BROKER_URL)
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT + REDIS_SOCKET_TIMEOUT
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Nothing waits for a task's result; not storing them also keeps the result backend
# off the request path (publishing would otherwise subscribe to the result).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = timedelta(hours=6)
# Every task is safe to run twice (claimed rows, upserts, unique constraints), so every
# task acknowledges late: a message is removed from the queue only once its task has
# run, and a task whose worker process died (killed, out of memory) is queued again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"


def _positive_int(name: str, default: int) -> int:
    value = env.int(name, default=default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, not {value}.")
    return value


# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Brute-force protection: AXES_FAILURE_LIMIT failures for one e-mail from one client
# address lock that pair for AXES_COOLOFF_MINUTES. Locking the pair, not the account,
# means a stranger who only knows an e-mail locks only themselves out: the member logs
# in from their own network meanwhile. Failures while locked out are refused without
# being counted, so the lock ends when its cool-off has passed, however often the
# stranger keeps trying. (Colleagues behind one office address are separate pairs too.)
AXES_FAILURE_LIMIT = _positive_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_positive_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.auth.client_ip"
AXES_VERBOSE = False
# Reverse proxies (load balancer, nginx) in front of the web processes that append the
# client's address to X-Forwarded-For: the client is that many entries from the right.
# 0 (the default) trusts no header and takes the socket's peer address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# --- Sessions ---------------------------------------------------------------------------
# Everyone is logged out SESSION_MAX_HOURS after logging in, however active; staff and
# coaches, who see other people's records, also after SESSION_IDLE_MINUTES_STAFF without
# a request (accounts.middleware.SessionExpiryMiddleware).
SESSION_ABSOLUTE_AGE = timedelta(hours=_positive_int("SESSION_MAX_HOURS", 12))
SESSION_IDLE_TIMEOUT_STAFF = timedelta(minutes=_positive_int("SESSION_IDLE_MINUTES_STAFF", 30))
# The browser forgets the cookie by then too.
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_AGE.total_seconds())

INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# Largest LinkedIn archive a trainee may upload (LinkedIn's own exports are far smaller).
ARCHIVE_IMPORT_MAX_UPLOAD_MB = env.int("ARCHIVE_IMPORT_MAX_UPLOAD_MB", default=200)

# Scheduled jobs split the trainees into chunks of ids, one Celery task per chunk, so
# that more workers finish sooner. A chunk of estimates costs a constant number of
# queries whatever its size; a plan costs a few dozen per trainee, hence the smaller one.
ESTIMATES_RECOMPUTE_CHUNK_SIZE = env.int("ESTIMATES_RECOMPUTE_CHUNK_SIZE", default=1000)
PLANS_GENERATE_CHUNK_SIZE = env.int("PLANS_GENERATE_CHUNK_SIZE", default=100)
for _chunk_setting in ("ESTIMATES_RECOMPUTE_CHUNK_SIZE", "PLANS_GENERATE_CHUNK_SIZE"):
    if globals()[_chunk_setting] < 1:
        raise ImproperlyConfigured(f"{_chunk_setting} must be at least 1.")

# Raw activity (what a trainee did on LinkedIn, day by day) older than this many months
# is deleted every night (privacy.retention); 0 keeps it forever. Estimates already
# computed stay as they are, and the engine never reads that far back: the shortest
# allowed retention covers the longest window any recomputed estimate reads (a system
# check refuses less).
ACTIVITY_RETENTION_MONTHS = env.int("ACTIVITY_RETENTION_MONTHS", default=24)
if ACTIVITY_RETENTION_MONTHS < 0:
    raise ImproperlyConfigured("ACTIVITY_RETENTION_MONTHS must be 0 (keep forever) or more.")
# Rows deleted per statement (and per transaction) by the retention job.
ACTIVITY_PRUNE_CHUNK_SIZE = env.int("ACTIVITY_PRUNE_CHUNK_SIZE", default=5000)
if ACTIVITY_PRUNE_CHUNK_SIZE < 1:
    raise ImproperlyConfigured("ACTIVITY_PRUNE_CHUNK_SIZE must be at least 1.")

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("it", _("Italian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Small overrides of Django's date formats (Italian dates without a leading zero).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "ssi_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
# Where `manage.py collectstatic` gathers the static files that WhiteNoise serves.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Uploads (archive imports) are written by the web process and read by a worker, maybe
# on another machine: with more than one machine they must live in a store every
# process reaches. STORAGE_BACKEND=s3 selects any S3-compatible store (AWS, MinIO,
# Ceph, Garage...) through django-storages; the default is the local MEDIA_ROOT, which
# only works while web and workers share one disk.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="filesystem")
if STORAGE_BACKEND == "s3":
    _default_storage: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Empty keys let boto3 find credentials itself (instance role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # "path" for stores without per-bucket host names (many MinIO setups).
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            # Uploads are private: never public, never overwritten by a name clash.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif STORAGE_BACKEND == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise environ.ImproperlyConfigured(
        f"STORAGE_BACKEND must be 'filesystem' or 's3', not {STORAGE_BACKEND!r}"
    )
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail -----------------------------------------------------------------------------
# One URL (EMAIL_URL, e.g. smtp+tls://user:pass@host:587) becomes Django's MAILERS.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_options = {}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _email_options = {
        "host": _email.get("EMAIL_HOST") or "localhost",
        "port": _email.get("EMAIL_PORT") or 25,
        "username": _email.get("EMAIL_HOST_USER", ""),
        "password": _email.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SSI Coach <coach@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------
# Every cookie is HttpOnly and SameSite=Lax; production makes them Secure as well. No
# script reads the CSRF cookie: pages (htmx's hx-headers, the API docs) carry the token.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Strict CSP: no inline script or style anywhere; everything comes from our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- REST API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    # The token class first: a request without credentials is then answered 401 with
    # ``WWW-Authenticate: Token`` (the first class names the scheme), not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.UserLanguageTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "config.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "config.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SSI Coach API",
    "DESCRIPTION": "Record and explain LinkedIn Social Selling Index scores and coach teams.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Product hooks ----------------------------------------------------------------------
# The trainee dashboard is assembled from panels that each app contributes, so that
# accounts never imports the apps that depend on it. Each entry is a callable
# ``panel(request, trainee) -> Panel | None``.
DASHBOARD_PANELS: list[str] = [
    "scoring.panels.score_panel",
    "coaching.panels.plan_panel",
]
# Columns, filters and sections of the cohort dashboard, in this order:
# ``columns(board: CohortBoard) -> CohortColumns`` (coaching reuses what scoring read).
# URL name of the page listing the tasks that raise a factor (``?factor=<key>``).
FACTOR_TASKS_URL_NAME = "coaching:catalogue"
# The score charts page: ``outlook(trainee) -> dict | None`` gives the target and the
# forecast to its date; each entry of SCORE_CHART_MARKS, ``marks(trainee, since) ->
# list[(day, label)]``, marks days on the charts (such as drops that hit a whole cohort).
SCORE_CHART_OUTLOOK = "coaching.panels.chart_outlook"
SCORE_CHART_MARKS: list[str] = ["scoring.panels.shared_drop_marks"]
# Run before the cohort dashboard's columns, to load what several of them read: the
# stored row per trainee (``coaching.summaries``).
COHORT_BOARD_LOADERS: list[str] = ["coaching.summaries.cohort_board_load"]
# Called by scoring after a write that changes a trainee's scores, ``hook(user_ids=...,
# what=...)`` with what in "snapshots", "activities", "estimates", "shared_drops": the
# apps that keep summaries of them (scoring never imports coaching).
SCORE_CHANGE_HOOKS: list[str] = ["coaching.summaries.scores_changed"]
COHORT_COLUMNS: list[str] = [
    "scoring.panels.cohort_columns",
    "coaching.panels.cohort_columns",
]
# URL name of a cohort's leaderboard (``args=[cohort_id]``), linked from the dashboard.
LEADERBOARD_URL_NAME = "scoring:leaderboard"

# Logs go to standard error, one line per record, each with the id of its request (or of
# the request that enqueued its task: config/logs.py). LOG_FORMAT=json writes one JSON
# object a line (production's default, for a log collector); "plain" is for people.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": JSON_FORMATTER,
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # One line per request comes from config.logs; the server's own is redundant.
        "django.server": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"
