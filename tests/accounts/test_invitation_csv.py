"""Bulk invitations from a CSV file: what spreadsheets save, row by row checks in English
and Italian, all or nothing, one e-mail per invitation in its own language, on commit.

Also the language an invitation carries to the invitation page and the new account.
"""

import csv
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import Invitation, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def bulk(cohort, raw: bytes, **kwargs) -> services.CsvInviteResult:
    return services.invitations_bulk_from_csv(cohort=cohort, raw=raw, **kwargs)


def problems(result: services.CsvInviteResult) -> set[tuple[int, str]]:
    return {(e.line, e.reason) for e in result.errors}


def invited(cohort) -> list[tuple[str, str, str, str]]:
    return sorted(cohort.invitations.values_list("email", "first_name", "last_name", "language"))


# --- What spreadsheets save -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("UTF-8 with a BOM", "\ufeffemail,first name,last name\nann@example.com,Ànn,Alpha\n"),
        ("Excel, semicolons, CRLF", "E-mail;Nome;Cognome\r\nann@example.com;Ànn;Alpha\r\n"),
        (
            "Excel's sep= line",
            "sep=;\r\nEmail;First Name;Last Name\r\nann@example.com;Ànn;Alpha\r\n",
        ),
        ("old Mac line ends", "email;first name;last name\rann@example.com;Ànn;Alpha\r"),
        ("tabs", "email\tfirst name\tlast name\nann@example.com\tÀnn\tAlpha\n"),
        ("quoted cells", '"Email","First Name","Last Name"\r\n"ann@example.com","Ànn","Alpha"\r\n'),
        ("Italian headers", "Indirizzo e-mail;Nome;Cognome\r\nann@example.com;Ànn;Alpha\r\n"),
        ("columns in another order", "Cognome;E-mail;Nome\r\nAlpha;ann@example.com;Ànn\r\n"),
        ("no header", "ann@example.com;Ànn;Alpha\r\n"),
        (
            "trailing empty cells and rows",
            "email;first name;last name;;\r\nann@example.com;Ànn;Alpha;;\r\n;;;;\r\n",
        ),
    ],
)
def test_spreadsheet_files_are_read(cohort, name, raw):
    result = bulk(cohort, raw.encode())
    assert result.ok, (name, result.errors)
    assert invited(cohort) == [("ann@example.com", "Ànn", "Alpha", "")], name


def test_excel_italian_csv_in_windows_1252(cohort):
    """Excel's "CSV (separatore di elenco)" on an Italian Windows: cp1252, no BOM, ';'."""
    raw = "Email;Nome;Cognome\r\nniccolo@example.com;Niccolò;Bàrberi\r\n".encode("cp1252")
    assert bulk(cohort, raw).ok
    assert invited(cohort) == [("niccolo@example.com", "Niccolò", "Bàrberi", "")]


def test_excel_unicode_text_in_utf16(cohort):
    raw = "email\tfirst name\tlast name\r\nann@example.com\tÀnn\tAlpha\r\n".encode("utf-16")
    assert bulk(cohort, raw).ok
    assert invited(cohort)[0][:2] == ("ann@example.com", "Ànn")


def test_a_sep_line_counts_in_the_line_numbers(cohort):
    raw = b"sep=;\r\nemail;first name\r\nann@example.com;Ann\r\nnope;Bad\r\n"
    assert problems(bulk(cohort, raw)) == {(4, "not a valid e-mail address")}


@pytest.fixture
def small_field_limit():
    """The CSV reader's cell limit is process-wide (the archive reader raises it)."""
    previous = csv.field_size_limit(1000)
    yield
    csv.field_size_limit(previous)


def test_an_unreadable_line_is_a_message_not_a_crash(cohort, small_field_limit):
    # A quote never closed swallows the rest of the file into one cell, past the limit.
    raw = b'email,first name\nann@example.com,"Ann\n' + b"x" * 2000
    with pytest.raises(ValidationError, match=r"Line \d+ could not be read as CSV"):
        bulk(cohort, raw)


# --- Row by row ---------------------------------------------------------------------------


def test_every_bad_row_is_listed_and_nothing_is_created(cohort, trainee, coach, staff):
    UserFactory(email="gone@example.com", is_active=False)
    raw = (
        "email;first name;last name;language\r\n"
        "good@example.com;Good;Row;it\r\n"  # 2
        "not-an-email;Bad;Row;\r\n"  # 3
        "GOOD@example.com;Dup;Row;\r\n"  # 4: the same address, other case
        f"{trainee.email};Already;Member;\r\n"  # 5
        ";No;Email;\r\n"  # 6
        f"{coach.email};Carla;Coach;\r\n"  # 7
        f"{staff.email};Sam;Staff;\r\n"  # 8
        "gone@example.com;Gone;Away;\r\n"  # 9
        "klingon@example.com;Worf;Son;tlh\r\n"  # 10
        f"bob@example.com;{'B' * 151};Long;\r\n"  # 11
    ).encode()
    result = bulk(cohort, raw)
    assert problems(result) == {
        (3, "not a valid e-mail address"),
        (4, "duplicate of line 2"),
        (5, "already a member of this cohort"),
        (6, "the e-mail address is missing"),
        (7, "a coach or staff account: add them to the cohort's coaches instead"),
        (8, "a coach or staff account: add them to the cohort's coaches instead"),
        (9, "this account is deactivated"),
        (10, "unknown language tlh: write en or it"),
        (11, "the name is too long"),
    }
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_pending_invitation_is_a_problem_of_its_row(cohort):
    assert bulk(cohort, b"email\nann@example.com\n").ok
    result = bulk(cohort, b"email\nbob@example.com\nann@example.com\n")
    assert problems(result) == {(3, "already invited; resend the pending invitation")}
    assert cohort.invitations.count() == 1


def test_a_trainee_of_another_cohort_is_invited(cohort, other_trainee):
    assert bulk(cohort, f"email\n{other_trainee.email}\n".encode()).ok
    assert cohort.invitations.get().email == other_trainee.email


def test_problems_are_written_in_italian_for_an_italian_admin(cohort):
    with translation.override("it"):
        result = bulk(cohort, b"email;lingua\nnope;\nann@example.com;xx\nann@example.com;\n")
        with pytest.raises(ValidationError) as error:
            bulk(cohort, b"nome,cognome\nAnn,Alpha\n")
    assert problems(result) == {
        (2, "indirizzo e-mail non valido"),
        (3, "lingua sconosciuta xx: scrivi en o it"),
        (4, "duplicato della riga 3"),
    }
    assert "La prima riga deve essere un'intestazione" in error.value.messages[0]


# --- Language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("it", "it"),
        ("IT", "it"),
        ("Italian", "it"),
        ("italiano", "it"),
        ("en", "en"),
        ("Inglese", "en"),
        ("", ""),
    ],
)
def test_the_language_column_takes_codes_and_names(cohort, cell, code):
    assert bulk(cohort, f"email,language\nann@example.com,{cell}\n".encode()).ok
    assert cohort.invitations.get().language == code


def test_each_invitation_is_mailed_in_its_language_after_commit(
    cohort, staff, django_capture_on_commit_callbacks
):
    raw = b"email;nome;lingua\r\nanna@example.com;Anna;it\r\nbob@example.com;Bob;\r\n"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = bulk(cohort, raw, invited_by=staff)
    assert result.ok and mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "anna@example.com": f"Invito a unirti a {cohort.name} su SSI Coach",
        "bob@example.com": f"You are invited to join {cohort.name} on SSI Coach",
    }


def test_a_resend_keeps_the_invitations_language(cohort, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bulk(cohort, b"email,language\nanna@example.com,it\n", invited_by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=Invitation.objects.get(), language="en")
    assert [m.subject.startswith("Invito a unirti") for m in mail.outbox] == [True, True]


def test_single_invitations_refuse_coaches_and_unknown_languages(cohort, coach):
    with pytest.raises(ValidationError, match="coach or staff account"):
        services.invitation_create(cohort=cohort, email=coach.email)
    with pytest.raises(ValidationError, match="Not a language"):
        services.invitation_create(cohort=cohort, email="x@example.com", language="fr")


ACCEPT = {
    "first_name": "Anna",
    "last_name": "Rossi",
    "password1": "a-strong-secret-41",
    "password2": "a-strong-secret-41",
}


def link_for(email: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [email]]
    return re.search(r"https?://[^/\s]+(/invite/[^/\s]+/)", message.body).group(1)


def invite(cohort, email: str, language: str, capture) -> str:
    with capture(execute=True):
        services.invitation_create(cohort=cohort, email=email, language=language)
    return link_for(email)


def test_the_new_account_speaks_the_language_of_the_invitation_page(
    client, cohort, django_capture_on_commit_callbacks
):
    """Regression: every account made from an invitation was English, whatever the
    invitee had read the page in."""
    link = invite(cohort, "anna@example.com", "", django_capture_on_commit_callbacks)
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="it")
    assert "Crea il mio account" in page.content.decode()
    client.post(link, ACCEPT, HTTP_ACCEPT_LANGUAGE="it")
    assert User.objects.get(email="anna@example.com").language == "it"


def test_an_italian_invitation_opens_in_italian_and_makes_an_italian_account(
    client, cohort, django_capture_on_commit_callbacks
):
    link = invite(cohort, "anna@example.com", "it", django_capture_on_commit_callbacks)
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert "Crea il mio account" in page.content.decode()
    response = client.post(link, ACCEPT, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert User.objects.get(email="anna@example.com").language == "it"
    assert f"Ti diamo il benvenuto in {cohort.name}!" in response.content.decode()


def test_the_language_switch_beats_the_invitations_language(
    client, cohort, django_capture_on_commit_callbacks
):
    link = invite(cohort, "anna@example.com", "it", django_capture_on_commit_callbacks)
    client.post(reverse("accounts:language_switch"), {"language": "en", "next": link})
    assert "Create my account" in client.get(link).content.decode()
    client.post(link, ACCEPT)
    assert User.objects.get(email="anna@example.com").language == "en"
