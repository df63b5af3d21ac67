"""A coach runs a cohort from the dashboard in a real browser."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coach_sorts_filters_opens_a_trainee_notes_verifies_and_exports(
    page, live_server, e2e_user, e2e_login
):
    from scoring import services
    from scoring.models import SsiSnapshot
    from tests.factories import CohortFactory

    coach = e2e_user(email="carla@example.com", first_name="Carla", role="coach")
    cohort = CohortFactory(name="Acme Sales")
    cohort.coaches.add(coach)
    today = timezone.localdate()
    people = {}
    for first, old, new in [("Anna", 40, 55), ("Bruno", 60, 50), ("Chiara", 30, 35)]:
        user = e2e_user(email=f"{first.lower()}@example.com", first_name=first, last_name="Rossi")
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        cohort.memberships.create(user=user, joined_at=timezone.now() - timedelta(days=60))
        for day, total in ((today - timedelta(days=31), old), (today, new)):
            q = Decimal(total) / 4
            services.snapshot_record(
                user=user, date=day, brand=q, people=q, insights=q, relationships=q
            )
        people[first] = user

    e2e_login(page, live_server, coach.email, coach.raw_password)
    page.goto(f"{live_server.url}/coach/cohorts/{cohort.pk}/")
    table = page.locator("table.dashboard-table")
    names = table.locator("tbody th[scope=row]")
    expect(names).to_have_count(3)

    # Sort by the latest SSI, highest first: swapped in place, the state in the URL.
    page.locator('a.sort[data-sort="ssi"]').click()  # ascending
    expect(page).to_have_url(re.compile(r"sort=-ssi"))
    expect(names.first).to_have_text("Anna Rossi")
    page.locator('a.sort[data-sort="ssi"]').click()
    expect(page).to_have_url(re.compile(r"sort=ssi"))
    expect(names.first).to_have_text("Chiara Rossi")

    # Only those who need attention: Bruno lost 10 points.
    page.locator('a[data-filter="risk"]').click()
    expect(page).to_have_url(re.compile(r"filter=risk"))
    expect(names).to_have_count(1)
    expect(table).to_contain_text("SSI down 10.0 points in 30 days")

    # Open him, write a note.
    names.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bruno Rossi")
    page.get_by_role("link", name="Plan, notes, tasks and strategy").click()
    page.get_by_role("textbox", name="Note").fill("Talk about the drop on Friday.")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#notes")).to_contain_text("Talk about the drop on Friday.")

    # Verify his latest SSI entry.
    page.goto(f"{live_server.url}/coach/trainees/{people['Bruno'].pk}/ssi/")
    page.get_by_role("button", name=re.compile(r"^Verify")).first.click()
    expect(page.locator("[data-verified]").first).to_contain_text("Verified by Carla")
    assert SsiSnapshot.objects.filter(user=people["Bruno"], verified_by=coach).count() == 1

    # Export the cohort.
    page.goto(f"{live_server.url}/coach/cohorts/{cohort.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    path = download.value.path()
    content = Path(path).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "Bruno" in text and "Anna" in text and "Chiara" in text
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]

    # At 1280 px no column is cut; on a 390 px phone the table scrolls in its own box and
    # the page itself never scrolls sideways.
    fits = "(() => { const w = document.querySelector('.dashboard-wrap');"
    fits += " return [w.scrollWidth, w.clientWidth]; })()"
    scroll, width = page.evaluate(fits)
    assert scroll <= width + 1, (scroll, width)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390, page_width
