"""The operator's guide names every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "deploy.md").read_text()

READS = re.compile(r"""(?:env\.\w+|_positive_int|environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
# Read only by the test settings (their own fault-injection knobs).
TEST_ONLY = {
    "TEST_ACTIVITY_RETENTION_MONTHS",
    "TEST_ARCHIVE_IMPORT_TIME_LIMIT",
    "TEST_CELERY_IMPORTS",
    "TEST_CELERY_VISIBILITY_TIMEOUT",
    "TEST_EMAIL_DIR",
}


def variables_read() -> set[str]:
    sources = [*(ROOT / "config" / "settings").glob("*.py"), ROOT / "gunicorn.conf.py"]
    found = set()
    for source in sources:
        found |= set(READS.findall(source.read_text()))
    return found


def test_the_reader_finds_the_variables():
    found = variables_read()
    # Spread over base, production and gunicorn.conf.py, and over every way of reading.
    assert {
        "SECRET_KEY",
        "EMAIL_URL",
        "AWS_S3_ENDPOINT_URL",
        "SESSION_MAX_HOURS",
        "AXES_COOLOFF_MINUTES",
        "WEB_CONCURRENCY",
        "LOG_FORMAT",
    } <= found
    assert len(found) > 50


def test_every_variable_the_settings_read_is_in_the_operators_guide():
    missing = sorted(name for name in variables_read() - TEST_ONLY if f"`{name}`" not in GUIDE)
    assert missing == []


def test_the_readme_links_the_guide():
    assert "(docs/deploy.md)" in (ROOT / "README.md").read_text()
