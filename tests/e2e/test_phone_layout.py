"""Every trainee page fits a 390 px phone, in English and in Italian.

One browser context, logged in once, walks every page a trainee has (with a realistic
history, a plan and a finished import behind it) in both languages, and fails on any
page that scrolls sideways. Opening a plan task's Skip form is part of the walk: it used
to widen the page.
"""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

TRAINEE_PAGES = [
    "/dashboard/",
    "/ssi/",
    "/ssi/new/",
    "/ssi/paste/",
    "/ssi/charts/",
    "/ssi/why/",
    "/signals/activity/",
    "/signals/profile/",
    "/signals/network/",
    "/archive/",
    "/archive/{import_id}/",
    "/plan/",
    "/plan/history/",
    "/plan/target/",
    "/plan/best-practices/",
    "/notifications/",
    "/settings/",
    "/password/change/",
]

OVERFLOW_JS = """() => {
  // Open every disclosure (chart tables, Skip forms): what they hold must fit too.
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1)
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className) : ''));
  // A table that scrolls inside its own box hides its last columns (Edit, Delete) just
  // as surely: count those boxes too.
  const boxes = [...document.querySelectorAll('body *')]
    .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
      && el.scrollWidth > el.clientWidth + 1)
    .slice(0, 3)
    .map(el => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
  return {scroll: doc.scrollWidth, client: doc.clientWidth, wide, boxes};
}"""


def _overflow(page) -> str | None:
    found = page.evaluate(OVERFLOW_JS)
    if found["scroll"] > found["client"]:
        return f"{found['scroll']}px > {found['client']}px ({', '.join(found['wide'])})"
    if found["boxes"]:
        return f"scrolls inside: {', '.join(found['boxes'])}"
    return None


@pytest.fixture
def seeded_trainee(transactional_db):
    from accounts.models import User
    from coaching.services import plan_generate
    from scoring.models import ArchiveImport, ArchiveImportStatus

    call_command("seed_demo", verbosity=0)
    trainee = User.objects.get(email="trainee@demo.ssicoach.test")
    User.objects.filter(role="trainee").exclude(pk=trainee.pk).delete()
    call_command("seed_scoring_demo", verbosity=0)
    plan_generate(user=trainee)
    done = ArchiveImport.objects.create(
        user=trainee,
        status=ArchiveImportStatus.DONE,
        progress=100,
        original_name="Basic_LinkedInDataExport_12-01-2026.zip",
        counts={"comment": 12, "reaction": 40},
        activities_added=52,
    )
    trainee.import_id = done.pk
    return trainee


def test_no_trainee_page_scrolls_sideways_on_a_phone(browser, live_server, seeded_trainee):
    from accounts.management.commands.seed_demo import DEMO_PASSWORD

    context = browser.new_context(locale="en-GB", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", seeded_trainee.email)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url("**/dashboard/")
        problems: list[str] = []
        for language in ("en", "it"):
            page.goto(f"{live_server.url}/settings/")
            page.click(f".language-switch button[value={language}]")
            page.wait_for_load_state("load")
            assert page.locator("html").get_attribute("lang") == language
            for path in TRAINEE_PAGES:
                url = live_server.url + path.format(import_id=seeded_trainee.import_id)
                response = page.goto(url)
                assert response is not None and response.status == 200, (language, path)
                if (problem := _overflow(page)) is not None:
                    problems.append(f"{language} {path}: {problem}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_landing_page_fits_a_phone_in_both_languages(browser, live_server, transactional_db):
    context = browser.new_context(locale="en-GB", viewport=PHONE)
    page = context.new_page()
    try:
        problems = []
        for language in ("en", "it"):
            cookie = {"name": "ssi_language", "value": language, "url": live_server.url}
            context.add_cookies([cookie])
            for path in ("/", "/login/"):
                page.goto(live_server.url + path)
                assert page.locator("html").get_attribute("lang") == language
                if (problem := _overflow(page)) is not None:
                    problems.append(f"{language} {path}: {problem}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
