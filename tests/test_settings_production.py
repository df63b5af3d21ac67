"""The production settings really carry connection reuse where Django reads it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRINT_DATABASE = (
    "import json; from django.conf import settings; import django; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({k: db.get(k) for k in ('ENGINE', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}"
    " | {'top_level': hasattr(settings, 'CONN_MAX_AGE')}))"
)


def production_database(**extra: str) -> dict[str, object]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="production-settings-test-" + "x" * 40,
        DATABASE_URL="postgres://ssi@db.invalid:5432/ssi",
        REDIS_URL="redis://redis.invalid:6379/0",
        **extra,
    )
    done = subprocess.run(
        [sys.executable, "-c", PRINT_DATABASE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_reuses_connections_by_default() -> None:
    db = production_database()
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True
    assert db["top_level"] is False  # Django ignores a top-level CONN_MAX_AGE


def test_production_connection_reuse_comes_from_the_environment() -> None:
    db = production_database(CONN_MAX_AGE="300", CONN_HEALTH_CHECKS="false")
    assert db["CONN_MAX_AGE"] == 300
    assert db["CONN_HEALTH_CHECKS"] is False
