"""Decoding, delimiter sniffing, header finding and the two hand-rolled CSV quirks."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.archive.messages import FileProblem
from scoring.archive.table import (
    decode,
    find_header,
    header_names,
    read_table,
    unwrap_share_lines,
    wrap_share_lines,
)
from tests.scoring.archive.generator import PREAMBLE, excel_connections, utf16

CONNECTIONS = ("First Name", "Last Name", "URL", "Company", "Position", "Connected On")
BODY = "First Name,Last Name,Company,Position,Connected On\nAda,Lovelace,Acme,CEO,09 Sep 2022\n"


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        (BODY.encode(), None),
        (b"\xef\xbb\xbf" + BODY.encode(), None),
        (utf16(BODY.replace(",", "\t")), "\t"),
        (b"\xfe\xff" + BODY.replace(",", "\t").encode("utf-16-be"), "\t"),
        (BODY.replace("\n", "\r\n").encode(), None),
        (BODY.replace("Lovelace", "L\xf6velace").encode("cp1252"), None),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "crlf", "cp1252"],
)
def test_decoding_variants_read_the_same_row(data, delimiter):
    text, preferred = decode(data)
    assert preferred == delimiter
    assert "\r" not in text
    table = read_table(text, CONNECTIONS, preferred=preferred)
    assert len(table.rows) == 1
    assert table.rows[0]["firstname"] == "Ada"
    assert table.rows[0]["connectedon"] == "09 Sep 2022"


def test_xlsx_renamed_to_csv_is_refused_with_its_own_message():
    with pytest.raises(FileProblem) as caught:
        decode(b"PK\x03\x04rest-of-an-xlsx", name="Reactions.csv")
    assert caught.value.notice.code == "file_excel"
    assert "Excel" in caught.value.notice.text()


def test_binary_garbage_is_refused():
    with pytest.raises(FileProblem) as caught:
        decode(bytes(range(256)) * 20, name="Connections.csv")
    assert caught.value.notice.code == "file_binary"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_header_found_after_the_preamble_whatever_the_delimiter(delimiter):
    text = PREAMBLE + BODY.replace(",", delimiter)
    table = read_table(text, CONNECTIONS)
    assert table.delimiter == delimiter
    assert table.raw_header.startswith("First Name")
    assert [r["lastname"] for r in table.rows] == ["Lovelace"]


def test_header_found_without_preamble_and_with_excel_padding():
    assert find_header(BODY.split("\n"), CONNECTIONS) == (0, ",")
    padded = "Notes:,,\n,,\n" + BODY
    assert find_header(padded.split("\n"), CONNECTIONS) == (2, ",")


def test_excel_edited_connections_file():
    text, preferred = decode(excel_connections())
    table = read_table(text, CONNECTIONS, preferred=preferred)
    assert table.delimiter == ";"
    assert [r["firstname"] for r in table.rows] == ["José", "Anna", "Luca"]
    # NA fills read as empty; the fully empty row is skipped.
    assert table.rows[0]["emailaddress"] == ""
    assert table.rows[2]["company"] == ""
    assert table.empty_rows == 1


def test_columns_are_matched_case_and_space_insensitively_and_unknown_ones_kept_apart():
    text = "date,SHARELINK, Share Commentary ,SharedUrl,MediaURL,Visibility,NewColumn\n" + (
        "2025-01-01 10:00:00,l,hello,,,MEMBER_NETWORK,x\n"
    )
    table = read_table(text, ("Date", "ShareLink", "ShareCommentary"))
    assert table.rows[0]["sharecommentary"] == "hello"
    assert table.rows[0]["sharedurl"] == ""
    assert table.rows[0]["newcolumn"] == "x"


def test_duplicate_header_names_are_suffixed():
    assert header_names(["Company Names", "Job Titles", "Company Names", "", "Company Names"]) == [
        "companynames",
        "jobtitles",
        "companynames.1",
        "unnamed:3",
        "companynames.2",
    ]


def test_pandas_index_column_and_trailing_semicolons():
    table = read_table(",Name\n0,CRM\n1,Sales\n", ("Name",))
    assert [r["name"] for r in table.rows] == ["CRM", "Sales"]
    table = read_table("Name;\nCRM;\nSales;\n\n\n", ("Name",))
    assert [r["name"] for r in table.rows] == ["CRM", "Sales"]


def test_unquoted_commas_spill_back_into_the_rest_column():
    text = "Time,Search Query\n2023/04/22 09:54:59 UTC,sales director, milan, italy\n"
    table = read_table(text, ("Time", "Search Query"), rest_column="searchquery")
    assert table.rows[0]["searchquery"] == "sales director, milan, italy"
    assert table.bad_width == 0


def test_row_limit_truncates():
    text = "Name\n" + "".join(f"skill {n}\n" for n in range(50))
    table = read_table(text, ("Name",), max_rows=10)
    assert len(table.rows) == 10
    assert table.truncated


def test_empty_and_headerless_files_raise():
    with pytest.raises(FileProblem) as caught:
        read_table("\n\n", CONNECTIONS)
    assert caught.value.notice.code == "file_empty"
    with pytest.raises(FileProblem) as caught:
        read_table("No conversations found", CONNECTIONS)
    assert caught.value.notice.code == "file_no_header"


# --- Comments: backslash escapes and unquoted multi-line records ----------------------

COMMENTS = ("Date", "Link", "Message")


def comments(text: str):
    return [r["message"] for r in read_table(text, COMMENTS, records="timestamped").rows]


def test_comments_2025_backslash_escapes():
    text = (
        "Date,Link,Message\n"
        '2025-07-01 10:00:00,https://l/1,"He said \\"yes\\", then left"\n'
        '2025-07-01 11:00:00,https://l/2,"plain"\n'
    )
    assert comments(text) == ['He said "yes", then left', "plain"]


def test_comments_2021_unquoted_multiline_rejoined_by_timestamp():
    text = (
        "Date,Link,Message\r\n"
        "2021-05-01 10:00:00,https://l/1,First line\r\n"
        "second line, with a comma\r\n"
        "\r\n"
        '2021-05-01 11:00:00,https://l/2,"quoted\nmulti ""line"""\r\n'
        "2021-05-01 12:00:00,https://l/3,last\r\n"
        "\r\n"
    )
    assert comments(text) == [
        "First line\nsecond line, with a comma",
        'quoted\nmulti "line"',
        "last",
    ]


def test_comments_quoted_line_that_starts_with_a_date_stays_in_its_record():
    text = (
        "Date,Link,Message\n"
        '2024-01-01 10:00:00,https://l/1,"Agenda:\n2024-01-02 09:00:00, kickoff"\n'
        "2024-01-01 11:00:00,https://l/2,next\n"
    )
    assert comments(text) == ["Agenda:\n2024-01-02 09:00:00, kickoff", "next"]


# Text LinkedIn users write: no backslashes or carriage returns (those are not round-trip
# safe in any CSV dialect), and lines that do not themselves start with a timestamp.
message_text = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc"), blacklist_characters="\\\r", min_codepoint=32
        )
        | st.just("\n")
        | st.just('"')
        | st.just(","),
        min_size=1,
        max_size=80,
    )
    .map(str.strip)
    .filter(bool)
)


def write_comments(messages: list[str], style: str) -> str:
    lines = ["Date,Link,Message"]
    for n, message in enumerate(messages):
        prefix = f"2024-01-{n % 28 + 1:02d} 10:{n % 60:02d}:00,https://www.linkedin.com/x/{n},"
        if style == "backslash":
            lines.append(prefix + '"' + message.replace('"', '\\"') + '"')
        elif style == "doubled":
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow([message])
            lines.append(prefix + out.getvalue())
        else:
            lines.append(prefix + message)
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(message_text, min_size=1, max_size=6), st.sampled_from(["backslash", "doubled"]))
def test_property_quoted_comments_round_trip(messages, style):
    assert comments(write_comments(messages, style)) == messages


unquoted_text = st.lists(
    st.text(alphabet="abc xyz,.!?0123456789", min_size=1, max_size=20).map(str.strip).filter(bool),
    min_size=1,
    max_size=4,
).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(unquoted_text, min_size=1, max_size=6))
def test_property_unquoted_multiline_comments_are_rejoined(messages):
    assert comments(write_comments(messages, "unquoted")) == messages


# --- Shares: per-line quote wrapping ---------------------------------------------------


def test_share_unwrapping_of_the_documented_example():
    parsed = 'First line."\n""\n"Middle line."\n"Last line.'
    assert unwrap_share_lines(parsed) == "First line.\n\nMiddle line.\nLast line."


def test_share_unwrapping_leaves_unwrapped_text_alone():
    assert unwrap_share_lines("one line") == "one line"
    assert unwrap_share_lines('He said "hi"\nand left') == 'He said "hi"\nand left'


post_lines = st.lists(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n"),
        max_size=30,
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(post_lines)
def test_property_share_wrap_unwrap_round_trip(lines):
    text = "\n".join(lines)
    assert unwrap_share_lines(wrap_share_lines(text)) == text


@settings(max_examples=100, deadline=None)
@given(post_lines)
def test_property_share_commentary_survives_the_csv_file(lines):
    text = "\n".join(lines)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"])
    writer.writerow(["2025-07-01 14:33:22", "l", wrap_share_lines(text), "", "", "MEMBER_NETWORK"])
    decoded, _ = decode(out.getvalue().encode())
    table = read_table(decoded, ("Date", "ShareLink", "ShareCommentary"))
    assert unwrap_share_lines(table.rows[0]["sharecommentary"]).strip() == text.strip()


def write_mixed(rows: list[tuple[str, str]]) -> str:
    lines = ["Date,Link,Message"]
    for n, (message, style) in enumerate(rows):
        body = write_comments([message], style).split("\n", 1)[1].rstrip("\n")
        # Renumber the timestamp so each record has its own.
        lines.append(
            f"2024-02-{n % 28 + 1:02d} 11:{n % 60:02d}:00" + body[len("2024-01-01 10:00:00") :]
        )
    return "\r\n".join(lines) + "\r\n"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            message_text.map(lambda m: (m, "doubled")),
            unquoted_text.map(lambda m: (m, "unquoted")),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_property_2021_files_mixing_quoted_and_unquoted_comments(rows):
    """[F21]: quoted and unquoted multi-line comments in one CRLF file."""
    assert comments(write_mixed(rows)) == [message for message, _style in rows]
