"""Writes for accounts: invitations, acceptance, user settings."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import permissions
from .models import (
    EMAIL_KIND_FIELDS,
    SETTINGS_FIELDS,
    ApiToken,
    Cohort,
    Invitation,
    Language,
    Membership,
    Role,
    User,
    new_invitation_nonce,
)

INVITATION_SALT = "accounts.invitation"
UNSUBSCRIBE_SALT = "accounts.unsubscribe"
CSV_MAX_BYTES = 1_000_000
CSV_MAX_ROWS = 5_000

# Header cells, compared with their letters only ("E-mail address" -> "emailaddress"), in
# English and Italian; an e-mail column is any whose header holds "mail".
_FIRST_HEADERS = {"firstname", "givenname", "forename", "nome"}
_LAST_HEADERS = {"lastname", "surname", "familyname", "cognome"}
_LANGUAGE_HEADERS = {"language", "lang", "locale", "lingua"}


class InvitationError(Exception):
    """An invitation link that cannot be used; the message is meant for the visitor."""


# --- Invitations ---------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def invitation_url(invitation: Invitation) -> str:
    path = reverse("accounts:invitation_accept", args=[invitation_token(invitation)])
    return f"{settings.SITE_URL}{path}"


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation behind a link, or ``InvitationError`` saying why not."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        pk, nonce = int(data["i"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvitationError(_("This invitation link is not valid.")) from None
    invitation = Invitation.objects.select_related("cohort").filter(pk=pk).first()
    if invitation is None or invitation.nonce != nonce:
        raise InvitationError(
            _("This invitation link is no longer valid: a newer one may have been sent to you.")
        )
    if invitation.revoked_at:
        raise InvitationError(_("This invitation has been withdrawn."))
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been used. Please log in."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("This invitation has expired. Ask your coach or administrator for a new one.")
        )
    return invitation


def _enqueue_invitation_email(invitation: Invitation, language: str) -> None:
    from .tasks import invitation_send_email

    # The count sent so far (read afresh: the instance may predate a send) lets a
    # repeated delivery of this task see that its e-mail has gone already (a worker that
    # died after sending, before acknowledging). Two resends before either is sent give
    # one e-mail, carrying the newest link.
    sent = Invitation.objects.filter(pk=invitation.pk).values_list("send_count", flat=True)
    invitation_send_email.delay_on_commit(invitation.pk, language, sent.first() or 0)


def _account_refusal(user: User | None) -> str | None:
    """Why an existing account cannot be invited as a trainee, or None if it can."""
    if user is None:
        return None
    if user.is_staff or user.role != Role.TRAINEE:
        return _("a coach or staff account: add them to the cohort's coaches instead")
    if not user.is_active:
        return _("this account is deactivated")
    return None


def invitation_create(
    *,
    cohort: Cohort,
    email: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    invited_by: User | None = None,
) -> Invitation:
    email = email.strip().lower()
    validate_email(email)
    if language and language not in Language.values:
        raise ValidationError(_("Not a language of SSI Coach: %(code)s") % {"code": language})
    if Membership.objects.filter(cohort=cohort, user__email=email).exists():
        raise ValidationError(_("%(email)s is already a member of this cohort.") % {"email": email})
    refusal = _account_refusal(User.objects.filter(email=email).first())
    if refusal:
        raise ValidationError(f"{email}: {refusal}")
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                cohort=cohort,
                email=email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                language=language,
                invited_by=invited_by,
                expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
            )
    except IntegrityError:
        raise ValidationError(
            _("%(email)s already has a pending invitation to this cohort.") % {"email": email}
        ) from None
    _enqueue_invitation_email(
        invitation, language or getattr(invited_by, "language", settings.LANGUAGE_CODE)
    )
    return invitation


def invitation_send_email(*, invitation: Invitation, language: str) -> None:
    """Send (or send again) the e-mail that carries the invitation link."""
    with translation.override(language):
        context = {
            "invitation": invitation,
            "cohort": invitation.cohort,
            "url": invitation_url(invitation),
            "expires_at": invitation.expires_at,
        }
        subject = _("You are invited to join %(cohort)s on SSI Coach") % {
            "cohort": invitation.cohort.name
        }
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now(), send_count=invitation.send_count + 1
    )


def invitation_resend(*, invitation: Invitation, language: str | None = None) -> Invitation:
    """A fresh link with a fresh expiry; the old link stops working.

    The e-mail is in the invitation's own language when it has one, else ``language``.
    """
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("Only pending invitations can be sent again."))
    invitation.nonce = new_invitation_nonce()
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["nonce", "expires_at"])
    _enqueue_invitation_email(invitation, invitation.language or language or settings.LANGUAGE_CODE)
    return invitation


def invitation_revoke(*, invitation: Invitation) -> bool:
    """Withdraw a pending invitation; returns False if it was no longer pending."""
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    return updated == 1


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    language: str = "",
) -> User:
    """Use an invitation: create the trainee (or reuse their account) and join the cohort.

    A new account speaks ``language``, the one the invitee read the invitation page in
    (falling back to the invitation's, then the site's).

    The invitation row is claimed with a conditional update so that a link can be used
    only once, even by two requests racing each other.
    """
    invitation = invitation_from_token(token)
    claimed = Invitation.objects.filter(
        pk=invitation.pk, nonce=invitation.nonce, accepted_at=None, revoked_at=None
    ).update(accepted_at=timezone.now())
    if claimed != 1:
        raise InvitationError(_("This invitation has already been used. Please log in."))
    user = User.objects.filter(email=invitation.email).first()
    if user is None:
        if not password:
            raise InvitationError(_("Choose a password to create your account."))
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name.strip() or invitation.first_name,
            last_name=last_name.strip() or invitation.last_name,
            role=Role.TRAINEE,
            language=(
                language
                if language in Language.values
                else invitation.language or settings.LANGUAGE_CODE
            ),
        )
    Membership.objects.get_or_create(user=user, cohort=invitation.cohort)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_user=user)
    return user


# --- Bulk invitations from CSV ----------------------------------------------------------


@dataclass(frozen=True)
class CsvRowError:
    line: int
    email: str
    reason: str


@dataclass
class CsvInviteResult:
    invitations: list[Invitation] = field(default_factory=list)
    errors: list[CsvRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode_csv(raw: bytes) -> str:
    if raw.startswith(b"PK"):
        raise ValidationError(
            _("This looks like an Excel workbook. Save it as CSV (comma separated) and try again.")
        )
    if b"\x00" in raw[:2048] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(_("This file is not a text CSV file."))
    for encoding in (
        ("utf-8-sig", "utf-16")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        else (
            "utf-8-sig",
            "cp1252",
        )
    ):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file's text encoding could not be read; save it as UTF-8."))


@dataclass(frozen=True)
class CsvRow:
    line: int
    email: str
    first_name: str = ""
    last_name: str = ""
    language: str = ""


def _header_key(cell: str) -> str:
    return "".join(c for c in cell.lower() if c.isalpha())


def _language_names() -> dict[str, str]:
    """Every way a CSV may name a language: its code, and its name in each language."""
    names = {}
    for code, label in Language.choices:
        names[code] = code
        for spoken in Language.values:
            with translation.override(spoken):
                names[str(label).lower()] = code
    return names


def _rows_from_csv(text: str) -> list[CsvRow]:
    """Every non-empty row, with its line number in the file as a spreadsheet counts them.

    Reads what Excel and other spreadsheets save: commas, semicolons or tabs, a first
    ``sep=;`` line, CR (old Mac), LF or CRLF line ends, quoted cells.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    offset = 0
    first_line, _newline, rest = text.partition("\n")
    delimiter = None
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        delimiter, text, offset = first_line.strip()[4], rest, 1
    try:
        if delimiter:
            reader = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
        else:
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                    text[:4096], delimiters=",;\t"
                )
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(io.StringIO(text), dialect)
        rows = [(reader.line_num + offset, [c.strip() for c in row]) for row in reader]
    except csv.Error as error:
        raise ValidationError(
            _("Line %(line)d could not be read as CSV: %(error)s")
            % {"line": reader.line_num + offset, "error": error}
        ) from None
    rows = [(n, row) for n, row in rows if any(row)]
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [_header_key(c) for c in rows[0][1]]
    email_col = next((i for i, c in enumerate(header) if "mail" in c), None)
    if email_col is not None:

        def find(names: set[str]) -> int | None:
            return next((i for i, c in enumerate(header) if c in names), None)

        columns = (email_col, find(_FIRST_HEADERS), find(_LAST_HEADERS), find(_LANGUAGE_HEADERS))
        rows = rows[1:]
    elif "@" in rows[0][1][0]:
        columns = (0, 1, 2, 3)
    else:
        raise ValidationError(
            _(
                "The first row must be a header with the columns email, first name, "
                "last name and, if you like, language."
            )
        )
    if len(rows) > CSV_MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(max)d rows; split it into smaller files.")
            % {"max": CSV_MAX_ROWS}
        )

    def cell(row: list[str], index: int | None) -> str:
        return row[index] if index is not None and index < len(row) else ""

    return [CsvRow(n, *(cell(r, c) for c in columns)) for n, r in rows]


def _csv_row_problem(
    row: CsvRow,
    *,
    seen: dict[str, int],
    members: set[str],
    pending: set[str],
    accounts: dict[str, User],
    languages: dict[str, str],
) -> str | None:
    """Why one row cannot be invited, or None; ``seen`` learns the row's address."""
    email = row.email.lower()
    try:
        validate_email(email)
    except ValidationError:
        return _("not a valid e-mail address") if email else _("the e-mail address is missing")
    if email in seen:
        return _("duplicate of line %(line)d") % {"line": seen[email]}
    seen[email] = row.line
    if email in members:
        return _("already a member of this cohort")
    if email in pending:
        return _("already invited; resend the pending invitation")
    refusal = _account_refusal(accounts.get(email))
    if refusal:
        return refusal
    if len(row.first_name) > 150 or len(row.last_name) > 150:
        return _("the name is too long")
    if row.language and row.language.lower() not in languages:
        return _("unknown language %(value)s: write en or it") % {"value": row.language}
    return None


def invitations_bulk_from_csv(
    *, cohort: Cohort, raw: bytes, invited_by: User | None = None
) -> CsvInviteResult:
    """Invite every row of a CSV file (e-mail, first name, last name, language) to a cohort.

    All or nothing: if any row is invalid, the reasons are returned and nothing is
    created, so that the file can be corrected and uploaded again. The e-mails leave
    through the outbox once the invitations are committed.
    """
    if len(raw) > CSV_MAX_BYTES:
        raise ValidationError(_("The file is too large (at most 1 MB)."))
    rows = _rows_from_csv(_decode_csv(raw))
    if not rows:
        raise ValidationError(_("The file has a header but no rows."))
    result = CsvInviteResult()
    emails = [row.email.lower() for row in rows]
    members = set(
        Membership.objects.filter(cohort=cohort, user__email__in=emails).values_list(
            "user__email", flat=True
        )
    )
    pending = set(
        cohort.invitations.pending().filter(email__in=emails).values_list("email", flat=True)
    )
    accounts = {u.email: u for u in User.objects.filter(email__in=emails)}
    languages = _language_names()
    seen: dict[str, int] = {}
    for row in rows:
        problem = _csv_row_problem(
            row,
            seen=seen,
            members=members,
            pending=pending,
            accounts=accounts,
            languages=languages,
        )
        if problem:
            result.errors.append(CsvRowError(row.line, row.email.lower(), problem))
    if result.errors:
        return result
    with transaction.atomic():
        for row in rows:
            result.invitations.append(
                invitation_create(
                    cohort=cohort,
                    email=row.email,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    language=languages.get(row.language.lower(), ""),
                    invited_by=invited_by,
                )
            )
    return result


# --- Users ----------------------------------------------------------------------------------


def user_update_settings(*, user: User, **fields: object) -> User:
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a settings field: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(fields))
    return user


# --- One-click unsubscribe from a kind of e-mail ------------------------------------------------


class UnsubscribeError(Exception):
    """An unsubscribe link that cannot be used; the message is meant for the visitor."""


def unsubscribe_token(*, user: User, kind: str) -> str:
    """A signed token naming the user and the kind; it does not expire (RFC 8058 links
    must keep working for as long as the e-mail is read)."""
    if kind not in EMAIL_KIND_FIELDS:
        raise ValueError(f"Not a reminder kind: {kind}")
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user: User, kind: str) -> str:
    path = reverse("accounts:unsubscribe", args=[unsubscribe_token(user=user, kind=kind)])
    return f"{settings.SITE_URL}{path}"


def unsubscribe_from_token(token: str) -> tuple[User, str]:
    """The user and reminder kind behind an unsubscribe link, or ``UnsubscribeError``."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        pk, kind = int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise UnsubscribeError(_("This unsubscribe link is not valid.")) from None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or kind not in EMAIL_KIND_FIELDS:
        raise UnsubscribeError(_("This unsubscribe link is not valid."))
    return user, kind


def user_unsubscribe(*, token: str) -> tuple[User, str]:
    """Stop e-mailing one kind of reminder to the user named by a signed token.

    Idempotent: a second click changes nothing. In-app notifications stay.
    """
    user, kind = unsubscribe_from_token(token)
    field = EMAIL_KIND_FIELDS[kind]
    User.objects.filter(pk=user.pk).update(**{field: False})
    setattr(user, field, False)
    return user, kind


# --- API tokens -------------------------------------------------------------------------

#: Keys of ``ApiToken`` start with this, so the authentication knows which table to ask.
API_TOKEN_PREFIX = "ssi_"  # noqa: S105 - a marker, not a secret
#: How often a token's last use is written at most (a GET should not write each time).
API_TOKEN_LAST_USED_EVERY = timedelta(minutes=1)


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns it with its key, which is never shown again."""
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, scope=scope, key_hash=api_token_hash(key), prefix=key[:12]
    )
    token.full_clean(exclude=["key_hash", "prefix"])
    token.save()
    return token, key


def api_token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of ``user``'s tokens; another's, or one already revoked, is a 404."""
    permissions.api_token_for_owner(user, token_id).delete()


def api_token_use(*, key: str, now: datetime) -> ApiToken | None:
    """The active token with this key, its last use recorded at most once a minute."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=api_token_hash(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
