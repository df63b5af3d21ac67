"""One parser per LinkedIn file: rows in, activities and facts into a ``Context``.

Columns are looked up by normalised name (``table.norm_column``), so every year's header
variant (``SharedURL``/``SharedUrl``/``Shared URL``, URN vs URL columns, extra trailing
columns) goes through the same code. External keys hash normalised *content* that every
variant of the file carries (never a row number, never a column that only some years
have), so an older and a newer archive of the same person give the same keys.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import unquote

from .dates import DateReader, Period, is_empty, parse_period, parse_rich_media_sentence
from .messages import Notice
from .result import (
    AccountFacts,
    ActivityRecord,
    FileReport,
    ProfileFacts,
    person_hash,
    stable_hash,
)
from .table import Table, unwrap_share_lines
from .titles import company_key, fold

# Column names each file is recognised by (for finding the header row). The first few are
# those a header must show; more are listed so that the best candidate line wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "connections": (
        "First Name",
        "Last Name",
        "Connected On",
        "Company",
        "Position",
        "URL",
        "Email Address",
    ),
    "profile": ("First Name", "Last Name", "Headline", "Summary", "Industry", "Geo Location"),
    "profile_summary": ("Profile Summary",),
    "positions": ("Company Name", "Title", "Started On", "Finished On", "Description"),
    "education": ("School Name", "Start Date", "End Date", "Degree Name", "Notes"),
    "skills": ("Name",),
    "endorsements_received": (
        "Endorsement Date",
        "Skill Name",
        "Endorser First Name",
        "Endorser Last Name",
        "Endorsement Status",
    ),
    "endorsements_given": (
        "Endorsement Date",
        "Skill Name",
        "Endorsee First Name",
        "Endorsee Last Name",
        "Endorsement Status",
    ),
    "recommendations_received": (
        "First Name",
        "Last Name",
        "Text",
        "Creation Date",
        "Status",
        "Job Title",
    ),
    "recommendations_given": (
        "First Name",
        "Last Name",
        "Text",
        "Creation Date",
        "Status",
        "Job Title",
    ),
    "certifications": ("Name", "Authority", "Started On", "Finished On", "Url"),
    "languages": ("Name", "Proficiency"),
    "projects": ("Title", "Description", "Started On", "Start Date", "Url"),
    "honors": ("Title", "Description", "Issued On", "Issue Date", "Issuer"),
    "publications": ("Name", "Published On", "Publisher", "Description", "Url"),
    "courses": ("Name", "Number"),
    "volunteering": ("Company Name", "Role", "Cause", "Started On"),
    "organizations": ("Name", "Position", "Started On", "Description"),
    "shares": (
        "Date",
        "ShareLink",
        "ShareCommentary",
        "SharedUrl",
        "MediaUrl",
        "Visibility",
        "Share Title",
        "Share Description",
    ),
    "comments": ("Date", "Link", "Message"),
    "reactions": ("Date", "Type", "Link"),
    "votes": ("Date", "Link", "OptionText"),
    "instant_reposts": ("Date", "Link"),
    "invitations": ("From", "To", "Sent At", "Message", "Direction"),
    "messages": (
        "FROM",
        "TO",
        "DATE",
        "CONTENT",
        "FOLDER",
        "CONVERSATION ID",
        "SUBJECT",
        "Direction",
    ),
    "company_follows": ("Organization", "Followed On"),
    "member_follows": ("Date", "Status", "FullName"),
    "rich_media": ("Date/Time", "Media Description", "Media Link", "Type", "Link", "Description"),
    "learning": (
        "Content Title",
        "Content Type",
        "Content Completed At (if completed)",
        "Content Description",
        "Content Saved",
    ),
    "search_queries": ("Time", "Search Query"),
    "logins": ("Login Date", "IP Address", "User Agent", "Login Type"),
    "hashtag_follows": ("HashTag", "CreatedTime", "LastModifiedTime", "State"),
    "saved_items": ("savedItem", "createdTime"),
    "events": ("Event Name", "Event Time", "Status", "External Url"),
    "ad_targeting": (
        "Member Groups",
        "Groups",
        "Job Seniorities",
        "Member Age",
        "Company Names",
        "Member Skills",
        "Years of Experience",
        "Job Titles",
        "Member Interests",
        "Seniorities",
        "Age Group",
    ),
    "registration": ("Registered At", "Registration Date", "Registration Ip", "Subscription Types"),
    "verifications": (
        "Verification type",
        "Verified date",
        "First name",
        "Last name",
        "Verification service provider",
        "Document type",
    ),
}

_URN = re.compile(r"urn:li:([A-Za-z]+):([^/?#&\s,]+)")
_NON_WORD_URL = re.compile(r"^(?:https?://)?(?:[a-z]+\.)?linkedin\.com", re.IGNORECASE)
_DEFAULT_SLUG = re.compile(r"-(?=[0-9a-z]*\d)[0-9a-z]{6,12}$")
_TAG = re.compile(r"<[^>]+>")
#: LinkedIn started in 2003: an earlier date is an Excel default or a broken cell.
EARLIEST = date(2003, 1, 1)
#: A Rich_Media upload this close to a share with media is that share's image.
MEDIA_LINK_WINDOW = timedelta(hours=12)


def urn(link: str) -> str:
    """``share:123`` from any form of a LinkedIn post link (encoded or not)."""
    match = _URN.search(unquote(link or ""))
    return f"{match.group(1)}:{match.group(2)}" if match else ""


_URN_START = re.compile(r"urn:li:([A-Za-z]+):")
_PLAIN_VALUE = re.compile(r"[^/?#&\s,()]+")
#: Kinds whose key changed from the first urn of the link to the whole target; their
#: old keys are kept on each record (``ActivityRecord.legacy_key``) for re-keying.
REKEYED_KINDS = frozenset({"reaction", "poll_vote", "repost"})
LEGACY_PREFIX = "li1:"


def _decoded(link: str) -> str:
    """A link URL-decoded until it no longer changes (some links are encoded twice)."""
    text = (link or "").strip()
    for _ in range(3):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def urns(link: str) -> list[tuple[str, str]]:
    """Every LinkedIn urn in a link, in order: ``[("activity", "1"), ("comment",
    "(activity:1,2)")]``; a parenthesised value is read whole, commas included."""
    text = _decoded(link)
    found: list[tuple[str, str]] = []
    end = 0
    for match in _URN_START.finditer(text):
        if match.start() < end:
            continue  # an urn nested in the previous one's parentheses
        start = match.end()
        if text[start : start + 1] == "(":
            depth, stop = 0, start
            while stop < len(text):
                depth += {"(": 1, ")": -1}.get(text[stop], 0)
                if depth == 0:
                    break
                stop += 1
            value = text[start : stop + 1]
            value = re.sub(r"\s+", "", value.replace("urn:li:", ""))
            end = stop + 1
        else:
            plain = _PLAIN_VALUE.match(text, start)
            value = plain.group(0) if plain else ""
            end = plain.end() if plain else start
        if value:
            found.append((match.group(1), value))
    return found


def target(link: str) -> str:
    """Exactly what a reaction, vote or repost is about: the post, or the comment of it.

    ``…/urn:li:activity:1?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A1%2C2%29`` is
    the comment ``comment:(activity:1,2)``; a reply (``replyUrn``) is the last comment
    urn; a plain post is its only urn. Links without an urn are kept whole, decoded.
    """
    found = urns(link)
    comments = [f"{kind}:{value}" for kind, value in found if kind.lower() == "comment"]
    if comments:
        return comments[-1]
    if found:
        return f"{found[0][0]}:{found[0][1]}"
    return _decoded(link)


def legacy_target(link: str) -> str:
    """The key the earlier reading used: the first urn, cut at a comma, or the raw link."""
    return urn(link) or link


def profile_url(url: str) -> str:
    """Profile URLs compared without scheme, host, case or trailing slash."""
    if not url:
        return ""
    text = unquote(url.strip()).lower()
    text = _NON_WORD_URL.sub("", text)
    return text.rstrip("/")


def strip_html(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def words(text: str) -> int:
    return len(text.split())


def minute(when: datetime | date) -> str:
    if isinstance(when, datetime):
        return when.strftime("%Y-%m-%d %H:%M")
    return when.isoformat()


@dataclass
class Connection:
    name: str  # folded "first last"
    url: str  # normalised profile URL or ""
    company: str
    position: str
    connected_on: date

    @property
    def blank(self) -> bool:
        return not (self.name or self.url or self.company or self.position)


@dataclass
class Invitation:
    outgoing: bool
    name: str  # the other person, folded
    url: str
    sent_on: date


@dataclass
class Context:
    """What the parsers accumulate; the importer turns it into facts."""

    owner_name: str = ""
    activities: list[ActivityRecord] = field(default_factory=list)
    profile: ProfileFacts = field(default_factory=ProfileFacts)
    connections: list[Connection] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    owner_names: set[str] = field(default_factory=set)
    owner_urls: Counter[str] = field(default_factory=Counter)
    current_companies: set[str] = field(default_factory=set)
    profile_updates: list[date] = field(default_factory=list)
    companies_followed: set[str] = field(default_factory=set)
    endorsements_seen: set[str] = field(default_factory=set)
    warnings: list[Notice] = field(default_factory=list)
    has_shares: bool = False
    # When each share with media was posted, sorted: a Rich_Media upload near one of
    # them is that share's image, already counted.
    share_media_times: list[datetime] = field(default_factory=list)
    account: AccountFacts = field(default_factory=AccountFacts)
    today: date | None = None  # the import day: later rows are refused
    _occurrences: dict[str, int] = field(default_factory=dict)

    def add(
        self,
        kind: str,
        when: date | datetime,
        *content: object,
        report: FileReport,
        words: int | None = None,
        counterpart: str = "",
        count: int = 1,
        unique: bool = False,
        legacy: tuple[object, ...] | None = None,
        period: bool = False,
    ) -> None:
        """Record one activity; identical content repeated in the file gets an index.

        ``unique``: the content identifies the item itself (a reaction to one post, a
        followed company), so a repeat is a duplicate, not a second activity.
        ``legacy``: the content the earlier reading hashed, where it differs.
        A date before LinkedIn existed (2003) or after the import day is refused and
        counted (``out_of_range``); for a ``period`` (a position's start month) the row
        still counts as used, only its dated activity is left out.
        """
        day = when.date() if isinstance(when, datetime) else when
        if day < EARLIEST or (self.today is not None and day > self.today):
            if period:
                report.rows_used += 1
            else:
                report.skip("out_of_range")
            return
        base = stable_hash(kind, *content)
        seen = self._occurrences.get(base, 0)
        if unique and seen:
            report.skip("duplicate")
            return
        self._occurrences[base] = seen + 1
        body = base if seen == 0 else stable_hash(base, seen)
        legacy_key = ""
        if kind in REKEYED_KINDS:
            legacy_key = LEGACY_PREFIX + (body if legacy is None else stable_hash(kind, *legacy))
        self.activities.append(
            ActivityRecord(
                kind=kind,
                occurred_on=day,
                external_key="li:" + body,
                count=count,
                words=words,
                counterpart=counterpart,
                legacy_key=legacy_key,
            )
        )
        report.rows_used += 1


Parser = Callable[[Table, Context, FileReport], None]


def _get(row: dict[str, str], *names: str) -> str:
    for name in names:
        value = row.get(name)
        if value:
            return value
    return ""


def _column_starting(table: Table, prefix: str) -> str:
    return next((c for c in table.header if c.startswith(prefix)), "")


def _dated_rows(
    table: Table, report: FileReport, *columns: str
) -> Iterator[tuple[dict[str, str], datetime]]:
    read = DateReader()
    for row in table.rows:
        when = read(_get(row, *columns))
        if when is None:
            report.skip("no_date")
            continue
        yield row, when


# --- Network ---------------------------------------------------------------------------


def parse_connections(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "connectedon"):
        first, last = row.get("firstname", ""), row.get("lastname", "")
        connection = Connection(
            name=fold(f"{first} {last}"),
            url=profile_url(row.get("url", "")),
            company=row.get("company", ""),
            position=row.get("position", ""),
            connected_on=when.date(),
        )
        ctx.connections.append(connection)
        if connection.blank:
            report.skip("blank_member")
        # Name + date: the only identity every year's variant carries (no URL before 2024).
        ctx.add("connection", when, connection.name, when.date(), report=report)


def parse_invitations(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "sentat"):
        outgoing = row.get("direction", "").upper() == "OUTGOING"
        if outgoing:
            other, url = row.get("to", ""), _get(row, "inviteeprofileurl")
            if row.get("from"):
                ctx.owner_names.add(fold(row["from"]))
            inviter = profile_url(_get(row, "inviterprofileurl"))
            if inviter:
                ctx.owner_urls[inviter] += 1
        else:
            other, url = row.get("from", ""), _get(row, "inviterprofileurl")
            if row.get("to"):
                ctx.owner_names.add(fold(row["to"]))
        name = fold(other)
        ctx.invitations.append(Invitation(outgoing, name, profile_url(url), when.date()))
        kind = "invitation_sent" if outgoing else "invitation_received"
        ctx.add(kind, when, minute(when), name, report=report)


def parse_company_follows(table: Table, ctx: Context, report: FileReport) -> None:
    read = DateReader()
    for row in table.rows:
        organisation = row.get("organization", "")
        key = company_key(organisation)
        when = read(row.get("followedon"))
        if not key or when is None:
            report.skip("no_date" if key else "empty")
            continue
        ctx.companies_followed.add(key)
        ctx.add("company_follow", when, key, report=report, unique=True)


def parse_member_follows(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "date"):
        if row.get("status", "").lower() not in ("", "active"):
            report.skip("unfollowed")
            continue
        ctx.add("member_follow", when, fold(row.get("fullname", "")), report=report, unique=True)


def parse_search_queries(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "time"):
        ctx.add("search", when, minute(when), fold(row.get("searchquery", "")), report=report)


def parse_logins(table: Table, ctx: Context, report: FileReport) -> None:
    """Sessions on LinkedIn (the daily habit); only recent logins are exported."""
    for _row, when in _dated_rows(table, report, "logindate"):
        # Nothing about the device or the IP address is kept: only that a session happened.
        ctx.add("linkedin_session", when, minute(when), report=report, unique=True)


# --- Profile ---------------------------------------------------------------------------


def parse_profile(table: Table, ctx: Context, report: FileReport) -> None:
    if not table.rows:
        return
    row = table.rows[0]
    name = fold(f"{row.get('firstname', '')} {row.get('lastname', '')}")
    if name:
        ctx.owner_names.add(name)
        ctx.owner_name = ctx.owner_name or name
    ctx.profile.has_headline = bool(row.get("headline"))
    summary = row.get("summary", "")
    ctx.profile.summary_length = max(ctx.profile.summary_length or 0, len(summary))
    report.rows_used = 1


def parse_profile_summary(table: Table, ctx: Context, report: FileReport) -> None:
    text = "\n".join(row.get("profilesummary", "") for row in table.rows).strip()
    ctx.profile.summary_length = max(ctx.profile.summary_length or 0, len(text))
    report.rows_used = 1 if text else 0


def _period(value: str) -> Period | None:
    return parse_period(value) if not is_empty(value) else None


def parse_positions(table: Table, ctx: Context, report: FileReport) -> None:
    current = past = 0
    for row in table.rows:
        company = row.get("companyname", "")
        title = row.get("title", "")
        if not (company or title):
            report.skip("empty")
            continue
        started = _period(row.get("startedon", ""))
        if is_empty(row.get("finishedon")):
            current += 1
            if company_key(company):
                ctx.current_companies.add(company_key(company))
        else:
            past += 1
        if started is not None:
            ctx.profile_updates.append(started.start)
            ctx.add(
                "profile_update",
                started.start,
                "position",
                company_key(company),
                fold(title),
                report=report,
                period=True,
            )
        else:
            report.rows_used += 1
    ctx.profile.has_current_position = current > 0
    ctx.profile.past_positions = past


def parse_education(table: Table, ctx: Context, report: FileReport) -> None:
    schools = [row for row in table.rows if row.get("schoolname") or row.get("degreename")]
    report.rows_used = len(schools)
    ctx.profile.has_education = bool(schools)


def parse_skills(table: Table, ctx: Context, report: FileReport) -> None:
    names = {fold(row.get("name", "")) for row in table.rows} - {""}
    report.rows_used = len(names)
    report.skip("duplicate", len([r for r in table.rows if r.get("name")]) - len(names))
    ctx.profile.skills_count = len(names)


def parse_certifications(table: Table, ctx: Context, report: FileReport) -> None:
    names = [row for row in table.rows if row.get("name")]
    ctx.profile.certifications = len(names)
    for row in names:
        started = _period(row.get("startedon", ""))
        if started is not None:
            ctx.profile_updates.append(started.start)
            ctx.add(
                "profile_update",
                started.start,
                "certification",
                fold(row["name"]),
                report=report,
                period=True,
            )
        else:
            report.rows_used += 1


def count_rows(table: Table, ctx: Context, report: FileReport) -> None:
    """Profile sections that only count towards the inventory (Languages, Honors, ...)."""
    report.rows_used = len(table.rows)


# Statuses that mean the item is not (or no longer) shown. Anything else (ACCEPTED,
# Accepted, Show, VISIBLE, or a spelling not seen yet) counts: a new positive word
# must not silently empty the file, as ``Show`` once did.
_HIDDEN_STATUS = frozenset(
    {
        "redacted",
        "hide",
        "hidden",
        "rejected",
        "declined",
        "pending",
        "withdrawn",
        "removed",
        "deleted",
        "ignored",
        "notvisible",
        "invisible",
        "private",
    }
)


def _hidden(status: str) -> bool:
    return re.sub(r"[\s_\-]+", "", status.lower()) in _HIDDEN_STATUS


def _endorsement(kind: str, person: str) -> Parser:
    def parse(table: Table, ctx: Context, report: FileReport) -> None:
        read = DateReader()
        for row in table.rows:
            status = row.get("endorsementstatus", "")
            display = row.get("displaystatus", "")
            if _hidden(status) or _hidden(display):
                report.skip("not_accepted")
                continue
            when = read(row.get("endorsementdate"))
            if when is None:
                report.skip("no_date")
                continue
            name = fold(f"{row.get(person + 'firstname', '')} {row.get(person + 'lastname', '')}")
            identity = stable_hash(kind, fold(row.get("skillname", "")), name, when.date())
            if identity in ctx.endorsements_seen:
                # The legacy spaced file repeats the underscore file's rows (reference §2.6).
                report.skip("duplicate")
                continue
            ctx.endorsements_seen.add(identity)
            ctx.add(kind, when, identity, report=report)

    return parse


parse_endorsements_received = _endorsement("endorsement_received", "endorser")
parse_endorsements_given = _endorsement("endorsement_given", "endorsee")


def _recommendation(kind: str, visible_only: bool) -> Parser:
    def parse(table: Table, ctx: Context, report: FileReport) -> None:
        for row, when in _dated_rows(table, report, "creationdate"):
            if visible_only and _hidden(row.get("status", "")):
                report.skip("not_visible")
                continue
            name = fold(f"{row.get('firstname', '')} {row.get('lastname', '')}")
            ctx.add(kind, when, name, when.date(), report=report)

    return parse


parse_recommendations_received = _recommendation("recommendation_received", True)
parse_recommendations_given = _recommendation("recommendation_given", False)


def parse_rich_media(table: Table, ctx: Context, report: FileReport) -> None:
    upload = re.compile(r"uploaded (?:an? )?(.+?) on ", re.IGNORECASE)
    for row in table.rows:
        sentence = row.get("date/time", "")
        when = parse_rich_media_sentence(sentence)
        if when is None:
            # "Rich Media.csv" (Type,Link) and 2018 Videos.csv carry no dates.
            report.skip("no_date")
            continue
        match = upload.search(sentence)
        what = fold(match.group(1)) if match else ""
        if what in ("profile photo", "profile picture"):
            ctx.profile.has_photo = True
            ctx.profile_updates.append(when.date())
            ctx.add("profile_update", when, "photo", minute(when), report=report)
        elif what in ("profile background photo", "background photo", "cover photo"):
            ctx.profile.has_banner = True
            ctx.profile_updates.append(when.date())
            ctx.add("profile_update", when, "banner", minute(when), report=report)
        elif "article" in what:
            report.rows_used += 1  # the article itself is counted from its HTML
        elif _near_share_media(ctx.share_media_times, when):
            report.rows_used += 1  # the image of a share, counted from Shares.csv
        else:
            ctx.add("media", when, what, minute(when), report=report)


def _near_share_media(times: list[datetime], when: datetime) -> bool:
    at = bisect.bisect_left(times, when - MEDIA_LINK_WINDOW)
    return at < len(times) and times[at] <= when + MEDIA_LINK_WINDOW


def parse_learning(table: Table, ctx: Context, report: FileReport) -> None:
    completed = _column_starting(table, "contentcompletedat")
    watched = _column_starting(table, "contentlastwatched")
    read = DateReader()
    read_watched = DateReader()
    for row in table.rows:
        title = fold(row.get("contenttitle", ""))
        when = read(row.get(completed, "")) if completed else None
        if when is not None:
            ctx.add("learning_completed", when, title, report=report, unique=True)
            continue
        # Watched but not finished (a real export had 149): still time on insights.
        seen = read_watched(row.get(watched, "")) if watched else None
        if seen is None:
            report.skip("not_completed")
            continue
        ctx.add("learning_watched", seen, title, report=report, unique=True)


def parse_hashtag_follows(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "createdtime", "lastmodifiedtime"):
        if _unfollowed(row.get("state", "")):
            report.skip("unfollowed")
            continue
        tag = fold(row.get("hashtag", "").lstrip("#"))
        ctx.add("hashtag_follow", when, tag, report=report, unique=True)


def _unfollowed(state: str) -> bool:
    return re.sub(r"[\s_\-]+", "", state.lower()) in {"unfollow", "unfollowed", "inactive"}


def parse_saved_items(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "createdtime"):
        item = row.get("saveditem", "")
        ctx.add("item_saved", when, target(item) or minute(when), report=report, unique=True)


_EVENT_OFF = frozenset({"relinquished", "declined", "cancelled", "canceled", "withdrawn"})


def parse_events(table: Table, ctx: Context, report: FileReport) -> None:
    """Events registered for or attended (``Sep 23, 2022 12:00 PM - …``: the start)."""
    read = DateReader()
    for row in table.rows:
        span = row.get("eventtime", "")
        when = read(re.split(r"\s+[-\u2013]\s+", span, maxsplit=1)[0]) if span else None
        if when is None:
            report.skip("no_date")
            continue
        if row.get("status", "").strip().lower() in _EVENT_OFF:
            report.skip("not_attending")
            continue
        ctx.add(
            "event_attended",
            when,
            fold(row.get("eventname", "")),
            when.date(),
            report=report,
            unique=True,
        )


def parse_ad_targeting(table: Table, ctx: Context, report: FileReport) -> None:
    """LinkedIn's ad profile: ``Member Groups`` is the only list of the groups joined."""
    if not table.rows:
        return
    row = table.rows[0]
    columns = [c for c in table.header if base_name(c) in ("membergroups", "groups")]
    groups = {
        fold(part)
        for column in columns
        for part in re.split(r";\s*", row.get(column, ""))
        if fold(part)
    }
    if columns:
        ctx.account.member_groups = len(groups)
    report.rows_used = 1


def base_name(column: str) -> str:
    return re.sub(r"\.\d+$", "", column)


def parse_registration(table: Table, ctx: Context, report: FileReport) -> None:
    for _row, when in _dated_rows(table, report, "registeredat", "registrationdate"):
        day = when.date()
        if day >= EARLIEST and (ctx.today is None or day <= ctx.today):
            ctx.account.registered_on = day
            report.rows_used = 1
        else:
            report.skip("out_of_range")
        return


def parse_verifications(table: Table, ctx: Context, report: FileReport) -> None:
    read = DateReader()
    for row in table.rows:
        if not (row.get("verificationtype") or row.get("verifieddate")):
            report.skip("empty")
            continue
        ctx.account.id_verified = True
        when = read(row.get("verifieddate", ""))
        if when is not None:
            day = when.date()
            ctx.account.verified_on = max(ctx.account.verified_on or day, day)
        report.rows_used += 1


# --- Content and engagement ------------------------------------------------------------


def parse_shares(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "date"):
        link = _get(row, "sharelink")
        commentary = unwrap_share_lines(row.get("sharecommentary", "")).strip()
        shared = row.get("sharedurl", "")
        media = row.get("mediaurl", "")
        identity = urn(link) or stable_hash(minute(when), fold(commentary))
        if "grouppost" in identity.lower():
            kind = "group_post"
        elif commentary and shared:
            kind = "share"
        elif commentary or media:
            kind = "post"
        else:
            kind = "repost"
        ctx.add(kind, when, identity, report=report, words=words(commentary) or None)
        if media:
            bisect.insort(ctx.share_media_times, when)
            ctx.add("media", when, identity, report=report)
            report.rows_used -= 1  # one row, two activities


def parse_comments(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "date"):
        link = row.get("link", "")
        message = row.get("message", "").strip()
        target = urn(link) or link
        kind = "group_comment" if "grouppost" in target.lower() else "comment"
        ctx.add(
            kind, when, minute(when), target, fold(message), report=report, words=words(message)
        )


def parse_reactions(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "date"):
        link = row.get("link", "")
        # One reaction per item: changing LIKE to PRAISE later must not count twice; the
        # item is the whole target, so reactions to two comments of a post are two.
        fallback = f"{minute(when)} {row.get('type', '')}"
        ctx.add(
            "reaction",
            when,
            target(link) or fallback,
            report=report,
            unique=True,
            legacy=(legacy_target(link) or fallback,),
        )


def parse_votes(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "date"):
        link = row.get("link", "")
        ctx.add(
            "poll_vote",
            when,
            target(link) or minute(when),
            report=report,
            unique=True,
            legacy=(legacy_target(link) or minute(when),),
        )


def parse_instant_reposts(table: Table, ctx: Context, report: FileReport) -> None:
    for row, when in _dated_rows(table, report, "date"):
        link = row.get("link", "")
        ctx.add(
            "repost",
            when,
            target(link) or minute(when),
            report=report,
            unique=True,
            legacy=(legacy_target(link) or minute(when),),
        )


# --- Messages --------------------------------------------------------------------------


def parse_messages(table: Table, ctx: Context, report: FileReport) -> None:
    read = DateReader()
    usable: list[tuple[dict[str, str], datetime]] = []
    for row in table.rows:
        sender = row.get("from", "")
        if row.get("folder", "").upper() == "SPAM":
            report.skip("spam")
        elif row.get("conversationtitle", "").strip().lower() == "sponsored conversation":
            report.skip("sponsored")
        elif fold(sender) == "linkedin member" and not row.get("senderprofileurl"):
            report.skip("linkedin_member")
        elif row.get("ismessagedraft", "").lower() in ("yes", "true"):
            report.skip("draft")
        else:
            when = read(row.get("date"))
            if when is None:
                report.skip("no_date")
            else:
                usable.append((row, when))
    is_sent = _direction(usable, ctx, has_column="direction" in table.header)
    for row, when in usable:
        sender = row.get("from", "")
        content = strip_html(row.get("content", ""))
        if is_sent(row):
            kind, other = "message_sent", row.get("to", "")
        else:
            kind, other = "message_received", sender
        ctx.add(
            kind,
            when,
            minute(when),
            fold(sender),
            fold(content),
            report=report,
            counterpart=person_hash(other),
        )


def name_key(name: str) -> str:
    """A person's name as messages may write it: ``Zoe Zeta (she/her) 🚀`` = ``zoe zeta``."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", fold(name))
    return " ".join(re.sub(r"[^\w\s'-]", " ", text).split())


def _recipients(row: dict[str, str]) -> tuple[set[str], set[str]]:
    names = {name_key(n) for n in re.split(r"\s*[,;]\s*", row.get("to", ""))} - {""}
    urls = {profile_url(u) for u in re.split(r"[\s,;]+", row.get("recipientprofileurls", ""))} - {
        ""
    }
    return names, urls


def _direction(
    rows: list[tuple[dict[str, str], datetime]], ctx: Context, *, has_column: bool
) -> Callable[[dict[str, str]], bool]:
    """Who sent a message: the 2018 Direction column, else the owner's identity.

    In order: the owner's name (Profile.csv, the account, Invitations) or profile URL
    (Invitations) as the sender; the same identity as the recipient of every message (an
    owner who never wrote); the one person every conversation is addressed to; and only
    as a last resort the sender seen in the most conversations. A warning says which of
    the last three was used.
    """
    if has_column:
        return lambda row: row.get("direction", "").upper() == "OUTGOING"
    names = {name_key(n) for n in ctx.owner_names} - {""}
    urls = set(ctx.owner_urls) - {""}

    def sent_by(owner_names: set[str], owner_urls: set[str]) -> Callable[[dict[str, str]], bool]:
        def matches(row: dict[str, str]) -> bool:
            sender_url = profile_url(row.get("senderprofileurl", ""))
            if sender_url and owner_urls:
                return sender_url in owner_urls
            return name_key(row.get("from", "")) in owner_names

        return matches

    def addressed_to_owner(row: dict[str, str]) -> bool:
        to_names, to_urls = _recipients(row)
        return bool(to_names & names or to_urls & urls)

    matches = sent_by(names, urls)
    if not rows or any(matches(row) for row, _ in rows):
        _learn_owner_urls(rows, ctx, matches)
        return matches
    if (names or urls) and any(addressed_to_owner(row) for row, _ in rows):
        shown = ctx.owner_name or next(iter(sorted(names or urls)))
        ctx.warnings.append(Notice("messages_direction_owner_silent", {"name": shown}))
        return lambda row: False
    owner = _addressee_of_every_conversation(rows)
    if owner is not None:
        ctx.warnings.append(Notice("messages_direction_recipient"))
        owner_names, owner_urls = owner
        matches = sent_by(owner_names, owner_urls)
        _learn_owner_urls(rows, ctx, matches)
        return matches
    # The owner writes in nearly every conversation: the sender seen in the most
    # distinct conversations is the owner (more robust than the most frequent row).
    conversations: dict[str, set[str]] = {}
    for row, when in rows:
        conversation = row.get("conversationid") or row.get("conversationtitle") or ""
        conversations.setdefault(name_key(row.get("from", "")), set()).add(
            conversation or minute(when)
        )
    guessed = max(conversations, key=lambda k: (len(conversations[k]), k))
    ctx.warnings.append(Notice("messages_direction_guessed"))
    matches = sent_by({guessed}, set())
    _learn_owner_urls(rows, ctx, matches)
    return matches


def _addressee_of_every_conversation(
    rows: list[tuple[dict[str, str], datetime]],
) -> tuple[set[str], set[str]] | None:
    """The one person who takes part in every conversation and receives most messages.

    The owner is in every conversation of their own archive, as sender or recipient;
    a stranger is in one or a few. ``None`` when no single person fits.
    """
    conversations: dict[str, set[str]] = {}
    received: Counter[str] = Counter()
    url_of: dict[str, set[str]] = {}
    all_conversations: set[str] = set()
    for row, when in rows:
        conversation = row.get("conversationid") or row.get("conversationtitle") or minute(when)
        all_conversations.add(conversation)
        sender = name_key(row.get("from", ""))
        if sender:
            conversations.setdefault(sender, set()).add(conversation)
        to_names, to_urls = _recipients(row)
        for name in to_names:
            conversations.setdefault(name, set()).add(conversation)
            received[name] += 1
        if len(to_names) == 1 and to_urls:
            url_of.setdefault(next(iter(to_names)), set()).update(to_urls)
    everywhere = [name for name, seen in conversations.items() if seen == all_conversations]
    if not everywhere or not received:
        return None
    best = max(everywhere, key=lambda n: (received[n], n))
    others = [n for n in everywhere if n != best and received[n] == received[best]]
    if others or received[best] == 0:
        return None
    return {best}, url_of.get(best, set())


def _learn_owner_urls(
    rows: list[tuple[dict[str, str], datetime]],
    ctx: Context,
    matches: Callable[[dict[str, str]], bool],
) -> None:
    for row, _ in rows:
        if row.get("senderprofileurl") and matches(row):
            ctx.owner_urls[profile_url(row["senderprofileurl"])] += 1


# --- Articles --------------------------------------------------------------------------

_PUBLISHED = re.compile(r'class="published"[^>]*>\s*Published on\s*([^<]*)<', re.IGNORECASE)
_CREATED = re.compile(r'class="created"[^>]*>\s*Created on\s*([^<]*)<', re.IGNORECASE)
_PULSE = re.compile(r'href="[^"]*linkedin\.com/pulse/([^"/?#]+)', re.IGNORECASE)


def parse_article(name: str, text: str, ctx: Context, report: FileReport) -> None:
    """One article: counted when it has a publication date, reported as draft otherwise."""
    if not (_CREATED.search(text) or _PUBLISHED.search(text) or _PULSE.search(text)):
        report.status = "ignored"
        return
    report.rows_read = 1
    published = _PUBLISHED.search(text)
    when = DateReader()(published.group(1).strip()) if published else None
    if when is None:
        report.skip("draft")
        return
    slug = _PULSE.search(text)
    identity = slug.group(1).lower() if slug else fold(name.rsplit("/", 1)[-1])
    ctx.add("article", when, identity, report=report, unique=True)


def custom_url(urls: Counter[str]) -> bool | None:
    """Does the owner's URL look chosen (``/in/jane``), not generated (``/in/jane-1a2b3c``)?"""
    if not urls:
        return None
    url = urls.most_common(1)[0][0]
    slug = url.rsplit("/in/", 1)[-1].strip("/")
    if not slug or url.startswith("urn:"):
        return None
    return not _DEFAULT_SLUG.search(slug)


PARSERS: dict[str, Parser] = {
    "profile": parse_profile,
    "profile_summary": parse_profile_summary,
    "positions": parse_positions,
    "education": parse_education,
    "skills": parse_skills,
    "certifications": parse_certifications,
    "languages": count_rows,
    "projects": count_rows,
    "honors": count_rows,
    "publications": count_rows,
    "courses": count_rows,
    "volunteering": count_rows,
    "organizations": count_rows,
    "endorsements_received": parse_endorsements_received,
    "endorsements_given": parse_endorsements_given,
    "recommendations_received": parse_recommendations_received,
    "recommendations_given": parse_recommendations_given,
    "invitations": parse_invitations,
    "connections": parse_connections,
    "company_follows": parse_company_follows,
    "member_follows": parse_member_follows,
    "search_queries": parse_search_queries,
    "shares": parse_shares,
    "comments": parse_comments,
    "reactions": parse_reactions,
    "votes": parse_votes,
    "instant_reposts": parse_instant_reposts,
    "rich_media": parse_rich_media,
    "learning": parse_learning,
    "messages": parse_messages,
    "logins": parse_logins,
    "hashtag_follows": parse_hashtag_follows,
    "saved_items": parse_saved_items,
    "events": parse_events,
    "ad_targeting": parse_ad_targeting,
    "registration": parse_registration,
    "verifications": parse_verifications,
}
