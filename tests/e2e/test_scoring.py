import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_EN = (Path(__file__).parent.parent / "scoring" / "pages" / "en_full.txt").read_text()


def test_trainee_pastes_the_ssi_page_and_sees_the_dashboard_change(
    page, live_server, e2e_user, e2e_login
):
    trainee = e2e_user(email="tina@example.com", first_name="Tina")
    e2e_login(page, live_server, trainee.email, trainee.raw_password)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    panel = page.locator(".score-panel")
    expect(panel).to_contain_text("No SSI recorded yet.")

    panel.get_by_role("link", name="Paste your SSI page").first.click()
    page.get_by_label("Your SSI page").fill(PAGE_EN)
    page.get_by_role("button", name="Read").click()

    # What was read is shown for confirmation; nothing is saved yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what we read")
    expect(page.get_by_label("Establish your professional brand")).to_have_value("18.41")
    expect(page.get_by_label("Industry SSI rank: top %")).to_have_value("5")
    page.get_by_role("button", name="Save this SSI").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("status")).to_contain_text("Your SSI has been saved.")
    expect(panel).not_to_contain_text("No SSI recorded yet.")
    expect(panel.locator(".score-big").first).to_contain_text("67.26")
    expect(panel.get_by_role("row", name=re.compile("Find the right people"))).to_contain_text(
        "15.06"
    )
    expect(panel).to_contain_text("Top 5%")
    expect(panel.locator("svg.line-chart").first).to_be_visible()

    # The range switch swaps only the charts (htmx), without leaving the page.
    panel.get_by_role("link", name="1 year").click()
    expect(panel.get_by_role("link", name="1 year")).to_have_attribute("aria-current", "true")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(panel.locator(".score-big").first).to_contain_text("67.26")
    # The strict CSP held: nothing on the page was refused.
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]
