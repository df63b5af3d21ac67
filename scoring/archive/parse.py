"""Reading a whole upload into an ``ArchiveResult`` (pure: no ORM, no settings, no clock)."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import IO

from . import parsers
from .messages import ArchiveError, FileProblem, Notice
from .reader import FILES, Entry, Found, Limits, file_key, open_upload, read_loose
from .result import ArchiveResult, FileReport, NetworkFacts
from .table import Table, decode, detect_encoding, read_table, sheet_lines, text_lines
from .titles import TargetMarket, TargetMatcher, company_key, is_decision_maker

# Invitations sent in the last 21 days before the export may still be pending.
PENDING_DAYS = 21

# Order matters: the owner's identity (Profile, Invitations) is needed by messages, and
# whether Shares exists decides how Rich_Media uploads count.
ORDER = (
    "profile",
    "profile_summary",
    "positions",
    "education",
    "skills",
    "certifications",
    "languages",
    "projects",
    "honors",
    "publications",
    "courses",
    "volunteering",
    "organizations",
    "endorsements_received",
    "endorsements_given",
    "recommendations_received",
    "recommendations_given",
    "invitations",
    "connections",
    "company_follows",
    "member_follows",
    "search_queries",
    "logins",
    "shares",
    "comments",
    "reactions",
    "votes",
    "instant_reposts",
    "rich_media",
    "learning",
    "hashtag_follows",
    "saved_items",
    "events",
    "ad_targeting",
    "registration",
    "verifications",
    "messages",
)
READ_OPTIONS: dict[str, dict[str, str]] = {
    "comments": {"records": "timestamped"},
    "search_queries": {"rest_column": "searchquery"},
    # A link is the last column: a comment urn's unquoted comma spills into a new cell.
    "reactions": {"rest_column": "link"},
    "instant_reposts": {"rest_column": "link"},
}
# Files read again with backslash escapes when a plain reading gives malformed rows.
FALLBACK_ESCAPED = frozenset({"shares", "messages", "reactions", "votes", "instant_reposts"})
_EXPORT_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")

Progress = Callable[[int], None]


def parse_upload(
    source: bytes | IO[bytes],
    *,
    today: date,
    name: str = "",
    market: TargetMarket | None = None,
    owner_name: str = "",
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> ArchiveResult:
    """Read a ZIP (or one CSV) upload. Raises ``ArchiveError`` if it cannot be used."""
    found = open_upload(source, name=name, limits=limits)
    return parse_found(
        found,
        today=today,
        name=name,
        market=market,
        owner_name=owner_name,
        limits=limits,
        progress=progress,
    )


def parse_files(
    files: Iterable[tuple[str, bytes]],
    *,
    today: date,
    market: TargetMarket | None = None,
    owner_name: str = "",
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> ArchiveResult:
    """Read loose CSV files (the files of an archive uploaded one by one)."""
    found = read_loose(files, limits=limits)
    return parse_found(
        found,
        today=today,
        market=market,
        owner_name=owner_name,
        limits=limits,
        progress=progress,
    )


def _choose(logical: str, entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """The entries to read for one logical file, and the duplicates to leave out.

    Endorsements received are all read (the legacy spaced UTF-16 file and the underscore
    one hold overlapping rows, de-duplicated by the parser, underscore file first). For the
    others one copy is read: the current name before a legacy one, then the shallowest.
    """
    aliases = FILES[logical]

    def rank(entry: Entry) -> tuple[int, int, int, int]:
        base = entry.basename
        alias = aliases.index(file_key(base)) if file_key(base) in aliases else len(aliases)
        return (alias, " " in base, entry.name.count("/"), -entry.size)

    ordered = sorted(entries, key=rank)
    if logical == "endorsements_received":
        return ordered, []
    return ordered[:1], ordered[1:]


def parse_found(
    found: Found,
    *,
    today: date,
    name: str = "",
    market: TargetMarket | None = None,
    owner_name: str = "",
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> ArchiveResult:
    limits = limits or Limits()
    ctx = parsers.Context(today=today)
    if owner_name:
        ctx.owner_names.add(parsers.fold(owner_name))
    ctx.has_shares = "shares" in found.files
    warnings: list[Notice] = list(found.warnings)
    reports: list[FileReport] = []
    for entry_name, notice in found.problems.items():
        reports.append(FileReport(entry_name, "", status="skipped", notice=notice))
        warnings.append(notice)

    steps = len(found.files) + (1 if found.articles else 0)
    done = 0
    for logical in ORDER:
        entries = found.files.get(logical)
        if not entries:
            continue
        chosen, duplicates = _choose(logical, entries)
        for duplicate in duplicates:
            notice = Notice("file_duplicate", {"name": duplicate.name, "used": chosen[0].name})
            reports.append(FileReport(duplicate.name, logical, status="ignored", notice=notice))
            warnings.append(notice)
        for entry in chosen:
            reports.append(_read_one(logical, entry, ctx, limits, warnings))
        if len(chosen) > 1 and logical == "endorsements_received":
            warnings.append(Notice("endorsements_merged"))
        done += 1
        if progress:
            progress(min(95, 5 + 90 * done // max(steps, 1)))
    for article in found.articles:
        report = FileReport(article.name, "article")
        try:
            text, _ = decode(article.read(), name=article.name)
        except FileProblem as problem:
            report.status, report.notice = "skipped", problem.notice
            reports.append(report)
            continue
        parsers.parse_article(article.name, text, ctx, report)
        if report.status != "ignored":
            reports.append(report)
    for ignored in found.ignored:
        reports.append(FileReport(ignored, "", status="ignored"))

    if not any(r.status == "used" for r in reports):
        codes = {r.notice.code for r in reports if r.notice}
        if "file_excel" in codes:
            raise ArchiveError("excel_workbook")
        if "file_damaged" in codes:
            raise ArchiveError("damaged_zip")
        too_big = next(
            (r.notice for r in reports if r.notice and r.notice.code == "file_too_big"), None
        )
        if too_big is not None:
            # Say which file was too large, not that no LinkedIn file was there.
            raise ArchiveError("file_too_big", **too_big.params)
        raise ArchiveError("not_an_archive" if "file_binary" in codes else "no_linkedin_files")

    warnings.extend(ctx.warnings)
    reference = reference_date(name, ctx, today)
    network = network_facts(ctx, market or TargetMarket(), reference)
    profile = ctx.profile
    profile.has_custom_url = parsers.custom_url(ctx.owner_urls)
    if "endorsements_received" in found.files:
        profile.endorsements_received = sum(
            1 for a in ctx.activities if a.kind == "endorsement_received"
        )
    if "recommendations_received" in found.files:
        profile.recommendations_received = sum(
            1 for a in ctx.activities if a.kind == "recommendation_received"
        )
    past_updates = [d for d in ctx.profile_updates if d <= reference]
    if past_updates:
        profile.profile_updated_on = max(past_updates)
    _accepted_invitations(ctx, reports)
    if progress:
        progress(100)
    return ArchiveResult(
        activities=ctx.activities,
        profile=profile,
        network=network,
        files=reports,
        warnings=warnings,
        reference_date=reference,
        account=ctx.account,
    )


def _table(logical: str, entry: Entry, limits: Limits, **options: str) -> Table:
    """One file's table: CSV in any encoding, or an xlsx workbook saved under its name."""
    data = entry.read()
    if not data.strip():
        raise FileProblem("file_empty", name=entry.name)
    known = parsers.COLUMNS[logical]
    rows = limits.max_rows_per_file
    if data.startswith(b"PK"):
        # [E24]: Reactions.csv that is really an xlsx workbook.
        lines = sheet_lines(data, name=entry.name, max_rows=rows)
        return read_table(lines, known, name=entry.name, max_rows=rows, preferred=",")
    lines, preferred = text_lines(data, name=entry.name)
    try:
        return read_table(
            lines, known, name=entry.name, preferred=preferred, max_rows=rows, **options
        )
    except UnicodeDecodeError:
        # Not UTF-8: an Excel re-save (cp1252) or another tool's encoding.
        lines, preferred = text_lines(data, name=entry.name, encoding=detect_encoding(data))
        return read_table(
            lines, known, name=entry.name, preferred=preferred, max_rows=rows, **options
        )


def _read_one(
    logical: str, entry: Entry, ctx: parsers.Context, limits: Limits, warnings: list[Notice]
) -> FileReport:
    report = FileReport(entry.name, logical)
    try:
        table = _table(logical, entry, limits, **READ_OPTIONS.get(logical, {}))
        malformed = table.bad_width + table.short_rows
        if malformed and logical in FALLBACK_ESCAPED:
            # 2025-2026 exports escape quotes with a backslash (reference §4.5): re-read
            # that way and keep whichever reading has fewer malformed rows.
            escaped = _table(logical, entry, limits, records="escaped")
            if escaped.bad_width + escaped.short_rows < malformed:
                table = escaped
    except FileProblem as problem:
        report.status, report.notice = "skipped", problem.notice
        # An empty placeholder file (Profile Summary, coach messages) is normal, not a warning.
        if problem.notice.code != "file_empty":
            warnings.append(problem.notice)
        return report
    report.header = table.raw_header
    report.rows_read = table.rows_read
    report.skip("bad_width", table.bad_width)
    if table.truncated:
        report.skip("row_limit")
        warnings.append(
            Notice("file_row_limit", {"name": entry.name, "limit": limits.max_rows_per_file})
        )
    parsers.PARSERS[logical](table, ctx, report)
    no_date = report.skipped.get("no_date", 0)
    if no_date and logical not in ("rich_media",):
        warnings.append(Notice("rows_bad_date", {"name": entry.name, "count": no_date}))
    out_of_range = report.skipped.get("out_of_range", 0)
    if out_of_range:
        warnings.append(
            Notice(
                "rows_out_of_range",
                {"name": entry.name, "count": out_of_range, "today": str(ctx.today)},
            )
        )
    return report


def reference_date(name: str, ctx: parsers.Context, today: date) -> date:
    """The export's date: from the ZIP's name, else the newest date inside, never after today."""
    match = _EXPORT_DATE.search(posixpath.basename(name or ""))
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            return min(date(year, month, day), today)
        except ValueError:
            pass
    dates = [a.occurred_on for a in ctx.activities if a.occurred_on <= today]
    return max(dates) if dates else today


def network_facts(ctx: parsers.Context, market: TargetMarket, reference: date) -> NetworkFacts:
    facts = NetworkFacts()
    if ctx.companies_followed:
        facts.companies_followed = len(ctx.companies_followed)
    connections = ctx.connections
    if not connections and not ctx.invitations:
        return facts
    if connections:
        facts.connections = len(connections)
        with_title = [c for c in connections if c.position]
        deciders = sum(1 for c in with_title if is_decision_maker(c.position))
        facts.decision_makers = deciders
        facts.decision_maker_share = round(deciders / len(with_title), 4) if with_title else None
        matcher = TargetMatcher(market)
        described = [c for c in connections if c.company or c.position]
        if not matcher.empty and described:
            hits = sum(1 for c in described if matcher.matches(c.company, c.position))
            facts.target_market_share = round(hits / len(described), 4)
        if ctx.current_companies:
            facts.coworker_connections = sum(
                1 for c in connections if company_key(c.company) in ctx.current_companies
            )
        per_month = Counter(c.connected_on.strftime("%Y-%m") for c in connections)
        total = 0
        growth = []
        for month in sorted(per_month):
            total += per_month[month]
            growth.append((month, per_month[month], total))
        facts.growth = tuple(growth)
    if ctx.invitations:
        names = {c.name for c in connections if c.name}
        urls = {c.url for c in connections if c.url}
        outgoing = [i for i in ctx.invitations if i.outgoing]
        accepted = [i for i in outgoing if _connected(i, names, urls)]
        facts.pending_invitations = len(outgoing) - len(accepted)
        if connections:
            cutoff = reference - timedelta(days=PENDING_DAYS)
            settled = [i for i in outgoing if i.sent_on <= cutoff]
            if settled:
                matched = sum(1 for i in settled if _connected(i, names, urls))
                facts.acceptance_rate = round(matched / len(settled), 4)
    return facts


def _connected(invitation: parsers.Invitation, names: set[str], urls: set[str]) -> bool:
    return bool(
        (invitation.url and invitation.url in urls)
        or (invitation.name and invitation.name in names)
    )


def _accepted_invitations(ctx: parsers.Context, reports: list[FileReport]) -> None:
    """An outgoing invitation whose invitee is now a connection was accepted."""
    if not ctx.connections:
        return
    by_name = {c.name: c for c in ctx.connections if c.name}
    by_url = {c.url: c for c in ctx.connections if c.url}
    report = next((r for r in reports if r.kind == "invitations"), None)
    if report is None:
        return
    before = report.rows_used
    for invitation in ctx.invitations:
        if not invitation.outgoing:
            continue
        connection = (by_url.get(invitation.url) if invitation.url else None) or by_name.get(
            invitation.name
        )
        if connection is None:
            continue
        when = max(connection.connected_on, invitation.sent_on)
        ctx.add("invitation_accepted", when, invitation.name or invitation.url, report=report)
    report.rows_used = before
