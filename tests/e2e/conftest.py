"""End-to-end tests: a real Chromium (Debian's package) driven by Playwright.

Outside CI a missing browser skips these tests with a message; in CI (CI=true) it
fails the run, so a green CI always means the browser tests ran.
"""

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# tests themselves (creating users) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if os.path.exists(candidate):
        return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    path = _chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.csp_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def e2e_user(transactional_db):
    """Create a user with a known password: ``e2e_user(email=..., role=...)``."""
    from tests.factories import PASSWORD, UserFactory

    def make(**fields):
        user = UserFactory(**fields)
        user.raw_password = PASSWORD
        return user

    return make


@pytest.fixture
def e2e_login():
    """Log in through the real login form: ``e2e_login(page, live_server, email, password)``."""

    def login(page, live_server, email: str, password: str) -> None:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit].primary")
        page.wait_for_load_state("networkidle")

    return login
