"""Staff's journey in the Django admin: create a cohort, invite its trainees from a CSV
file (a file with problems first, refused as a whole; then the corrected one), and see
the invitations listed and sent."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# As Excel saves "CSV (semicolon)" with a UTF-8 byte order mark: CRLF, Italian headers.
BAD_CSV = (
    "\ufeffE-mail;Nome;Cognome;Lingua\r\n"
    "anna.rossi@example.com;Anna;Rossi;it\r\n"
    "bruno.bianchi@example;Bruno;Bianchi;it\r\n"
    "Anna.Rossi@example.com;Anna;Rossi;\r\n"
    "chiara.verdi@example.com;Chiara;Verdi;en\r\n"
).encode()
GOOD_CSV = (
    "\ufeffE-mail;Nome;Cognome;Lingua\r\n"
    "anna.rossi@example.com;Anna;Rossi;it\r\n"
    "bruno.bianchi@example.com;Bruno;Bianchi;it\r\n"
    "chiara.verdi@example.com;Chiara;Verdi;en\r\n"
).encode()


def upload(page, name: str, data: bytes) -> None:
    page.get_by_label("CSV file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Send invitations").click()


def test_staff_create_a_cohort_and_invite_trainees_from_csv(page, live_server, e2e_user, e2e_login):
    staff = e2e_user(email="sara@example.com", first_name="Sara", is_staff=True, is_superuser=True)
    e2e_user(email="carla@example.com", first_name="Carla", last_name="Coach", role="coach")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("E-mail address").fill(staff.email)
    page.get_by_label("Password").fill(staff.raw_password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohorts, people and content")

    # A new cohort, with its coach.
    page.get_by_role("row", name=re.compile(r"^Cohorts")).get_by_role("link", name="Add").click()
    page.get_by_label("Name:", exact=True).fill("Acme Sales 2027")
    page.get_by_label("Client company:").fill("Acme")
    page.get_by_label("Start date:").fill("2027-01-11")
    page.get_by_label("End date:").fill("2027-04-30")
    page.get_by_role("listbox", name="Available coaches").select_option(label="Carla Coach")
    page.get_by_role("button", name="Choose selected coaches").click()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.get_by_role("listbox", name="Chosen coaches")).to_contain_text("Carla Coach")

    # The CSV page, from the cohort's own page.
    page.get_by_role("link", name="Invite trainees from CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite trainees from a CSV file")

    # A file with two bad rows is refused whole, each problem on its line.
    upload(page, "trainees.csv", BAD_CSV)
    expect(page.locator(".errornote")).to_have_text(
        "2 rows have a problem; no invitation was created."
    )
    errors = page.locator("#csv-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_have_text(re.compile(r"3\s*bruno.bianchi@example\s*not a valid"))
    expect(errors.nth(1)).to_have_text(
        re.compile(r"4\s*anna.rossi@example.com\s*duplicate of line 2")
    )
    assert mail.outbox == []

    # The corrected file: every row invited, and staff are back on the cohort.
    upload(page, "trainees.csv", GOOD_CSV)
    expect(page.locator(".messagelist")).to_contain_text("3 invitations created and sent.")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Change cohort"))
    invitations = page.locator("#invitations-group tbody tr.has_original")
    expect(invitations).to_have_count(3)
    for email, first, language in (
        ("anna.rossi", "Anna", "Italian"),
        ("bruno.bianchi", "Bruno", "Italian"),
        ("chiara.verdi", "Chiara", "English"),
    ):
        row = invitations.filter(has_text=f"{email}@example.com")
        expect(row).to_contain_text(first)
        expect(row.locator("td.field-language")).to_have_text(language)
        expect(row).to_contain_text("pending")

    # The invitations list says each one was sent once; the e-mails went out.
    page.goto(f"{live_server.url}/admin/accounts/invitation/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    for index in range(3):
        expect(rows.nth(index)).to_contain_text("Acme Sales 2027")
        expect(rows.nth(index).locator("td.field-send_count")).to_have_text("1")
    # Each in the language of its row.
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("anna.rossi@example.com", "Invito a unirti a Acme Sales 2027 su SSI Coach"),
        ("bruno.bianchi@example.com", "Invito a unirti a Acme Sales 2027 su SSI Coach"),
        ("chiara.verdi@example.com", "You are invited to join Acme Sales 2027 on SSI Coach"),
    ]
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]
