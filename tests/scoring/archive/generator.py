"""Realistic LinkedIn archives, written by the project itself (no real person's export).

``build_archive(variant)`` writes a ZIP the way LinkedIn wrote it in that year (reference
``linkedin-archive-format``): 2018 (UTF-16 TSV files, no Connections preamble,
``Messages.csv`` with a Direction column), 2021 (no URL columns, CRLF activity files,
unquoted multi-line comments, a legacy spaced UTF-16 endorsements file, a wrapping
folder), 2024 (URL columns, draft columns in messages, ``Rich Media.csv``, flattened
articles) and 2026 (backslash-escaped comments, every message field quoted, multi-line
messages, ``InstantReposts.csv``, ``Rich_Media.csv`` sentences). Everything is
deterministic for a seed; ``Generated.truth`` says what an importer must find.

Hostile uploads live at the end: zip bomb, ``../`` and absolute names, a symlink entry, a
0-byte file, a truncated ZIP, an xlsx renamed to csv, binary garbage.
"""

from __future__ import annotations

import csv
import io
import random
import stat
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

FIRST = [
    "Alice",
    "Bruno",
    "Chiara",
    "Dev",
    "Elena",
    "Farid",
    "Giulia",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Laura",
    "Marco",
    "Nadia",
    "Omar",
    "Paola",
    "Quentin",
    "Rosa",
    "Sven",
    "Tara",
]
LAST = [
    "Abbott",
    "Bianchi",
    "Costa",
    "Dufresne",
    "Esposito",
    "Fischer",
    "Greco",
    "Huang",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lombardi",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Perez",
]
COMPANIES = [
    "Acme S.p.A.",
    "Globex Inc",
    "Initech",
    "Umbrella Insurance",
    "Stark Logistics",
    "Wayne Foods",
    "Hooli",
    "Vandelay Industries",
    "Soylent Srl",
    "Tyrell Corp",
]
# (title, is a decision maker)
TITLES = [
    ("Chief Executive Officer", True),
    ("CEO & Founder", True),
    ("VP Sales", True),
    ("Head of Marketing", True),
    ("Amministratore Delegato", True),
    ("Direttore Commerciale", True),
    ("Responsabile Acquisti", True),
    ("Titolare", True),
    ("Account Manager", False),
    ("Software Engineer", False),
    ("Sales Representative", False),
    ("Project Manager", False),
    ("Executive Assistant to the CEO", False),
    ("Product Owner", False),
    ("Consulente", False),
    ("Impiegata amministrativa", False),
]
OWNER_FIRST, OWNER_LAST = "Alex", "Rossi"
OWNER_URL = "https://www.linkedin.com/in/alex-rossi-sales"
OWNER_COMPANY = "Acme S.p.A."
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
VARIANTS = ("2018", "2021", "2024", "2026")
EXPORT_DATES = {
    "2018": date(2018, 11, 20),
    "2021": date(2021, 6, 1),
    "2024": date(2024, 12, 16),
    "2026": date(2026, 4, 10),
}


@dataclass
class Sizes:
    connections: int = 60
    messages: int = 40
    comments: int = 12
    shares: int = 10
    reactions: int = 25
    invitations: int = 20
    searches: int = 8


@dataclass
class Generated:
    name: str
    data: bytes
    truth: dict = field(default_factory=dict)


def _csv(
    rows: list[list[str]], *, delimiter: str = ",", quote_all: bool = False, newline: str = "\n"
) -> str:
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator=newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerows(rows)
    return out.getvalue()


def utf16(text: str) -> bytes:
    """A 2018-style file: UTF-16 LE with a BOM."""
    return b"\xff\xfe" + text.encode("utf-16-le")


def slug(first: str, last: str, n: int) -> str:
    return f"{first.lower()}-{last.lower()}-{n:x}a{n % 7}b"


class Writer:
    """Builds one archive of one variant."""

    def __init__(self, variant: str, sizes: Sizes, seed: int, export: date | None = None) -> None:
        self.v = variant
        self.sizes = sizes
        self.seed = seed
        self.rng = random.Random(seed)
        self.export = export or EXPORT_DATES[variant]
        self.files: dict[str, bytes] = {}
        self.truth: dict = {"kinds": Counter()}
        self.media_share_times: list[datetime] = []
        self.people = self._people()

    # -- helpers ----------------------------------------------------------------------
    def when(self, days_back_max: int = 400) -> datetime:
        back = self.rng.randint(0, days_back_max)
        base = datetime.combine(self.export, datetime.min.time()) - timedelta(days=back)
        return base + timedelta(seconds=self.rng.randint(0, 86_399))

    def _people(self) -> list[dict]:
        people = []
        for n in range(self.sizes.connections):
            first = FIRST[n % len(FIRST)]
            last = LAST[(n // len(FIRST)) % len(LAST)]
            if n >= len(FIRST) * len(LAST):
                last = f"{last}{n}"
            title, dm = TITLES[self.rng.randrange(len(TITLES))]
            company = COMPANIES[self.rng.randrange(len(COMPANIES))]
            people.append(
                {
                    "first": first,
                    "last": last,
                    "title": title,
                    "dm": dm,
                    "company": company,
                    "url": f"https://www.linkedin.com/in/{slug(first, last, n)}",
                    "connected": self.when(1500).date(),
                    "blank": False,
                }
            )
        # Deactivated members: every field empty but the date (reference §2.1).
        for person in people[5::25]:
            person.update(first="", last="", title="", company="", url="", dm=False, blank=True)
        return sorted(people, key=lambda p: p["connected"], reverse=True)

    def put(self, name: str, content: str | bytes) -> None:
        self.files[name] = content.encode("utf-8") if isinstance(content, str) else content

    # -- files ------------------------------------------------------------------------
    def connections(self) -> None:
        modern = self.v in ("2024", "2026")
        header = [
            "First Name",
            "Last Name",
            *(["URL"] if modern else []),
            "Email Address",
            "Company",
            "Position",
            "Connected On",
        ]
        rows = [header]
        for p in self.people:
            if self.v == "2018":
                on = (
                    p["connected"]
                    .strftime("%-m/%-d/%y, %-I:%M %p")
                    .replace(", 12:00 AM", ", 6:14 PM")
                )
            else:
                on = p["connected"].strftime("%d %b %Y")
            email = (
                f"{p['first'].lower()}@example.com" if p["first"] and len(rows) % 30 == 0 else ""
            )
            rows.append(
                [
                    p["first"],
                    p["last"],
                    *([p["url"]] if modern else []),
                    email,
                    p["company"],
                    p["title"],
                    on,
                ]
            )
        text = _csv(rows)
        if self.v != "2018":
            text = PREAMBLE + text
        if self.v == "2026":
            text += "\n"  # every file ends with an empty line in 2025-2026
        self.put("Connections.csv", text)
        with_title = [p for p in self.people if p["title"]]
        dms = sum(1 for p in with_title if p["dm"])
        self.truth.update(
            connections=len(self.people),
            blank=sum(1 for p in self.people if p["blank"]),
            decision_makers=dms,
            decision_maker_share=round(dms / len(with_title), 4),
            coworkers=sum(1 for p in self.people if p["company"] == OWNER_COMPANY),
        )
        self.truth["kinds"]["connection"] += len(self.people)

    def profile(self) -> None:
        summary = "Helping manufacturers sell smarter. " * 12
        if self.v == "2018":
            header = [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Contact Instructions",
                "Headline",
                "Summary",
                "Industry",
                "Country",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ]
            row = [
                OWNER_FIRST,
                OWNER_LAST,
                "",
                "",
                "Feb 17, 1988",
                "",
                "Sales lead at Acme",
                summary,
                "Machinery",
                "IT",
                "20100",
                "Milan, Lombardy, Italy",
                "",
                "PORTFOLIO:http://example.com",
                "",
            ]
        else:
            header = [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Headline",
                "Summary",
                "Industry",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ]
            row = [
                OWNER_FIRST,
                OWNER_LAST,
                "",
                "",
                "Mar 31",
                "Sales lead at Acme",
                summary,
                "Machinery Manufacturing",
                "20100",
                "Milan, Lombardy, Italy",
                "[alexr]",
                "[PERSONAL:https://example.com]",
                "",
            ]
        self.put("Profile.csv", _csv([header, row]))
        if self.v in ("2024", "2026"):
            self.put("Profile Summary.csv", "Profile Summary\n\n")
        self.truth["summary_length"] = len(summary.strip()) if self.v else 0

    def positions(self) -> None:
        rows = [
            ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
            [
                OWNER_COMPANY,
                "Sales Lead",
                "• Key accounts • Partners",
                "Milan, Italy",
                (self.export - timedelta(days=40)).strftime("%b %Y"),
                "",
            ],
            ["Globex Inc", "Account Manager", "", "Turin", "Jan 2015", "Dec 2018"],
            ["Initech", "Sales Intern", "", "", "2013", "2014"],
        ]
        self.put("Positions.csv", _csv(rows))
        self.put(
            "Education.csv",
            _csv(
                [
                    ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
                    ["Politecnico di Milano", "2004", "2009", "", "Laurea Magistrale", ""],
                ]
            ),
        )
        skills = [
            "Negotiation",
            "B2B Sales",
            "CRM",
            "Social Selling",
            "Italian",
            "English",
            "Lead Generation",
        ]
        self.put("Skills.csv", _csv([["Name"], *[[s] for s in skills]]))
        self.put(
            "Certifications.csv",
            _csv(
                [
                    ["Name", "Url", "Authority", "Started On", "Finished On", "License Number"],
                    ["Sales Navigator Certified", "", "LinkedIn", "Oct 2017", "", ""],
                    ["Negotiation Basics", "", "Coursera", "2016", "", ""],
                ]
            ),
        )
        self.put(
            "Languages.csv",
            _csv(
                [
                    ["Name", "Proficiency"],
                    ["Italian", "Native or bilingual proficiency"],
                    ["English", "Full professional proficiency"],
                ]
            ),
        )
        if self.v == "2018":
            self.put(
                "Projects.csv",
                _csv(
                    [
                        ["Title", "Description", "Url", "Start Date", "End Date"],
                        ["CRM rollout", "", "", "Mar 2017", ""],
                    ]
                ),
            )
            self.put(
                "Honors.csv",
                _csv(
                    [
                        ["Title", "Description", "Issuer", "Issue Date"],
                        ["Top seller", "", "Acme", "Aug 2018"],
                    ]
                ),
            )
        else:
            self.put(
                "Projects.csv",
                _csv(
                    [
                        ["Title", "Description", "Url", "Started On", "Finished On"],
                        ["CRM rollout", "", "", "Mar 2019", ""],
                    ]
                ),
            )
            self.put(
                "Honors.csv",
                _csv([["Title", "Description", "Issued On"], ["Top seller", "", "Aug 2019"]]),
            )
            self.put(
                "Publications.csv",
                _csv(
                    [
                        ["Name", "Published On", "Description", "Publisher", "Url"],
                        ["Selling machines", "Apr 3, 2020", "", "", ""],
                    ]
                ),
            )
            self.put("Courses.csv", _csv([["Name", "Number"], ["Negotiation", "N101"]]))
            self.put(
                "Volunteering.csv",
                _csv(
                    [
                        [
                            "Company Name",
                            "Role",
                            "Cause",
                            "Started On",
                            "Finished On",
                            "Description",
                        ],
                        ["Food Bank", "Driver", "Poverty", "2019", "", ""],
                    ]
                ),
            )
        self.truth.update(skills=len(skills), certifications=2, past_positions=2)
        self.truth["kinds"]["profile_update"] += 5  # three positions and two certifications

    def endorsements(self) -> None:
        if self.v == "2018":
            return
        with_url = self.v in ("2024", "2026")
        header = [
            "Endorsement Date",
            "Skill Name",
            "Endorser First Name",
            "Endorser Last Name",
            *(["Endorser Public Url"] if with_url else []),
            "Endorsement Status",
        ]
        rows = [header]
        seen = []
        for n, p in enumerate(q for q in self.people if q["first"]):
            if n >= 9:
                break
            when = self.when(300)
            skill = ["Negotiation", "CRM", "B2B Sales"][n % 3]
            url = p["url"].replace("https://", "")
            rows.append(
                [
                    when.strftime("%Y/%m/%d %H:%M:%S UTC"),
                    skill,
                    p["first"],
                    p["last"],
                    *([url] if with_url else []),
                    "ACCEPTED",
                ]
            )
            seen.append((when, skill, p))
        self.put("Endorsement_Received_Info.csv", _csv(rows))
        count = len(seen)
        if self.v == "2021":
            # The legacy spaced UTF-16 file overlaps the underscore one (reference §2.6).
            legacy = [
                [
                    "Endorsement Date",
                    "Skill Name",
                    "Endorser First Name",
                    "Endorser Last Name",
                    "Endorsement Status",
                    "Display Status",
                ]
            ]
            for when, skill, p in seen[:5]:
                legacy.append(
                    [
                        when.strftime("%Y/%m/%d %H:%M:%S UTC"),
                        skill,
                        p["first"],
                        p["last"],
                        "Accepted",
                        "Show",
                    ]
                )
            legacy.append(
                [
                    (self.export - timedelta(days=900)).strftime("%Y/%m/%d 10:00:00 UTC"),
                    "Excel",
                    "Old",
                    "Friend",
                    "Accepted",
                    "Show",
                ]
            )
            legacy.append(
                [
                    (self.export - timedelta(days=901)).strftime("%Y/%m/%d 10:00:00 UTC"),
                    "Excel",
                    "Hidden",
                    "Person",
                    "Redacted",
                    "Hide",
                ]
            )
            self.put(
                "Endorsement Received Info.csv", utf16(_csv(legacy, delimiter="\t", quote_all=True))
            )
            count += 1
        self.truth["endorsements_received"] = count
        self.truth["kinds"]["endorsement_received"] += count
        if with_url:
            given = [
                [
                    "Endorsement Date",
                    "Skill Name",
                    "Endorsee First Name",
                    "Endorsee Last Name",
                    "Endorsee Public Url",
                    "Endorsement Status",
                ]
            ]
            for p in [q for q in self.people if q["first"]][:4]:
                given.append(
                    [
                        self.when(60).strftime("%Y/%m/%d %H:%M:%S UTC"),
                        "Sales",
                        p["first"],
                        p["last"],
                        p["url"].replace("https://", ""),
                        "ACCEPTED",
                    ]
                )
            self.put("Endorsement_Given_Info.csv", _csv(given))
            self.truth["kinds"]["endorsement_given"] += 4

    def recommendations(self) -> None:
        if self.v == "2018":
            return
        header = [
            "First Name",
            "Last Name",
            "Company",
            "Job Title",
            "Text",
            "Creation Date",
            "Status",
        ]
        received = [header]
        for n, p in enumerate([q for q in self.people if q["first"]][:3]):
            received.append(
                [
                    p["first"],
                    p["last"],
                    p["company"],
                    p["title"],
                    f'Alex is "great", really, {n}.',
                    self.when(500).strftime("%m/%d/%y, %I:%M %p"),
                    "VISIBLE" if n < 2 else "HIDDEN",
                ]
            )
        self.put("Recommendations_Received.csv", _csv(received))
        given = [
            header,
            [
                "Bruno",
                "Bianchi",
                "Globex Inc",
                "CTO",
                "Solid engineer.",
                self.when(30).strftime("%m/%d/%y, %I:%M %p"),
                "",
            ],
        ]
        self.put("Recommendations_Given.csv", _csv(given))
        self.truth["recommendations_received"] = 2
        self.truth["kinds"]["recommendation_received"] += 2
        self.truth["kinds"]["recommendation_given"] += 1

    def post_text(self, n: int) -> str:
        if n % 3 == 0:
            return f'Big news #{n}!\n\nWe shipped "Atlas", our new line.\nThanks, team {n}.'
        if n % 3 == 1:
            return f"Quick tip {n}: follow up within 24h, always."
        return ""

    def shares(self) -> None:
        kinds: Counter = Counter()
        rows = []
        for n in range(self.sizes.shares):
            text = self.post_text(n)
            when = self.when(120)
            shared = f"https://example.com/article-{n}" if n % 4 == 1 else ""
            media = f"https://media.licdn.com/image-{n}" if n % 5 == 0 else ""
            group = n % 7 == 6
            kind_urn = f"groupPost:961087-{7000 + n}" if group else f"ugcPost:{7100000 + n}"
            link = "https://www.linkedin.com/feed/update/urn%3Ali%3A" + kind_urn.replace(":", "%3A")
            if group:
                kinds["group_post"] += 1
            elif text and shared:
                kinds["share"] += 1
            elif text or media:
                kinds["post"] += 1
            else:
                kinds["repost"] += 1
            if media:
                kinds["media"] += 1
            written = (
                "\n".join(
                    [
                        text.split("\n")[0] + '"',
                        *(f'"{m}"' for m in text.split("\n")[1:-1]),
                        '"' + text.split("\n")[-1],
                    ]
                )
                if "\n" in text
                else text
            )
            rows.append((when, link, written, shared, media))
            if media:
                self.media_share_times.append(when)
        if self.v == "2018":
            header = [
                "Date",
                "Share Title",
                "Share Description",
                "Share Link",
                "Share Commentary",
                "Shared URL",
                "Media URL",
                "Type",
                "Visibility",
            ]
            out = [header] + [
                [
                    w.strftime("%Y/%m/%d %H:%M:%S UTC"),
                    "",
                    "",
                    link,
                    text,
                    shared,
                    media,
                    "Homepage",
                    "Connections",
                ]
                for w, link, text, shared, media in rows
            ]
            self.put("Shares.csv", utf16(_csv(out, delimiter="\t", quote_all=True)))
        else:
            cased = "URL" if self.v == "2021" else "Url"
            header = [
                "Date",
                "ShareLink",
                "ShareCommentary",
                f"Shared{cased}",
                f"Media{cased}",
                "Visibility",
            ]
            out = [header] + [
                [w.strftime("%Y-%m-%d %H:%M:%S"), link, text, shared, media, "MEMBER_NETWORK"]
                for w, link, text, shared, media in rows
            ]
            self.put("Shares.csv", _csv(out, newline="\r\n" if self.v == "2021" else "\n"))
        self.truth["kinds"].update(kinds)
        self.truth["posts_texts"] = [self.post_text(n).strip() for n in range(self.sizes.shares)]

    def comment_text(self, n: int) -> str:
        options = [
            f'Great point, "really" - {n}',
            f"Agreed!\nEspecially the second part {n}.",
            f"Rosa Costa wow, {n} ideas, more please",
            f"Plain comment number {n}",
        ]
        return options[n % len(options)]

    def comments(self) -> None:
        lines = ["Date,Link,Message"]
        texts = []
        for n in range(self.sizes.comments):
            when = self.when(80).strftime("%Y-%m-%d %H:%M:%S")
            target = f"groupPost%3A961087-{n}" if n % 6 == 5 else f"activity%3A{7200000 + n}"
            link = f"https://www.linkedin.com/feed/update/urn%3Ali%3A{target}"
            text = self.comment_text(n)
            texts.append(text)
            if self.v == "2026":
                message = '"' + text.replace('"', '\\"') + '"'
            elif "\n" in text and '"' not in text and "," not in text:
                message = text  # 2021-2024: multi-line comments written unquoted
            else:
                message = '"' + text.replace('"', '""') + '"'
            lines.append(f"{when},{link},{message}")
        newline = "\r\n" if self.v == "2021" else "\n"
        if self.v in ("2018",):
            return
        self.put("Comments.csv", newline.join(lines) + newline)
        self.truth["comment_texts"] = texts
        groups = sum(1 for n in range(self.sizes.comments) if n % 6 == 5)
        self.truth["kinds"]["group_comment"] += groups
        self.truth["kinds"]["comment"] += self.sizes.comments - groups

    def reactions(self) -> None:
        if self.v == "2018":
            return
        rows = [["Date", "Type", "Link"]]
        for n in range(self.sizes.reactions):
            rows.append(
                [
                    self.when(60).strftime("%Y-%m-%d %H:%M:%S"),
                    ["LIKE", "PRAISE", "EMPATHY", "INTEREST"][n % 4],
                    f"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{9000 + n}",
                ]
            )
        # Reactions to comments of a post already reacted to, and to comments of a group
        # post (reference §2.12): each is its own item (issue: they collapsed into one).
        for link in comment_reaction_links(9000):
            rows.append([self.when(60).strftime("%Y-%m-%d %H:%M:%S"), "LIKE", link])
        self.put("Reactions.csv", _csv(rows, newline="\r\n" if self.v == "2021" else "\n"))
        self.truth["kinds"]["reaction"] += self.sizes.reactions + len(comment_reaction_links(0))
        self.put(
            "Votes.csv",
            _csv(
                [
                    ["Date", "Link", "OptionText"],
                    [
                        self.when(50).strftime("%Y-%m-%d %H:%M:%S"),
                        "https://www.linkedin.com/feed/update/urn:li:groupPost:961087-1",
                        "Yes, weekly",
                    ],
                ]
            ),
        )
        self.truth["kinds"]["poll_vote"] += 1
        if self.v == "2026":
            self.put(
                "InstantReposts.csv",
                _csv(
                    [
                        ["Date", "Link"],
                        *[
                            [
                                self.when(20).strftime("%Y-%m-%d %H:%M:%S"),
                                f"https://www.linkedin.com/feed/update/urn:li:activity:{9500 + n}",
                            ]
                            for n in range(3)
                        ],
                    ]
                ),
            )
            self.truth["kinds"]["repost"] += 3

    def invitations(self) -> None:
        header = ["From", "To", "Sent At", "Message", "Direction"]
        if self.v in ("2024", "2026"):
            header += ["inviterProfileUrl", "inviteeProfileUrl"]
        rows = [header]
        owner = f"{OWNER_FIRST} {OWNER_LAST}"
        named = [p for p in self.people if p["first"]]
        sent_old = accepted_old = 0
        pending = 0
        cutoff = self.export - timedelta(days=21)
        for n in range(self.sizes.invitations):
            outgoing = n % 4 != 3
            connected = n % 3 != 2
            if connected:
                p = named[n % len(named)]
                first, last, url = p["first"], p["last"], p["url"]
            else:
                first, last, url = (
                    "Stranger",
                    f"Number{n}",
                    f"https://www.linkedin.com/in/stranger-{n}",
                )
            when = datetime.combine(self.export, datetime.min.time()) - timedelta(
                days=3 + 9 * n, minutes=7 * n
            )
            other = f"{first} {last}"
            row = [
                owner if outgoing else other,
                other if outgoing else owner,
                f"{when.month}/{when.day}/{when:%y}, {when:%-I:%M %p}",
                "Happy to connect" if n % 5 == 0 else "",
                "OUTGOING" if outgoing else "INCOMING",
            ]
            if len(header) == 7:
                row += [OWNER_URL if outgoing else url, url if outgoing else OWNER_URL]
            rows.append(row)
            if outgoing:
                self.truth["kinds"]["invitation_sent"] += 1
                if connected:
                    self.truth["kinds"]["invitation_accepted"] += 1
                else:
                    pending += 1
                if when.date() <= cutoff:
                    sent_old += 1
                    accepted_old += connected
            else:
                self.truth["kinds"]["invitation_received"] += 1
        self.put("Invitations.csv", _csv(rows))
        self.truth["acceptance_rate"] = round(accepted_old / sent_old, 4)
        self.truth["pending_invitations"] = pending

    def messages(self) -> None:
        owner = f"{OWNER_FIRST} {OWNER_LAST}"
        named = [p for p in self.people if p["first"]][:8]
        sent = received = 0
        two_way: set[str] = set()
        records = []
        for n in range(self.sizes.messages):
            p = named[n % len(named)]
            other = f"{p['first']} {p['last']}"
            outgoing = (n // len(named)) % 2 == 0
            when = self.when(60)
            content = f"Hi {p['first']}, about the offer {n}: shall we talk?"
            if n % 5 == 0:
                # Multi-line (quoted) only in 2026; older exports had no newlines.
                joiner = "\n" if self.v == "2026" else " "
                content = joiner.join([f"Hi {p['first']},", f"see you {n}.", "Alex"])
            records.append(
                (
                    f"2-conv{n % len(named)}==",
                    "",
                    owner if outgoing else other,
                    OWNER_URL if outgoing else p["url"],
                    other if outgoing else owner,
                    p["url"] if outgoing else OWNER_URL,
                    when,
                    content,
                    "INBOX",
                )
            )
            if outgoing:
                sent += 1
            else:
                received += 1
        # Rows that never count: sponsored, LinkedIn Member, spam.
        records.append(
            (
                "2-sp==",
                "Sponsored Conversation",
                "Acme Ads",
                "",
                owner,
                OWNER_URL,
                self.when(10),
                '<p class="spinmail">Hi %FIRSTNAME%&nbsp;!</p>',
                "INBOX",
            )
        )
        records.append(
            ("2-lm==", "", "LinkedIn Member", "", owner, OWNER_URL, self.when(10), "Hello", "INBOX")
        )
        records.append(
            (
                "2-spam==",
                "",
                "Spam Bot",
                "https://www.linkedin.com/in/spam",
                owner,
                OWNER_URL,
                self.when(10),
                "Buy now",
                "SPAM",
            )
        )
        if self.v == "2018":
            rows = [["From", "To", "Date", "Subject", "Content", "Direction", "Folder"]]
            for _conv, title, frm, _fu, to, _tu, when, content, folder in records:
                direction = "OUTGOING" if frm == owner else "INCOMING"
                if title == "Sponsored Conversation":
                    continue
                rows.append(
                    [
                        frm,
                        to,
                        f"{when.month}/{when.day}/{when:%y}, {when:%-I:%M %p}",
                        "",
                        content,
                        direction,
                        folder,
                    ]
                )
            self.put("Messages.csv", _csv(rows))
        else:
            header = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO"]
            if self.v != "2021":
                header.append("RECIPIENT PROFILE URLS")
            header += ["DATE", "SUBJECT", "CONTENT", "FOLDER"]
            if self.v == "2024":
                header += ["IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"]
            if self.v == "2026":
                header.append("ATTACHMENTS")
            rows = [header]
            for conv, title, frm, fu, to, tu, when, content, folder in records:
                row = [conv, title, frm, fu, to]
                if self.v != "2021":
                    row.append(tu)
                row += [when.strftime("%Y-%m-%d %H:%M:%S UTC"), "", content, folder]
                if self.v == "2024":
                    row += ["No", "No"]
                if self.v == "2026":
                    row.append("")
                rows.append(row)
            if self.v == "2024":
                draft = list(rows[1])
                draft[-2] = "Yes"
                draft[-3] = "INBOX"
                draft[7] = "an unsent draft"
                rows.append(draft)
            self.put("messages.csv", _csv(rows, quote_all=self.v == "2026"))
        self.truth["kinds"]["message_sent"] += sent
        self.truth["kinds"]["message_received"] += received
        self.truth["two_way"] = len(named) if sent and received else len(two_way)

    def follows(self) -> None:
        if self.v == "2018":
            return
        rows = [["Organization", "Followed On"]]
        for company in COMPANIES[:6]:
            when = self.when(700)
            rows.append([company, when.strftime("%a %b %d %H:%M:%S UTC %Y")])
        self.put("Company Follows.csv", _csv(rows))
        self.truth["companies_followed"] = 6
        self.truth["kinds"]["company_follow"] += 6
        members = [
            ["Date", "Status", "FullName"],
            [self.when(100).strftime("%Y-%m-%d %H:%M:%S"), "Active", "Tara Okafor"],
            [self.when(100).strftime("%Y-%m-%d %H:%M:%S"), "Unfollow", "Sven Perez"],
        ]
        self.put("Member_Follows.csv", _csv(members, newline="\r\n" if self.v == "2021" else "\n"))
        self.truth["kinds"]["member_follow"] += 1

    def rich_media(self) -> None:
        if self.v == "2018":
            self.put("Videos.csv", _csv([["Description", "Link"], ["Demo", "https://x.example/v"]]))
        elif self.v == "2024":
            self.put(
                "Rich Media.csv",
                _csv(
                    [
                        ["Type", "Link"],
                        ["Video content can be downloaded at", "https://x.example/v"],
                    ]
                ),
            )
        if self.v == "2026":
            photo = datetime.combine(self.export - timedelta(days=12), datetime.min.time())
            rows = [
                ["Date/Time", "Media Description", "Media Link"],
                [
                    f"You uploaded a profile photo on {photo:%B} {photo.day}, {photo:%Y} "
                    "at 2:56 AM (GMT)",
                    " -",
                    "https://media.licdn.com/dms/image/p",
                ],
                [
                    "You uploaded a profile background photo on November 12, 2025 "
                    "at 10:01 PM (GMT)",
                    " -",
                    "https://media.licdn.com/dms/image/b",
                ],
                [
                    "You uploaded a video on November 12, 2025 at 2:56 AM (GMT)",
                    " -",
                    "https://dms.licdn.com/playlist/v",
                ],
            ]
            # The image of a post with media is uploaded a minute before the post: it is
            # that share's media, counted once from Shares.csv. The video above is linked
            # by no share and counts on its own (issue: it was dropped).
            for posted in self.media_share_times[:2]:
                up = posted - timedelta(minutes=1)
                rows.append(
                    [
                        f"You uploaded a photo on {up:%B} {up.day}, {up:%Y} at "
                        f"{up.hour % 12 or 12}:{up:%M} {up:%p} (GMT)",
                        " -",
                        "https://media.licdn.com/dms/image/s",
                    ]
                )
            self.put("Rich_Media.csv", _csv(rows))
            self.truth["profile_photo_on"] = photo.date()
            self.truth["kinds"]["profile_update"] += 2
            self.truth["kinds"]["media"] += 1

    def learning(self) -> None:
        if self.v == "2018":
            return
        header = (
            "Content Title,Content Description,Content Type,Content Last Watched Date "
            "(if viewed),Content Completed At (if completed),Content Saved,Notes taken on "
            "videos (if taken),\n"
        )
        body = (
            'Negotiation Foundations,"<p>Learn to\nnegotiate</p>",Course,2021-03-25 08:46 UTC,'
            "2021-03-26 09:00 UTC,false,,\n"
            "CONTENT METADATA NO LONGER EXISTS - urn:li:lyndaLearningPath:1,,Learning Path,"
            "2021-03-20 08:46 UTC,N/A,false,,\n"
        )
        self.put("Learning.csv", header + body)
        self.truth["kinds"]["learning_completed"] += 1
        # Watched, never finished: still time spent on insights (a real export had 149).
        self.truth["kinds"]["learning_watched"] += 1

    def searches(self) -> None:
        rows = [["Time", "Search Query"]]
        lines = ["Time,Search Query"]
        for n in range(self.sizes.searches):
            when = self.when(25).strftime("%Y/%m/%d %H:%M:%S UTC")
            query = f"sales director, milan {n}" if n % 2 else f"cfo manufacturing {n}"
            rows.append([when, query])
            lines.append(f"{when},{query}")  # commas in queries are NOT quoted
        if self.v == "2018":
            self.put("Search Queries.csv", utf16(_csv(rows, delimiter="\t", quote_all=True)))
        else:
            self.put("SearchQueries.csv", "\n".join(lines) + "\n")
        self.truth["kinds"]["search"] += self.sizes.searches

    def articles(self) -> None:
        def page(title: str, slug_: str, published: str) -> str:
            return (
                f"<html><head><title>{title}</title></head><body>"
                '<img src="https://media.licdn.com/cover.jpg">'
                f'<h1><a href="https://www.linkedin.com/pulse/{slug_}">{title}</a></h1>'
                '<p class="created">Created on 2024-06-26 17:27</p>'
                f'<p class="published">{published}</p><div><p>Body text.</p></div></body></html>'
            )

        folder = {
            "2018": "Articles/",
            "2021": "Articles/Articles/",
            "2024": "",
            "2026": "Articles/Articles/",
        }[self.v]
        published_on = (self.export - timedelta(days=30)).strftime("%Y-%m-%d 17:15")
        self.put(
            f"{folder}selling-machines-8bzrc.html",
            page("Selling machines", "selling-machines-8bzrc", f"Published on {published_on}"),
        )
        draft = "Not published yet" if self.v == "2018" else "Published on ---"
        self.put(f"{folder}2024-06-30 00:40:54.0-Draft.html", page("Draft", "draft", draft))
        self.truth["kinds"]["article"] += 1

    def interests(self) -> None:
        """Hashtags followed, items saved, events, the ad profile's groups, verification."""
        if self.v == "2018":
            return
        crlf = "\r\n" if self.v == "2021" else "\n"
        # Drawn in every variant, so that what follows has the same dates in all of them.
        followed = [self.when(300).strftime("%Y-%m-%d %H:%M:%S") for _ in range(3)]
        if self.v in ("2021", "2024"):  # no 2025-2026 sample had Hashtag_Follows
            rows = [["HashTag", "CreatedTime", "LastModifiedTime", "State"]]
            tags = ("sales", "socialselling", "b2b")
            for n, (tag, at) in enumerate(zip(tags, followed, strict=True)):
                rows.append([tag, at, at, "Follow" if n < 2 else "Unfollow"])
            self.put("Hashtag_Follows.csv", _csv(rows, newline=crlf))
            self.truth["kinds"]["hashtag_follow"] += 2
        created = "createdTime" if self.v in ("2021", "2024") else "CreatedTime"
        saved = [["savedItem", created]]
        for n in range(4):
            saved.append(
                [
                    f"https://www.linkedin.com/feed/update/urn:li:activity:{8800 + n}",
                    self.when(200).strftime("%Y-%m-%d %H:%M:%S"),
                ]
            )
        self.put("Saved_Items.csv", _csv(saved, newline=crlf))
        self.truth["kinds"]["item_saved"] += 4
        events = [["Event Name", "Event Time", "Status", "External Url"]]
        for n, status in enumerate(("APPROVED", "APPROVED", "RELINQUISHED")):
            start = self.when(300).replace(minute=0, second=0)
            end = start + timedelta(minutes=20)
            events.append(
                [
                    f"Sales summit {n}",
                    f"{start:%b} {start.day}, {start:%Y} {start.hour % 12 or 12}:00 "
                    f"{start:%p} - {end:%b} {end.day}, {end:%Y} {end.hour % 12 or 12}:"
                    f"{end:%M} {end:%p}",
                    status,
                    "",
                ]
            )
        self.put("Events.csv", _csv(events))
        self.truth["kinds"]["event_attended"] += 2
        # The ad profile: one row, duplicate column names, "; "-separated lists.
        header = [
            "Member Age",
            "Company Names",
            "Company Names",
            "Job Seniorities",
            "Member Groups",
            "Job Titles",
            "Job Titles",
            "Years of Experience",
        ]
        row = [
            "25 to 34",
            "Acme",
            "Globex",
            "Senior",
            "Sales Leaders Italia; B2B Marketing Network; Machinery Buyers",
            "Sales Lead",
            "Account Manager",
            "12 years",
        ]
        self.put("Ad_Targeting.csv", _csv([header, row]))
        self.truth["member_groups"] = 3
        if self.v == "2026":
            self.put(
                "Verifications/Verifications.csv",
                _csv(
                    [
                        [
                            "First name",
                            "Middle name",
                            "Last name",
                            "Verification type",
                            "Organization name",
                            "Verified date",
                            "Expiry date",
                        ],
                        [OWNER_FIRST, "", OWNER_LAST, "ID verification", "", "2024-11-13", ""],
                    ]
                ),
            )
            self.truth["verified"] = True

    def noise(self) -> None:
        """Files the importer does not need, in the shape LinkedIn writes them."""
        self.put(
            "Registration.csv",
            'Registered At,Registration Ip,Subscription Types\n"3/1/17, 5:23 AM",127.0.0.1,\n',
        )
        self.truth["registered_on"] = date(2017, 3, 1)
        if self.v != "2018":
            self.put("LearningCoachMessages.csv", "No conversations found")
            self.put("coach_messages.csv", "CONVERSATION ID,FROM,TO,DATE,CONTENT\n")
            self.put("Jobs/Saved Jobs.csv", "Saved Date,Job Url,Job Title,Company Name\n")
        if self.v != "2018":
            self.put(
                "Logins.csv",
                "Login Date,IP Address,User Agent,Login Type\n"
                + "".join(
                    f"{(self.export - timedelta(days=d)):%a %b %d} 14:17:11 UTC "
                    f"{(self.export - timedelta(days=d)):%Y},127.0.0.1,Mozilla/5.0,WEB\n"
                    for d in (1, 2, 5)
                ),
            )
            self.truth["kinds"]["linkedin_session"] += 3
        if self.v == "2018":
            # Not needed by the import: listed in the inventory as ignored.
            self.put(
                "Account Status History.csv",
                utf16(
                    _csv(
                        [["Time", "Event"], ["2017/03/01 13:23:41 UTC", "Account Created"]],
                        delimiter="\t",
                        quote_all=True,
                    )
                ),
            )
            self.truth["kinds"]["linkedin_session"] += 1
            self.put(
                "Logins.csv",
                utf16(
                    _csv(
                        [
                            ["Login Date", "IP Address", "User Agent", "Login Type"],
                            [
                                f"{self.export - timedelta(days=1):%Y/%m/%d} 14:17:11 UTC",
                                "127.0.0.1",
                                "x",
                                "WEB",
                            ],
                        ],
                        delimiter="\t",
                        quote_all=True,
                    )
                ),
            )

    def build(self) -> Generated:
        for part in (
            self.connections,
            self.profile,
            self.positions,
            self.endorsements,
            self.recommendations,
            self.shares,
            self.comments,
            self.reactions,
            self.invitations,
            self.messages,
            self.follows,
            self.rich_media,
            self.learning,
            self.searches,
            self.articles,
            self.interests,
            self.noise,
        ):
            # Each part draws from its own stream, so every variant of one seed and export
            # date describes the same history, whatever the other parts consumed.
            self.rng = random.Random(f"{self.seed}:{part.__name__}")
            part()
        kind = "Basic" if self.v == "2024" else "Complete"
        name = f"{kind}_LinkedInDataExport_{self.export:%m-%d-%Y}.zip"
        prefix = {"2021": f"Complete_LinkedInDataExport_{self.export:%m-%d-%Y} (1)/"}.get(
            self.v, ""
        )
        if self.v == "2024":
            # A flattened archive: the articles sit beside the CSVs.
            self.files = {k.rsplit("/", 1)[-1]: v for k, v in self.files.items()}
        return Generated(
            name, zip_bytes({prefix + k: v for k, v in self.files.items()}), self.truth
        )


def build_archive(
    variant: str, *, sizes: Sizes | None = None, seed: int = 7, export: date | None = None
) -> Generated:
    """A realistic archive of one year's variant: ``"2018"``, ``"2021"``, ``"2024"``, ``"2026"``."""
    return Writer(variant, sizes or Sizes(), seed, export).build()


def build_files(variant: str, *, sizes: Sizes | None = None, seed: int = 7) -> dict[str, bytes]:
    """The same archive as loose files (name -> bytes)."""
    writer = Writer(variant, sizes or Sizes(), seed)
    writer.build()
    return writer.files


def zip_bytes(files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- Quirks of real exports (each one a case the readers once got wrong) -----------------


def comment_reaction_links(post: int) -> list[str]:
    """Reactions to two comments of post ``post``, a reply, and two group-post comments.

    Written the ways real exports write them: the comment as a URL-encoded ``commentUrn``
    parameter of the post's link, a ``replyUrn`` beside it, and a bare ``urn:li:comment``
    whose parenthesised target holds a comma.
    """
    base = "https://www.linkedin.com/feed/update/urn:li:activity:"
    encoded = "urn%3Ali%3Acomment%3A%28activity%3A{post}%2C{c}%29"
    return [
        f"{base}{post}?commentUrn=" + encoded.format(post=post, c=1001),
        f"{base}{post}?commentUrn=" + encoded.format(post=post, c=1002),
        f"{base}{post}?commentUrn="
        + encoded.format(post=post, c=1002)
        + "&replyUrn="
        + encoded.format(post=post, c=1003),
        "https://www.linkedin.com/feed/update/urn:li:comment:(groupPost:961087-7001,555)",
        "https://www.linkedin.com/feed/update/urn:li:comment:(groupPost:961087-7001,556)",
    ]


def messages_owner_silent() -> dict[str, bytes]:
    """An owner who never sent a message; the strangers who wrote sort before the owner.

    Profile.csv names the owner and every message is addressed to that name; the fallback
    guess (the sender in the most conversations) would pick "Aaron Ahead".
    """
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
        "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
    )
    rows = []
    for n, sender in enumerate(["Aaron Ahead", "Aaron Ahead", "Berta Brand", "Aaron Ahead"]):
        slug_ = sender.lower().replace(" ", "-")
        rows.append(
            f"2-c{n}==,,{sender},https://www.linkedin.com/in/{slug_},Zoe Zeta,"
            f"https://www.linkedin.com/in/zoe-zeta-42,2024-06-1{n} 10:00:00 UTC,,Hello {n},INBOX\n"
        )
    profile = "First Name,Last Name,Headline\nZoe,Zeta,Seller\n"
    return {"Profile.csv": profile.encode(), "messages.csv": (header + "".join(rows)).encode()}


def messages_owner_by_url() -> dict[str, bytes]:
    """No Profile.csv and no owner name; the owner's URL is known from Invitations, and
    the owner wrote under a display name that differs from the invitations' one."""
    invitations = (
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Zed Z.,Ada Lovelace,"11/01/24, 7:47 AM",,OUTGOING,'
        "https://www.linkedin.com/in/zoe-zeta-42,https://www.linkedin.com/in/ada\n"
    )
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
    )
    rows = (
        "2-a==,,Zoe Zeta (she/her),https://www.linkedin.com/in/zoe-zeta-42/,Ada Lovelace,"
        "2024-06-10 10:00:00 UTC,,Hi,INBOX\n"
        "2-a==,,Ada Lovelace,https://www.linkedin.com/in/ada,Zoe Zeta (she/her),"
        "2024-06-11 10:00:00 UTC,,Hi back,INBOX\n"
        "2-b==,,Aaron Ahead,https://www.linkedin.com/in/aaron,Zoe Zeta (she/her),"
        "2024-06-12 10:00:00 UTC,,Offer,INBOX\n"
        "2-c==,,Aaron Ahead,https://www.linkedin.com/in/aaron,Zoe Zeta (she/her),"
        "2024-06-13 10:00:00 UTC,,Offer again,INBOX\n"
    )
    return {"Invitations.csv": invitations.encode(), "messages.csv": (header + rows).encode()}


def legacy_endorsements_only() -> bytes:
    """[S22]'s spaced UTF-16 TSV file alone: visible rows say ``Show``, hidden ``Hide``."""
    rows = [
        [
            "Endorsement Date",
            "Skill Name",
            "Endorser First Name",
            "Endorser Last Name",
            "Endorsement Status",
            "Display Status",
        ],
        ["2020/01/01 08:53:43 UTC", "CRM", "Ada", "Lovelace", "Accepted", "Show"],
        ["2020/02/01 08:53:43 UTC", "Sales", "Bob", "Byte", "Accepted", "Show"],
        ["2020/03/01 08:53:43 UTC", "CRM", "Gone", "Away", "Redacted", "Hide"],
    ]
    return utf16(_csv(rows, delimiter="\t", quote_all=True))


def excel_resaved_files() -> dict[str, bytes]:
    """Files opened and re-saved in Excel or pandas (reference §1.2), as real users did.

    cp1252 text with accents, ``;`` separators, a pandas index column, a column dropped
    and the date column renamed ``Creation Date.1`` (pandas' duplicate suffix), dates
    written ``25-Jan-21`` and ``17/06/2024 06:01``, Excel times without seconds.
    """
    recommendations = (
        ";First Name;Last Name;Job Title;Text;Creation Date.1\r\n"
        "0;Jos\xe9;Pe\xf1a;Direttore;Un professionista eccellente, caf\xe9 incluso;25-Jan-21\r\n"
        "1;Ana;Bell;CTO;Great;3-Feb-21\r\n"
    ).encode("cp1252")
    reactions = (
        "Date;Type;Link\r\n"
        "17/06/2024 06:01;LIKE;https://www.linkedin.com/feed/update/urn:li:activity:1\r\n"
        "6/18/2024 6:01:43 AM;PRAISE;https://www.linkedin.com/feed/update/urn:li:activity:2\r\n"
        "2024-06-19 06:01;EMPATHY;https://www.linkedin.com/feed/update/urn:li:activity:3\r\n"
    ).encode("cp1252")
    invitations = (
        "From,To,Sent At,Message,Direction\r\n"
        'Zoe Zeta,Andr\xe9 M\xfcller,25-Jan-21 7:47,"Ciao, piacere \u2013 a presto",OUTGOING\r\n'
        "Zoe Zeta,Bea Bo,1/26/2021 19:47,,OUTGOING\r\n"
    ).encode("cp1252")
    return {
        "Recommendations_Received.csv": recommendations,
        "Reactions.csv": reactions,
        "Invitations.csv": invitations,
    }


def xlsx_reactions(rows: int = 3) -> bytes:
    """[E24]: ``Reactions.csv`` that is really an xlsx workbook (it starts with ``PK``)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Type", "Link"])
    for n in range(rows):
        sheet.append(
            [
                datetime(2024, 6, 17, 6, 1, 43) + timedelta(days=n),
                "LIKE",
                f"https://www.linkedin.com/feed/update/urn:li:activity:{n + 1}",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dated_out_of_range() -> bytes:
    """Reactions dated before LinkedIn existed (2003) and after the import day."""
    return (
        b"Date,Type,Link\n"
        b"1970-01-01 00:00:00,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:1\n"
        b"2002-12-31 23:59:59,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:2\n"
        b"2024-06-17 06:01:43,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:3\n"
        b"2099-01-01 06:01:43,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:4\n"
    )


# --- Excel-edited files ------------------------------------------------------------------


def excel_connections() -> bytes:
    """Connections re-saved by Excel: BOM, cp1252, semicolons, ``9-Sep-22`` dates, ``NA``,
    the preamble padded to ``Notes:;;``, CRLF."""
    text = (
        "Notes:;;;;;\r\n;;;;;\r\n"
        "First Name;Last Name;Email Address;Company;Position;Connected On\r\n"
        "Jos\xe9;Pe\xf1a;NA;Caf\xe9 Srl;Direttore Generale;9-Sep-22\r\n"
        "Anna;Bell;NA;Globex Inc;Account Manager;18-Jun-24\r\n"
        "Luca;Verdi;;NA;NA;14.05.2021\r\n"
        ";;;;;\r\n"
    )
    return b"\xef\xbb\xbf" + text.encode("cp1252")


# --- Hostile uploads ---------------------------------------------------------------------


def zip_bomb(size_mb: int = 40) -> bytes:
    """One entry that inflates ~1000x: a classic bomb, small to carry around."""
    return zip_bytes({"Connections.csv": b"0" * (size_mb * 1024 * 1024)})


def unsafe_names_zip() -> bytes:
    ok = (
        PREAMBLE + "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,,Analytical,CEO,09 Sep 2022\n"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("../../etc/Connections.csv", ok)
        archive.writestr("/abs/Profile.csv", "First Name,Last Name,Headline\nEvil,Twin,x\n")
        archive.writestr("C:/windows/Skills.csv", "Name\nHacking\n")
        archive.writestr("export/Connections.csv", ok)
        link = zipfile.ZipInfo("export/Shares.csv")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return out.getvalue()


def many_zero_entries(count: int = 1024, size: int = 1024 * 1024) -> bytes:
    """``count`` entries of ``size`` zeros each: 1.2 MB that inflate to 1 GiB in total."""
    out = io.BytesIO()
    zeros = b"0" * size
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"part{n}/Connections.csv", zeros)
    return out.getvalue()


def duplicate_names_zip(count: int = 300) -> bytes:
    """The same LinkedIn file name repeated many times (each copy small and valid)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"copy{n}/Skills.csv", f"Name\nSkill {n}\n")
    return out.getvalue()


def million_rows_connections(rows: int = 1_000_000) -> bytes:
    """A Connections.csv of ``rows`` rows, zipped (far beyond LinkedIn's 30,000 cap)."""
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"P{n},L{n},,,C{n % 97},Engineer,16 Dec 2024" for n in range(rows)]
    return zip_bytes({"Connections.csv": ("\n".join(lines) + "\n").encode()})


def unsafe_only_zip() -> bytes:
    """Every entry has an unsafe name: nothing can be read, and the user must be told why."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "../Connections.csv", "First Name,Last Name,Connected On\nA,B,09 Sep 2022\n"
        )
        archive.writestr("/abs/Profile.csv", "First Name,Last Name,Headline\nEvil,Twin,x\n")
    return out.getvalue()


def symlink_only_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        link = zipfile.ZipInfo("Connections.csv")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return out.getvalue()


def empty_file_zip() -> bytes:
    return zip_bytes({"Connections.csv": b"", "Skills.csv": b"Name\nCRM\n"})


def truncated_zip() -> bytes:
    whole = build_archive("2024").data
    return whole[: len(whole) // 2]


def xlsx_bytes() -> bytes:
    """A minimal xlsx-shaped ZIP (what Excel writes)."""
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet/>",
        }
    )


def xlsx_renamed_in_zip() -> bytes:
    """[E24]: Reactions.csv that is really an xlsx, beside a good Skills.csv."""
    return zip_bytes({"Reactions.csv": xlsx_bytes(), "Skills.csv": b"Name\nCRM\nSales\n"})


def garbage(size: int = 4096, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


def encrypted_entry_zip() -> bytes:
    """A ZIP whose Connections.csv is flagged as encrypted (bit 0 of the flags)."""
    data = bytearray(
        zip_bytes(
            {"Connections.csv": b"First Name\n", "Skills.csv": b"Name\nCRM\n"},
            compression=zipfile.ZIP_STORED,
        )
    )
    # Set the encryption bit in the local header and the central directory entry.
    local = data.find(b"PK\x03\x04")
    data[local + 6] |= 1
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1
    return bytes(data)
