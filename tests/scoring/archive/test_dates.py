"""Every date format of the reference (§4.6), Excel re-saves and the Rich_Media sentence."""

from datetime import date, datetime

import pytest

from scoring.archive.dates import (
    DateReader,
    Period,
    parse_date,
    parse_datetime,
    parse_period,
    parse_rich_media_sentence,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 Dec 2024", datetime(2024, 12, 16)),
        ("09 Sep 2022", datetime(2022, 9, 9)),
        ("12/15/24, 7:47 AM", datetime(2024, 12, 15, 7, 47)),
        ("12/24/23, 05:28 AM", datetime(2023, 12, 24, 5, 28)),
        ("1/8/18, 6:14 PM", datetime(2018, 1, 8, 18, 14)),
        ("2024-06-17 06:01:43", datetime(2024, 6, 17, 6, 1, 43)),
        ("2024-06-18 11:59:53 UTC", datetime(2024, 6, 18, 11, 59, 53)),
        ("2024/12/15 08:53:43 UTC", datetime(2024, 12, 15, 8, 53, 43)),
        ("Sat Dec 14 08:57:55 UTC 2024", datetime(2024, 12, 14, 8, 57, 55)),
        ("2021-03-25 08:46 UTC", datetime(2021, 3, 25, 8, 46)),
        ("11/26/24 01:32 PM UTC", datetime(2024, 11, 26, 13, 32)),
        ("Apr 3, 2023", datetime(2023, 4, 3)),
        ("2024-11-13", datetime(2024, 11, 13)),
        # Excel re-saves
        ("9-Sep-22", datetime(2022, 9, 9)),
        ("18-Jun-24", datetime(2024, 6, 18)),
        ("30-oct-09", datetime(2009, 10, 30)),
        ("14.05.2021", datetime(2021, 5, 14)),
        ("1/14/2020 12:13", datetime(2020, 1, 14, 12, 13)),
        ("  16   Dec 2024 ", datetime(2024, 12, 16)),
        # The Rich_Media sentence
        (
            "You uploaded a video on November 12, 2024 at 2:56 AM (GMT)",
            datetime(2024, 11, 12, 2, 56),
        ),
    ],
)
def test_every_known_format_parses(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "NA", "N/A", "nan", "---", "tomorrow", "32 Dec 2024", None])
def test_unreadable_or_empty_dates_are_none(text):
    assert parse_datetime(text) is None


def test_reader_keeps_working_when_a_column_changes_format():
    read = DateReader()
    assert read("16 Dec 2024") == datetime(2024, 12, 16)
    assert read("9-Sep-22") == datetime(2022, 9, 9)
    assert read("16 Dec 2024") == datetime(2024, 12, 16)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jun 2018", Period(date(2018, 6, 1), "month")),
        ("2018", Period(date(2018, 1, 1), "year")),
        ("Oct 2023", Period(date(2023, 10, 1), "month")),
        ("Apr 3, 2023", Period(date(2023, 4, 3), "day")),
        ("", None),
        ("soon", None),
    ],
)
def test_month_and_year_values_are_periods(text, expected):
    assert parse_period(text) == expected


def test_parse_date_drops_the_time():
    assert parse_date("2024-06-18 23:59:53 UTC") == date(2024, 6, 18)


def test_rich_media_sentence_verbs():
    for verb in ("profile photo", "profile background photo", "document", "photo"):
        sentence = f"You uploaded a {verb} on March 2, 2026 at 11:05 PM (GMT)"
        assert parse_rich_media_sentence(sentence) == datetime(2026, 3, 2, 23, 5)
    assert parse_rich_media_sentence("Video content can be downloaded at") is None
