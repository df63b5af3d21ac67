"""Every date format seen in LinkedIn exports from 2018 to 2026, plus Excel re-saves.

All datetimes are read as UTC (the archive rarely says, and where it does it says UTC).
Month-only and year-only values (``Jun 2018``, ``2018``) are *periods*: they are returned
as the first day of the period together with its precision, never as an instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

# Tried in this order (reference §4.6); the Excel variants come after LinkedIn's own.
DATETIME_FORMATS: tuple[str, ...] = (
    "%d %b %Y",  # 16 Dec 2024 (Connected On)
    "%m/%d/%y, %I:%M %p",  # 12/15/24, 7:47 AM (Invitations, Recommendations, 2018)
    "%Y-%m-%d %H:%M:%S",  # 2024-06-17 06:01:43 (Comments, Reactions, Shares)
    "%Y-%m-%d %H:%M:%S UTC",  # 2024-06-18 11:59:53 UTC (messages)
    "%Y/%m/%d %H:%M:%S UTC",  # 2024/12/15 08:53:43 UTC (endorsements, 2018 shares)
    "%a %b %d %H:%M:%S UTC %Y",  # Sat Dec 14 08:57:55 UTC 2024 (Company Follows, Logins)
    "%Y-%m-%d %H:%M UTC",  # 2021-03-25 08:46 UTC (Learning)
    "%m/%d/%y %I:%M %p UTC",  # 11/26/24 01:32 PM UTC (Receipts_v2)
    "%b %d, %Y",  # Apr 3, 2023 (Publications)
    "%B %d, %Y",  # April 3, 2023
    "%Y-%m-%d",  # 2024-11-13 (Verifications)
    "%Y-%m-%d %H:%M",  # Created on 2025-06-26 17:27 (articles)
    # Excel and other re-saves
    "%d-%b-%y",  # 9-Sep-22, 30-oct-09
    "%d-%b-%Y",  # 9-Sep-2022
    "%d.%m.%Y",  # 14.05.2021
    "%d.%m.%y",  # 14.05.21
    "%m/%d/%Y %H:%M",  # 1/14/2020 12:13 (Hashtag_Follows re-saved)
    "%m/%d/%Y %I:%M %p",  # 1/14/2020 12:13 PM
    "%m/%d/%Y",  # 1/14/2020
    "%d/%m/%Y %H:%M",  # 14/01/2020 12:13 (European Excel)
    "%d/%m/%Y",  # 14/01/2020
    "%m/%d/%y",  # 1/14/20
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%b %d, %Y %I:%M %p",  # Sep 23, 2022 12:00 PM (Events, the start of the span)
)
# Excel and LibreOffice re-saves write any of these dates with any of these times
# (``25-Jan-21 7:47``, ``6/18/2024 6:01:43 AM``, ``17/06/2024 06:01``), US order first.
_RESAVED_DAYS = (
    "%d-%b-%y",
    "%d-%b-%Y",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
)
_RESAVED_TIMES = (" %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", ", %I:%M %p", ", %H:%M")
DATETIME_FORMATS = (
    DATETIME_FORMATS
    + tuple(
        day + clock
        for day in _RESAVED_DAYS
        for clock in _RESAVED_TIMES
        if day + clock not in DATETIME_FORMATS
    )
    + tuple(day for day in _RESAVED_DAYS if day not in DATETIME_FORMATS)
)

PERIOD_FORMATS: tuple[tuple[str, str], ...] = (
    ("%b %Y", "month"),  # Jun 2018
    ("%B %Y", "month"),  # June 2018
    ("%m/%Y", "month"),  # 06/2018 (re-saved)
    ("%Y-%m", "month"),
    ("%Y", "year"),  # 2018
)

# "You uploaded a video on November 12, 2024 at 2:56 AM (GMT)"
RICH_MEDIA_SENTENCE = re.compile(
    r"on (?P<day>[A-Za-z]+ \d{1,2}, \d{4}) at (?P<time>\d{1,2}:\d{2} [AP]M) \(GMT\)"
)

_ISO_LIKE = re.compile(r"^\d{4}[-/]\d{2}[-/]\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_EMPTY = {"", "na", "n/a", "nan", "none", "null", "---", "-"}


@dataclass(frozen=True)
class Period:
    """A month or a year (``precision``), starting on ``start``."""

    start: date
    precision: str


def is_empty(value: str | None) -> bool:
    return value is None or value.strip().lower() in _EMPTY


class DateReader:
    """Parses one column's dates, trying first the format that worked last time.

    A column almost always keeps one format, so this does one ``strptime`` per value
    instead of walking the whole table each time (the benchmark depends on it).
    """

    def __init__(self, formats: tuple[str, ...] = DATETIME_FORMATS) -> None:
        self._formats = list(formats)

    def __call__(self, value: str | None) -> datetime | None:
        if is_empty(value):
            return None
        assert value is not None
        text = " ".join(value.split())
        fast = _iso_fast(text)
        if fast is not None:
            return fast
        for index, fmt in enumerate(self._formats):
            try:
                parsed = datetime.strptime(text, fmt)
            except ValueError:
                continue
            if index:
                # Move the winner to the front for the next value of the same column.
                self._formats.insert(0, self._formats.pop(index))
            return parsed
        match = RICH_MEDIA_SENTENCE.search(text)
        if match:
            return datetime.strptime(f"{match['day']} {match['time']}", "%B %d, %Y %I:%M %p")
        return None


def _iso_fast(text: str) -> datetime | None:
    core = text.removesuffix(" UTC")
    if not _ISO_LIKE.match(core):
        return None
    try:
        return datetime.fromisoformat(core.replace("/", "-"))
    except ValueError:
        return None


def parse_datetime(value: str | None) -> datetime | None:
    """A naive UTC datetime from any known format, or ``None``."""
    return DateReader()(value)


def parse_date(value: str | None) -> date | None:
    parsed = parse_datetime(value)
    return parsed.date() if parsed else None


def parse_period(value: str | None) -> Period | None:
    """A month or year period (``Jun 2018``, ``2018``), or a full date as a day period."""
    if is_empty(value):
        return None
    assert value is not None
    text = " ".join(value.split())
    for fmt, precision in PERIOD_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return Period(parsed.date(), precision)
    full = parse_datetime(text)
    if full is not None:
        return Period(full.date(), "day")
    return None


def parse_rich_media_sentence(value: str | None) -> datetime | None:
    if not value:
        return None
    match = RICH_MEDIA_SENTENCE.search(value)
    if not match:
        return None
    return datetime.strptime(f"{match['day']} {match['time']}", "%B %d, %Y %I:%M %p")
