"""A trainee runs their week in the browser: tick the habit, see the streak and estimate move."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def catalogue(transactional_db):
    """Transactional tests flush the tables between tests, data migrations included."""
    from coaching.seed import catalogue_sync

    catalogue_sync()


def test_trainee_ticks_a_task_and_sees_streak_and_estimate_change(
    page, live_server, e2e_user, e2e_login
):
    from tests.factories import CohortFactory

    # Every day is a working day, so that "today" has a habit whatever day the test runs.
    trainee = e2e_user(email="tina@example.com", first_name="Tina", working_days=list(range(7)))
    CohortFactory(name="Acme Sales").memberships.create(user=trainee)
    e2e_login(page, live_server, trainee.email, trainee.raw_password)

    page.get_by_role("link", name="Weekly plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This week's plan")
    # Opening the page made nothing; the button makes the plan (htmx POST, then redirect).
    expect(page.get_by_role("heading", name="No plan for this week yet")).to_be_visible()
    page.get_by_role("button", name="Make this week's plan").click()
    expect(page.get_by_text("This week's plan is ready.")).to_be_visible()
    streak = page.locator('[data-stat="streak"]')
    estimate = page.locator('[data-stat="estimate"]')
    expect(streak).to_have_text("0")
    before = estimate.inner_text()

    today = page.locator("section.day.today")
    habit = today.locator('li[data-task="daily-linkedin-session"]')
    habit.get_by_role("button", name=re.compile(r"^Mark .* as done$")).click()

    # Swapped in place by htmx: the task shows as done, the stats refresh out of band.
    expect(habit.get_by_role("button", name=re.compile(r"^Undo"))).to_be_visible()
    expect(streak).to_have_text("1")
    expect(estimate).not_to_have_text(before)
    assert page.url.endswith("/plan/")  # no full page load

    # Undo puts everything back.
    habit.get_by_role("button", name=re.compile(r"^Undo")).click()
    expect(streak).to_have_text("0")
    expect(estimate).to_have_text(before)

    # The choice survives a reload, and the page kept the strict CSP.
    habit.get_by_role("button", name=re.compile(r"^Mark .* as done$")).click()
    expect(streak).to_have_text("1")
    page.reload()
    expect(page.locator('[data-stat="streak"]')).to_have_text("1")
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]


def test_trainee_skips_a_task_with_a_reason(page, live_server, e2e_user, e2e_login):
    from tests.factories import CohortFactory

    trainee = e2e_user(email="sam@example.com", first_name="Sam", working_days=list(range(7)))
    CohortFactory(name="Acme Sales").memberships.create(user=trainee)
    e2e_login(page, live_server, trainee.email, trainee.raw_password)
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name="Make this week's plan").click()
    # The weekly SSI check is always on the first day of a new plan: today.
    task = page.locator('section.day.today li[data-task="weekly-ssi-check"]')
    task.locator("summary", has_text="Skip").click()
    task.get_by_label("Why are you skipping it?").select_option("no_time")
    task.get_by_role("button", name="Skip this task").click()
    expect(page.locator("section.day.today li.task-skipped")).to_contain_text(
        "Skipped: No time this week"
    )
