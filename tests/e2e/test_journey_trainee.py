"""A new trainee's whole journey in a real browser, from the invitation e-mail on.

The journey is a sequence of steps, each a function of one shared ``Trainee`` state, run
in order by one test: a step starts where the previous one left the browser. It ends on
the privacy pages, in Italian: the trainee downloads their data, then deletes their
account.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SSI_PAGE_EN = (Path(__file__).parent.parent / "scoring" / "pages" / "en_full.txt").read_text()
PASSWORD = "Lavender-orbit-1729"


@dataclass
class Trainee:
    """What the steps share: the browser, the server and what the trainee knows."""

    page: Page
    base_url: str
    email: str
    tmp_path: Path
    monkeypatch: pytest.MonkeyPatch
    first_name: str = "Nina"
    last_name: str = "Nuova"
    seen: dict[str, Any] = field(default_factory=dict)

    def go(self, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}")


def accepts_the_invitation(trainee: Trainee) -> None:
    """The link comes from the e-mail Django sent; the trainee names themself and a password."""
    (message,) = [m for m in mail.outbox if trainee.email in m.to]
    assert "Acme Sales" in message.subject
    path = re.search(r"https?://[^/\s]+(/invite/\S+/)", message.body).group(1)  # type: ignore[union-attr]
    trainee.go(path)
    page = trainee.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Acme Sales")
    expect(page.get_by_text(f"Create your account for {trainee.email}")).to_be_visible()
    # The name staff typed in the invitation is already there.
    expect(page.get_by_label("First name")).to_have_value(trainee.first_name)
    page.get_by_label("Last name").fill(trainee.last_name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to Acme Sales!")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {trainee.first_name}")

    # The link was for one use: opened again, it says so.
    trainee.go(path)
    expect(page.get_by_text("This invitation has already been used.")).to_be_visible()
    trainee.go("/dashboard/")


def pastes_the_ssi_page(trainee: Trainee) -> None:
    page = trainee.page
    panel = page.locator(".score-panel")
    expect(panel).to_contain_text("No SSI recorded yet.")
    panel.get_by_role("link", name="Paste your SSI page").first.click()
    page.get_by_label("Your SSI page").fill(SSI_PAGE_EN)
    page.get_by_role("button", name="Read").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what we read")
    expect(page.get_by_label("Establish your professional brand")).to_have_value("18.41")
    page.get_by_role("button", name="Save this SSI").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("status")).to_contain_text("Your SSI has been saved.")
    expect(panel.locator(".score-big").first).to_contain_text("67.26")
    expect(panel).to_contain_text("Top 5%")


def imports_an_archive(trainee: Trainee) -> None:
    """Upload a generated export and watch the progress bar until the result is shown.

    Celery runs eagerly in the tests, as in the other archive tests. To see the import
    while it waits, the hand-over to the broker is held back (as when the broker is
    slow): the upload's work waits in the outbox, and the relay then runs it while the
    page polls.
    """
    from outbox import services as outbox
    from tests.scoring.archive.generator import Sizes, build_archive

    archive = build_archive(
        "2024",
        sizes=Sizes(
            connections=12, messages=6, comments=4, shares=3, reactions=5, invitations=4, searches=2
        ),
    )
    upload = trainee.tmp_path / archive.name
    upload.write_bytes(archive.data)

    page = trainee.page
    page.get_by_role("link", name="Import archive").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import your LinkedIn archive")
    page.set_input_files("input[type=file]", str(upload))
    with trainee.monkeypatch.context() as held:
        held.setattr(outbox, "_publish_soon", lambda pk: None)
        page.get_by_role("button", name="Import").click()
        expect(page).to_have_url(re.compile(r"/archive/\d+/$"))
        progress = page.locator("progress")
        expect(progress).to_be_visible()
        expect(progress).to_have_attribute("value", "0")
        expect(page.get_by_text("0% done")).to_be_visible()

    outbox.outbox_relay()
    # The page polls: the bar gives way to the result without a reload.
    expect(page.get_by_role("heading", name="Result")).to_be_visible()
    expect(page.locator("progress")).to_have_count(0)
    expect(page.get_by_role("rowheader", name="Connections.csv")).to_be_visible()
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text(f"Connections{archive.truth['kinds']['connection']}")
    expect(page).to_have_url(re.compile(r"/archive/\d+/$"))
    trainee.seen["imported"] = Counter({k: n for k, n in archive.truth["kinds"].items() if n})


def works_every_day(trainee: Trainee) -> None:
    """The trainee works weekends too: today has tasks whatever day the test runs."""
    page = trainee.page
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day, exact=True).check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Your settings have been saved.")
    expect(page.get_by_label("Sunday", exact=True)).to_be_checked()


def ticks_tasks_of_the_weekly_plan(trainee: Trainee) -> None:
    page = trainee.page
    page.get_by_role("link", name="Weekly plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This week's plan")
    page.get_by_role("button", name="Make this week's plan").click()
    expect(page.get_by_text("This week's plan is ready.")).to_be_visible()

    streak = page.locator('[data-stat="streak"]')
    estimate = page.locator('[data-stat="estimate"]')
    done = page.locator('[data-stat="done"]')
    expect(streak).to_have_text("0")
    expect(estimate).to_have_text(re.compile(r"^\d+\.\d$"))
    before = float(estimate.inner_text())
    done_before = done.inner_text()

    today = page.locator("section.day.today")
    habit = today.locator('li[data-task="daily-linkedin-session"]')
    habit.get_by_role("button", name=re.compile(r"^Mark .* as done$")).click()
    expect(habit.get_by_role("button", name=re.compile(r"^Undo"))).to_be_visible()
    expect(streak).to_have_text("1")
    expect(estimate).not_to_have_text(f"{before:.1f}")
    assert float(estimate.inner_text()) > before
    expect(done).not_to_have_text(done_before)

    # A second task of today, the weekly SSI check, ticks too.
    check = today.locator('li[data-task="weekly-ssi-check"]')
    check.get_by_role("button", name=re.compile(r"^Mark .* as done$")).click()
    expect(check.get_by_role("button", name=re.compile(r"^Undo"))).to_be_visible()
    page.reload()
    expect(page.locator('[data-stat="streak"]')).to_have_text("1")
    trainee.seen["estimate"] = page.locator('[data-stat="estimate"]').inner_text()


def switches_to_italian(trainee: Trainee) -> None:
    page = trainee.page
    page.get_by_role("button", name="IT", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_have_text("Il piano di questa settimana")
    # The same figures, in Italian number format.
    expect(page.locator('[data-stat="estimate"]')).to_have_text(
        trainee.seen["estimate"].replace(".", ",")
    )
    page.get_by_role("link", name="Impostazioni").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impostazioni")
    trainee.go("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ciao, {trainee.first_name}")


def _csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def exports_their_data(trainee: Trainee) -> None:
    """The ZIP holds what the journey made: the pasted SSI, the import, the ticked tasks."""
    page = trainee.page
    page.get_by_role("link", name="Impostazioni").click()
    expect(page.get_by_role("heading", name="Privacy")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Scarica i miei dati").click()
    download = download_info.value
    assert re.fullmatch(r"ssi-coach-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    with zipfile.ZipFile(download.path()) as archive:
        account = json.loads(archive.read("account.json"))
        snapshots = _csv_rows(archive, "snapshots.csv")
        activities = _csv_rows(archive, "activities.csv")
        tasks = _csv_rows(archive, "tasks.csv")
        imports = _csv_rows(archive, "archive_imports.csv")
    assert account["email"] == trainee.email
    assert account["preferences"]["language"] == "it"
    assert [c["cohort"] for c in account["cohorts"]] == ["Acme Sales"]

    (snapshot,) = snapshots
    # The figures the trainee read on the dashboard, at the precision they are stored.
    assert snapshot["source"] == "pasted"
    assert Decimal(snapshot["total"]) == Decimal("67.26")
    assert Decimal(snapshot["brand"]) == Decimal("18.41")
    imported = Counter(row["kind"] for row in activities if row["source"] == "import")
    assert imported == trainee.seen["imported"]
    (upload,) = imports
    assert upload["status"] == "done"
    assert int(upload["activities_added"]) == sum(trainee.seen["imported"].values())
    # The trainee chose Italian: the tasks carry their Italian titles.
    assert sorted(row["title"] for row in tasks if row["status"] == "done") == [
        "Controlla il tuo SSI e scegli il pilastro più promettente",
        "Dedica 10 minuti concentrati a LinkedIn",
    ]
    assert {row["source"] for row in activities} == {"import", "task"}
    # Downloading leaves the trainee on the settings page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Impostazioni")


def deletes_their_account(trainee: Trainee) -> None:
    page = trainee.page
    page.get_by_role("link", name="Elimina il mio account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Elimina il mio account")
    expect(page.get_by_text("Non si può annullare.")).to_be_visible()
    confirm = page.get_by_label("Ho capito che il mio account")
    delete = page.get_by_role("button", name="Elimina il mio account per sempre")

    # A wrong password deletes nothing.
    page.get_by_label("La tua password").fill("not-" + PASSWORD)
    confirm.check()
    delete.click()
    expect(page.get_by_text("Questa non è la tua password.")).to_be_visible()

    page.get_by_label("La tua password").fill(PASSWORD)
    confirm.check()
    delete.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Il tuo account è stato eliminato")

    # Logged out, and the login no longer opens: the account is gone, not suspended.
    trainee.go("/dashboard/")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accedi")
    page.get_by_label("Indirizzo e-mail").fill(trainee.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Accedi", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(
        "L'indirizzo e-mail e la password non corrispondono."
    )
    expect(page).to_have_url(re.compile(r"/login/"))


STEPS: tuple[Callable[[Trainee], None], ...] = (
    accepts_the_invitation,
    pastes_the_ssi_page,
    imports_an_archive,
    works_every_day,
    ticks_tasks_of_the_weekly_plan,
    switches_to_italian,
    exports_their_data,
    deletes_their_account,
)


@pytest.fixture(autouse=True)
def catalogue(transactional_db):
    """Transactional tests flush the tables between tests, data migrations included."""
    from coaching.seed import catalogue_sync

    catalogue_sync()


def test_a_new_trainee_from_invitation_to_deletion(
    page, live_server, tmp_path, settings, monkeypatch
):
    from accounts import services
    from tests.factories import CohortFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    coach = UserFactory(email="carla@example.com", role="coach")
    cohort = CohortFactory(name="Acme Sales")
    cohort.coaches.add(coach)
    services.invitation_create(
        cohort=cohort, email="nina@example.com", first_name="Nina", invited_by=coach
    )
    trainee = Trainee(
        page=page,
        base_url=live_server.url,
        email="nina@example.com",
        tmp_path=tmp_path,
        monkeypatch=monkeypatch,
    )
    for step in STEPS:
        step(trainee)
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]
