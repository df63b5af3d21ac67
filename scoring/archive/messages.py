"""Everything the archive import tells a person, as codes with translatable texts.

Warnings and errors are stored as ``{"code": ..., "params": {...}}`` so that each reader
sees them in their own language: a trainee in English and their coach in Italian read
the same import. ``text()`` renders one in the active language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES: dict[str, Any] = {
    # Errors: the whole upload is refused.
    "too_large": _("The file is larger than %(limit_mb)s MB. Upload the ZIP LinkedIn sent you."),
    "empty_upload": _("The upload is empty."),
    "damaged_zip": _(
        "The ZIP archive is damaged or incomplete (maybe the download was interrupted). "
        "Download it again from LinkedIn and upload the new copy."
    ),
    "too_many_entries": _(
        "The archive holds more than %(limit)s files, far more than a LinkedIn export. "
        "It was not read."
    ),
    "too_much_data": _(
        "The archive would unpack to more than %(limit_mb)s MB, far more than a LinkedIn "
        "export. It was not read."
    ),
    "zip_bomb": _(
        'The file %(name)s is compressed in a suspicious way (a "zip bomb"). '
        "The archive was not read."
    ),
    "excel_workbook": _(
        "This is an Excel workbook, not a LinkedIn export. Upload the original ZIP, or save "
        "the sheet as CSV (comma separated) first."
    ),
    "not_an_archive": _(
        "This does not look like a LinkedIn data export. Upload the ZIP file LinkedIn e-mailed "
        'you ("Get a copy of your data") or the CSV files from it.'
    ),
    "no_linkedin_files": _(
        "No LinkedIn file was found in the upload (for example Connections.csv, Profile.csv, "
        'Shares.csv). Is this the archive from "Get a copy of your data"?'
    ),
    "nested_zip": _(
        "The upload contains another ZIP file. Upload the LinkedIn ZIP itself, not a ZIP "
        "wrapped in a ZIP."
    ),
    "timeout": _(
        "Reading the archive took too long and was stopped. Try again, or upload only the "
        "CSV files you need (Connections, Profile, Shares, Comments, messages)."
    ),
    "stuck": _("The import stopped unexpectedly. Please upload the archive again."),
    "internal": _(
        "Something went wrong while reading the archive; nothing was saved. Please try again later."
    ),
    "busy": _("An import is already running. Wait for it to finish before uploading again."),
    "too_many_duplicates": _(
        "The archive holds one file name more than %(limit)s times, which no LinkedIn "
        "export does. It was not read."
    ),
    "only_unsafe_names": _(
        "Nothing could be read: every file in the archive has a name that points outside "
        "it (%(names)s). Upload the ZIP as LinkedIn sent it."
    ),
    "only_links": _(
        "Nothing could be read: the archive holds only links, not files (%(names)s). "
        "Upload the ZIP as LinkedIn sent it."
    ),
    "interrupted": _(
        "The import was interrupted %(attempts)s times (the server stopped while reading "
        "it) and was given up; nothing was saved. Please upload the archive again."
    ),
    "replaced": _(
        "The import was interrupted and replaced by a newer upload; nothing of it was saved."
    ),
    # What the store step kept back: a stock value the archive would lower by a lot.
    "stock_kept_connections": _(
        "This archive lists %(archive)s connections, far fewer than the %(known)s already "
        "known, so the known figures of your network were kept. If the archive is right "
        "(you removed connections), confirm it on this page."
    ),
    "stock_kept_endorsements_received": _(
        "This archive lists %(archive)s endorsements received, far fewer than the %(known)s "
        "already known, so the known figure was kept. If the archive is right, confirm it "
        "on this page."
    ),
    "stock_kept_recommendations_received": _(
        "This archive lists %(archive)s recommendations received, far fewer than the "
        "%(known)s already known, so the known figure was kept. If the archive is right, "
        "confirm it on this page."
    ),
    "stock_accepted": _("You confirmed the archive's figure: %(archive)s instead of %(known)s."),
    # Warnings about entries and files: the rest of the archive is still read.
    "unsafe_name": _("Ignored %(name)s: its name points outside the archive."),
    "symlink": _("Ignored %(name)s: it is a link, not a file."),
    "encrypted": _("Ignored %(name)s: it is protected by a password."),
    "file_excel": _(
        "%(name)s is an Excel workbook saved under a .csv name, so it could not be read. "
        "Export the original file again or save it as CSV."
    ),
    "file_binary": _("%(name)s does not contain text and was skipped."),
    "file_empty": _("%(name)s is empty."),
    "file_too_big": _("%(name)s is too large to read (over %(limit_mb)s MB) and was skipped."),
    "file_no_header": _(
        "%(name)s does not have the columns LinkedIn writes (expected for example %(expected)s), "
        "so it was skipped."
    ),
    "file_row_limit": _(
        "%(name)s has more than %(limit)s rows; only the first %(limit)s were read."
    ),
    "file_duplicate": _("%(name)s appears more than once; %(used)s was used."),
    "file_damaged": _("%(name)s could not be read from the archive (damaged) and was skipped."),
    "file_bomb": _("%(name)s is compressed in a suspicious way and was skipped."),
    "rows_bad_date": ngettext_lazy(
        "%(name)s: %(count)s row without a readable date was skipped.",
        "%(name)s: %(count)s rows without a readable date were skipped.",
        "count",
    ),
    "rows_out_of_range": ngettext_lazy(
        "%(name)s: %(count)s row dated before 2003 or after the import day (%(today)s) "
        "was skipped.",
        "%(name)s: %(count)s rows dated before 2003 or after the import day (%(today)s) "
        "were skipped.",
        "count",
    ),
    "rows_over_daily_ceiling": ngettext_lazy(
        "%(count)s item was not counted: the archive holds more %(kind)s on one day than "
        "anyone does (%(ceiling)s a day), so only the first %(ceiling)s of that day count.",
        "%(count)s items were not counted: the archive holds more %(kind)s on some days "
        "than anyone does (%(ceiling)s a day), so only the first %(ceiling)s of each such "
        "day count.",
        "count",
    ),
    "rows_past_retention": ngettext_lazy(
        "%(count)s item dated before %(since)s was not imported: activity older than that "
        "is not kept.",
        "%(count)s items dated before %(since)s were not imported: activity older than "
        "that is not kept.",
        "count",
    ),
    "messages_direction_guessed": _(
        "Who sent each message was guessed from the most frequent sender, because neither "
        "your name nor your profile address appears in the messages."
    ),
    "messages_direction_owner_silent": _(
        "No message in the archive was sent by you (%(name)s): all of them were counted as "
        "received."
    ),
    "messages_direction_recipient": _(
        "Who sent each message was worked out from the recipients (you are the person every "
        "conversation is addressed to), because the archive does not name you."
    ),
    "endorsements_merged": _(
        "Two endorsement files were found (old and new names); duplicates were counted once."
    ),
}

# How a skipped row's reason reads in the per-file table.
SKIP_REASONS: dict[str, Any] = {
    "empty": _("empty row"),
    "no_date": _("no readable date"),
    "blank_member": _("hidden or deactivated member (counted in the total only)"),
    "sponsored": _("sponsored message"),
    "linkedin_member": _('message from "LinkedIn Member"'),
    "spam": _("spam folder"),
    "draft": _("draft"),
    "duplicate": _("duplicate"),
    "not_completed": _("not completed"),
    "out_of_range": _("dated before 2003 or after the import day"),
    "not_attending": _("not attending"),
    "not_accepted": _("not accepted or hidden"),
    "unfollowed": _("no longer followed"),
    "not_visible": _("not visible"),
    "bad_width": _("malformed row"),
    "row_limit": _("over the row limit"),
}


@dataclass(frozen=True)
class Notice:
    """One warning or error: a code from ``MESSAGES`` and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return render(self.code, self.params)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    def __str__(self) -> str:
        return self.text()


def render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The message for ``code`` in the active language (unknown codes show as is)."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    if params:
        # A plural message picks its form from ``count`` when it is interpolated.
        return str(template % dict(params))
    return str(template)


def skip_reason(code: str) -> str:
    reason = SKIP_REASONS.get(code)
    return str(reason) if reason is not None else code


class ArchiveError(Exception):
    """The upload cannot be used at all; ``notice`` says why in words a user understands."""

    def __init__(self, code: str, **params: Any) -> None:
        self.notice = Notice(code, params)
        super().__init__(code)

    def __str__(self) -> str:
        return self.notice.text()


class FileProblem(Exception):
    """One file cannot be used; the rest of the archive is still read."""

    def __init__(self, code: str, **params: Any) -> None:
        self.notice = Notice(code, params)
        super().__init__(code)
