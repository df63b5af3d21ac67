import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_trainee_uploads_an_archive_and_sees_the_summary(
    page, live_server, e2e_user, e2e_login, tmp_path, settings
):
    from tests.factories import CohortFactory
    from tests.scoring.archive.generator import build_archive

    settings.MEDIA_ROOT = tmp_path / "media"
    trainee = e2e_user(email="tina@example.com", first_name="Tina", last_name="Trainee")
    CohortFactory(name="Acme Sales").memberships.create(user=trainee)
    archive = build_archive("2024")
    upload = tmp_path / archive.name
    upload.write_bytes(archive.data)

    e2e_login(page, live_server, trainee.email, trainee.raw_password)
    page.get_by_role("link", name="Import archive").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import your LinkedIn archive")
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("networkidle")

    # Tests run Celery eagerly, so the import has finished by the time the page loads.
    expect(page).to_have_url(re.compile(r"/archive/\d+/$"))
    expect(page.get_by_role("heading", name="Result")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Connections.csv")).to_be_visible()
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]


def test_progress_bar_follows_a_running_import(page, live_server, e2e_user, e2e_login):
    from scoring.models import ArchiveImport

    trainee = e2e_user(email="tina@example.com", first_name="Tina")
    from tests.factories import CohortFactory

    CohortFactory(name="Acme Sales").memberships.create(user=trainee)
    record = ArchiveImport.objects.create(
        user=trainee, status="running", progress=30, original_name="export.zip"
    )
    e2e_login(page, live_server, trainee.email, trainee.raw_password)
    page.goto(f"{live_server.url}/archive/{record.pk}/")
    expect(page.locator("progress")).to_have_attribute("value", "30")

    ArchiveImport.objects.filter(pk=record.pk).update(progress=80)
    expect(page.locator("progress")).to_have_attribute("value", "80")

    ArchiveImport.objects.filter(pk=record.pk).update(
        status="done",
        progress=100,
        files=[
            {
                "name": "Connections.csv",
                "kind": "connections",
                "status": "used",
                "rows_read": 3,
                "rows_used": 3,
                "skipped": {},
            }
        ],
    )
    # htmx swaps the summary in without a reload, and the polling stops.
    expect(page.get_by_role("rowheader", name="Connections.csv")).to_be_visible()
    expect(page.locator("progress")).to_have_count(0)
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]
