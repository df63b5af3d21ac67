import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_trainee_logs_in_and_reaches_dashboard(page, live_server, e2e_user, e2e_login):
    from tests.factories import CohortFactory

    trainee = e2e_user(email="tina@example.com", first_name="Tina")
    CohortFactory(name="Acme Sales").memberships.create(user=trainee)
    e2e_login(page, live_server, trainee.email, trainee.raw_password)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tina")
    expect(page.get_by_text("Acme Sales")).to_be_visible()
    # The strict CSP held: nothing on the page was refused.
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]


def test_wrong_password_shows_a_clear_message(page, live_server, e2e_user, e2e_login):
    trainee = e2e_user(email="tina@example.com")
    e2e_login(page, live_server, trainee.email, "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    expect(page).to_have_url(re.compile(r"/login/$"))


def test_coach_sees_only_their_cohorts(page, live_server, e2e_user, e2e_login):
    from tests.factories import CohortFactory

    coach = e2e_user(email="carla@example.com", role="coach")
    mine, theirs = CohortFactory(name="Mine Cohort"), CohortFactory(name="Theirs Cohort")
    mine.coaches.add(coach)
    theirs.coaches.add(e2e_user(email="oscar@example.com", role="coach"))
    e2e_login(page, live_server, coach.email, coach.raw_password)
    expect(page).to_have_url(re.compile(r"/coach/$"))
    expect(page.get_by_role("link", name="Mine Cohort")).to_be_visible()
    expect(page.get_by_text("Theirs Cohort")).to_have_count(0)
    # Guessing the other cohort's address gives a 404 page, not its content.
    response = page.goto(f"{live_server.url}/coach/cohorts/{theirs.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_language_switch_shows_italian_and_is_remembered(page, live_server, e2e_user, e2e_login):
    trainee = e2e_user(email="tina@example.com", first_name="Tina")
    e2e_login(page, live_server, trainee.email, trainee.raw_password)
    page.get_by_role("button", name="IT").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ciao, Tina")
    expect(page.get_by_role("link", name="Impostazioni")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "it"
    trainee.refresh_from_db()
    assert trainee.language == "it"


def test_anonymous_browser_default_language_is_used(browser, live_server):
    context = browser.new_context(locale="it-IT", extra_http_headers={"Accept-Language": "it"})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accedi")
    context.close()
