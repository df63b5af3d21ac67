import csv
import io
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_trainee_exports_their_data_then_deletes_their_account(
    page, live_server, e2e_user, e2e_login
):
    from accounts.models import User
    from tests.factories import CohortFactory
    from tests.scoring.factories import SnapshotFactory

    trainee = e2e_user(email="tina@example.com", first_name="Tina")
    CohortFactory(name="Acme Sales").memberships.create(user=trainee)
    days = [date.today() - timedelta(days=d) for d in (2, 1, 0)]
    for day in days:
        SnapshotFactory(user=trainee, date=day, brand=Decimal("13.118002"))
    e2e_login(page, live_server, trainee.email, trainee.raw_password)

    page.goto(f"{live_server.url}/settings/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert re.fullmatch(r"ssi-coach-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    with zipfile.ZipFile(download.path()) as archive:
        text = archive.read("snapshots.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["date"] for row in rows] == [d.isoformat() for d in days]
    assert {row["brand"] for row in rows} == {"13.118002"}

    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete my account")
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    page.get_by_label("Your password").fill(trainee.raw_password)
    page.get_by_label("I understand that my account").check()
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been deleted")
    assert not User.objects.filter(email="tina@example.com").exists()

    e2e_login(page, live_server, "tina@example.com", trainee.raw_password)
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]
