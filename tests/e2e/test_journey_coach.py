"""A coach's journey: from the cohort dashboard to a trainee, a note and a task; then the
trainee, in a browser of their own, finds the task and the shared note (and not the
private one), does the task, and the coach sees it done."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def catalogue(transactional_db):
    """Transactional tests flush the tables between tests, data migrations included."""
    from coaching.seed import catalogue_sync

    catalogue_sync()


def test_a_coach_notes_and_assigns_and_the_trainee_sees_it(
    browser, page, live_server, e2e_user, e2e_login
):
    from scoring import services
    from tests.factories import CohortFactory

    coach = e2e_user(email="carla@example.com", first_name="Carla", last_name="Coach", role="coach")
    cohort = CohortFactory(name="Acme Sales")
    cohort.coaches.add(coach)
    today = timezone.localdate()
    for first, total in (("Anna", 52), ("Bruno", 38)):
        user = e2e_user(
            email=f"{first.lower()}@example.com",
            first_name=first,
            last_name="Rossi",
            working_days=list(range(7)),
        )
        cohort.memberships.create(user=user, joined_at=timezone.now() - timedelta(days=30))
        q = Decimal(total) / 4
        services.snapshot_record(
            user=user, date=today, brand=q, people=q, insights=q, relationships=q
        )

    # The coach lands on their cohorts and opens the dashboard.
    e2e_login(page, live_server, coach.email, coach.raw_password)
    expect(page).to_have_url(re.compile(r"/coach/$"))
    page.get_by_role("link", name="Acme Sales").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Sales")
    table = page.locator("table.dashboard-table")
    expect(table.locator("tbody th[scope=row]")).to_have_text(["Anna Rossi", "Bruno Rossi"])
    expect(table.get_by_role("row", name=re.compile("Bruno Rossi"))).to_contain_text("38")

    # Opens Bruno, then his plan page with the coach's tools.
    table.get_by_role("link", name="Bruno Rossi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bruno Rossi")
    page.get_by_role("link", name="Plan, notes, tasks and strategy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bruno Rossi: this week")

    # A note for the coaches only, then one shared with Bruno.
    notes = page.locator("#notes")
    notes.get_by_role("textbox", name="Note").fill("Bruno is shy about posting: go gently.")
    notes.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("status")).to_contain_text("The note has been saved.")
    notes.get_by_role("textbox", name="Note").fill("Great start! Comment on two posts a day.")
    notes.get_by_label("Shared with the trainee").check()
    notes.get_by_role("button", name="Save note").click()
    expect(notes.locator("li", has_text="Great start!")).to_contain_text("Shared with the trainee")
    expect(notes.locator("li", has_text="go gently")).to_contain_text("Private to coaches")

    # A task of the coach's own, for today.
    add = page.locator("#add-task")
    add.get_by_label("Task").fill("Comment on a customer's post")
    add.get_by_label("Pillar").select_option(label="Engage with insights")
    add.get_by_label("Effort (minutes)").fill("10")
    add.get_by_label("Day").fill(today.isoformat())
    add.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_role("status")).to_contain_text("The task has been added to the plan.")
    coach_task = page.locator("section.day.today li", has_text="Comment on a customer's post")
    expect(coach_task).to_contain_text("10 minutes")

    # Bruno, in his own browser, finds both on his plan.
    other = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    other.set_default_timeout(15_000)
    bruno = other.new_page()
    try:
        e2e_login(bruno, live_server, "bruno@example.com", coach.raw_password)
        bruno.get_by_role("link", name="Weekly plan").click()
        expect(bruno.get_by_role("heading", level=1)).to_have_text("This week's plan")
        task = bruno.locator("section.day.today li", has_text="Comment on a customer's post")
        expect(task).to_contain_text("From your coach Carla")
        expect(bruno.get_by_text("Great start! Comment on two posts a day.")).to_be_visible()
        expect(bruno.get_by_text("go gently")).to_have_count(0)
        task.get_by_role("button", name=re.compile(r"^Mark .* as done$")).click()
        expect(task.get_by_role("button", name=re.compile(r"^Undo"))).to_be_visible()
        # His dashboard counts it among today's tasks.
        bruno.get_by_role("link", name="Dashboard").click()
        today_panel = bruno.get_by_role("region", name="Today's plan")
        expect(today_panel).to_contain_text("Done: Comment on a customer's post")
    finally:
        other.close()

    # Back in the coach's browser: the task shows as done.
    page.reload()
    done = page.locator("section.day.today li", has_text="Comment on a customer's post")
    expect(done.get_by_role("heading")).to_have_text("✓ Done: Comment on a customer's post")
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]
