"""Turning the bytes of one exported file into rows keyed by column name.

Handles what real exports and their Excel re-saves do (reference §1 and §4): UTF-8 with or
without a BOM, UTF-16 LE/BE with a BOM (tab separated), cp1252 from Excel, CRLF, ``,``
``;`` or tab as separator, preambles before the header (Connections' ``Notes:``), header
names in any case and spacing, duplicate header names, ``NA`` fills, trailing empty rows,
and the two hand-rolled quirks: Comments' backslash escapes and unquoted multi-line
messages, and Shares' per-line quote wrapping.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from .messages import FileProblem

csv.field_size_limit(16 * 1024 * 1024)

DELIMITERS = (",", ";", "\t")
# Free text is kept as written: a comment that says "NA" is not an Excel fill.
FREE_TEXT = frozenset({"message", "sharecommentary", "content", "searchquery", "text"})
_EMPTY_CELLS = frozenset({"", "na", "n/a", "nan"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A physical line that starts a record of Comments.csv and similar activity files.
TIMESTAMP_LINE = re.compile(r'^"?\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"?[,;\t]')


def norm_column(name: str) -> str:
    """``Shared URL``, ``SharedURL`` and ``sharedUrl`` are the same column."""
    return re.sub(r"[\s_]+", "", name.replace("\ufeff", "").strip().lower())


# pandas' duplicate suffix (``Creation Date.1``) and Excel's copy suffixes
# (``Creation Date (2)``, ``Creation Date_1``) on a column whose original was dropped.
_COPY_SUFFIX = re.compile(r"(?:\.\d+|\(\d+\)|_\d+)$")
_UNNAMED = re.compile(r"^unnamed:?\d*$")


def base_column(name: str) -> str:
    """The column a re-saved header means: ``creationdate.1`` -> ``creationdate``."""
    return _COPY_SUFFIX.sub("", name) if not name.startswith("unnamed:") else name


def text_lines(
    data: bytes, *, name: str = "", encoding: str | None = None
) -> tuple[Iterator[str], str | None]:
    """The file's lines, decoded lazily, and for UTF-16 the delimiter that goes with it.

    Lines come one at a time from an incremental decoder (newlines normalised), so a
    file's text is never held whole. Without a BOM the text is read as UTF-8 (strict:
    the caller retries with ``detect_encoding`` on ``UnicodeDecodeError``).
    """
    if data.startswith(b"PK"):
        raise FileProblem("file_excel", name=name)
    preferred: str | None = None
    start = 0
    if data.startswith(b"\xff\xfe"):
        encoding, preferred, start = "utf-16-le", "\t", 2
    elif data.startswith(b"\xfe\xff"):
        encoding, preferred, start = "utf-16-be", "\t", 2
    elif len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        encoding, preferred = "utf-16-le", "\t"  # UTF-16 LE without a BOM
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding, start = encoding or "utf-8", 3
    encoding = encoding or "utf-8"
    errors = "strict" if encoding == "utf-8" else "replace"
    sample = data[start : start + 8192].decode(encoding, errors="replace")
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise FileProblem("file_binary", name=name)
    stream = io.TextIOWrapper(
        io.BytesIO(memoryview(data)[start:]), encoding=encoding, errors=errors, newline=None
    )
    return iter(stream), preferred


def detect_encoding(data: bytes) -> str:
    """The encoding of a file that is not UTF-8 (an Excel or other re-save).

    charset-normalizer ranks the candidates on a sample; Windows-1252 wins whenever it is
    among them, because Excel on a Western Windows writes it and the close alternatives
    (Latin-1, cp1250) would turn its quotes and dashes into control characters.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data[: 256 * 1024])
    candidates = [m.encoding for m in matches]
    if not candidates or "cp1252" in candidates:
        return "cp1252"
    return candidates[0]


def sheet_lines(data: bytes, *, name: str = "", max_rows: int = 100_000) -> Iterator[str]:
    """The first sheet of an xlsx workbook as CSV lines (openpyxl, read-only mode).

    Read-only mode streams the sheet's XML row by row; the workbook's own ZIP is checked
    against the same size and ratio limits as the upload before it is opened.
    """
    import zipfile

    from openpyxl import load_workbook

    from .reader import Limits, check_zip_limits

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            check_zip_limits(inner.infolist(), Limits(), what=name)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        from .messages import ArchiveError

        if isinstance(exc, ArchiveError):
            raise FileProblem("file_bomb", name=name) from exc
        raise FileProblem("file_excel", name=name) from exc
    try:
        sheet = book.worksheets[0]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        # One header row and the limit's rows, plus one to tell that there were more.
        for values in itertools.islice(sheet.iter_rows(values_only=True), max_rows + 30):
            writer.writerow([_cell_text(v) for v in values])
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def decode(data: bytes, *, name: str = "") -> tuple[str, str | None]:
    """Text of a file and, for UTF-16, the delimiter that goes with it (tab)."""
    if data.startswith(b"PK"):
        raise FileProblem("file_excel", name=name)
    preferred: str | None = None
    if data.startswith(b"\xff\xfe"):
        text, preferred = data[2:].decode("utf-16-le", errors="replace"), "\t"
    elif data.startswith(b"\xfe\xff"):
        text, preferred = data[2:].decode("utf-16-be", errors="replace"), "\t"
    elif len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        # UTF-16 LE without a BOM (some tools strip it).
        text, preferred = data.decode("utf-16-le", errors="replace"), "\t"
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise FileProblem("file_binary", name=name)
    return normalise_newlines(text), preferred


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Table:
    """Rows of one file, mapped by normalised column name."""

    header: list[str]  # normalised, duplicates suffixed .1, .2
    raw_header: str
    delimiter: str
    rows: list[dict[str, str]] = field(default_factory=list)
    rows_read: int = 0
    empty_rows: int = 0
    bad_width: int = 0  # rows with more (non-empty) cells than the header has names
    short_rows: int = 0  # rows with fewer cells than the header
    truncated: bool = False

    def has(self, column: str) -> bool:
        return column in self.header


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except (StopIteration, csv.Error):
        return []


def find_header(
    lines: list[str], known: Iterable[str], *, preferred: str | None = None, scan: int = 25
) -> tuple[int, str] | None:
    """Index of the header line and its delimiter, chosen by how many known columns it names.

    The Connections preamble, an Excel-padded ``Notes:,,`` line, or no preamble at all: the
    header is wherever the known column names are, whatever the separator.
    """
    known_set = {norm_column(k) for k in known}
    needed = min(2, len(known_set))
    best: tuple[int, int, str] | None = None  # (hits, -index, delimiter)
    delimiters = (preferred, *DELIMITERS) if preferred else DELIMITERS
    for index, line in enumerate(lines[:scan]):
        if not line.strip():
            continue
        for delimiter in delimiters:
            if delimiter not in line and len(known_set) > 1:
                continue
            cells = {norm_column(c) for c in _split(line, delimiter)}
            hits = len(cells & known_set)
            if hits >= needed and (best is None or (hits, -index) > (best[0], best[1])):
                best = (hits, -index, delimiter)
        if best is not None and best[0] >= min(len(known_set), 4):
            break
    if best is None:
        return None
    return -best[1], best[2]


def header_names(cells: list[str]) -> list[str]:
    """Normalised names, duplicates suffixed ``.1``, ``.2``; a re-saved copy name whose
    original is missing (``Creation Date.1`` alone) is read as the original."""
    normalised = [norm_column(cell) for cell in cells]
    present = set(normalised)
    names: list[str] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(normalised):
        name = cell
        if _UNNAMED.match(name):
            name = ""
        base = base_column(name)
        if base != name and base not in present:
            name = base
            present.add(base)
        name = name or f"unnamed:{position}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        names.append(name)
    return names


def _clean(cell: str) -> str:
    value = cell.strip()
    return "" if value.lower() in _EMPTY_CELLS else value


def read_table(
    text: str | Iterable[str],
    known: Iterable[str],
    *,
    name: str = "",
    preferred: str | None = None,
    max_rows: int = 100_000,
    rest_column: str | None = None,
    records: str = "csv",
    text_columns: Iterable[str] = FREE_TEXT,
) -> Table:
    """Parse ``text`` (a string, or its lines as they are decoded) into a ``Table``.

    Raises ``FileProblem`` when no header is found. Reading stops at ``max_rows`` rows,
    so an oversized file costs no more than the limit. ``rest_column``: a column whose
    unquoted commas spill into extra cells (Search Queries); the spill is joined back.
    ``records="timestamped"``: Comments-style files, see ``timestamped_records``;
    ``records="escaped"``: quotes escaped with a backslash.
    """
    lines_in: Iterator[str] = iter(io.StringIO(text)) if isinstance(text, str) else iter(text)
    head = list(itertools.islice(lines_in, 40))
    if not any(line.strip() for line in head):
        raise FileProblem("file_empty", name=name)
    known = list(known)
    stripped = [line.rstrip("\n") for line in head]
    found = find_header(stripped, known, preferred=preferred)
    if found is None:
        raise FileProblem("file_no_header", name=name, expected=", ".join(known[:3]))
    index, delimiter = found
    body: Iterator[str] = itertools.chain(head[index + 1 :], lines_in)
    raw_header = stripped[index]
    header = header_names(_split(raw_header, delimiter))
    table = Table(header=header, raw_header=raw_header.strip(), delimiter=delimiter)
    width = len(header)
    keep = frozenset(text_columns)
    # A trailing delimiter (Learning.csv) adds an unnamed, always-empty last column.
    rest_index = header.index(rest_column) if rest_column in header else None
    row_iter: Iterator[list[str]]
    if records == "timestamped":
        row_iter = timestamped_records(body, delimiter, width)
    elif records == "escaped":
        row_iter = csv.reader(body, delimiter=delimiter, escapechar="\\")
    else:
        row_iter = csv.reader(body, delimiter=delimiter)
    for cells in row_iter:
        if not cells or not any(c.strip() for c in cells):
            table.empty_rows += 1
            continue
        if table.rows_read >= max_rows:
            table.truncated = True
            break
        table.rows_read += 1
        if len(cells) > width:
            if rest_index is not None:
                joined = delimiter.join(cells[rest_index : rest_index + 1 + len(cells) - width])
                cells = [*cells[:rest_index], joined, *cells[rest_index + 1 + len(cells) - width :]]
            elif any(c.strip() for c in cells[width:]):
                table.bad_width += 1
        elif len(cells) < width:
            table.short_rows += 1
        values = {
            col: (cells[i].strip() if col in keep else _clean(cells[i])) if i < len(cells) else ""
            for i, col in enumerate(header)
        }
        if not any(values.values()):
            table.empty_rows += 1
            table.rows_read -= 1
            continue
        table.rows.append(values)
    return table


def timestamped_records(
    body: str | Iterable[str], delimiter: str, width: int
) -> Iterator[list[str]]:
    """Records of a Comments-style file, whatever mix of escaping the export used.

    Reference §2.11: 2025-2026 escape quotes as ``\\"``; 2021-2024 sometimes write a
    multi-line message unquoted, so its later lines look like records of one cell. A
    physical line that does not start with a timestamp continues the previous record;
    each logical record is then parsed with ``escapechar='\\\\'``, and whatever the last
    column spilled into (unquoted commas or newlines) is joined back into it.
    """
    source = (
        iter(body.split("\n")) if isinstance(body, str) else (line.rstrip("\n") for line in body)
    )
    peek = list(itertools.islice(source, 50))
    lines = itertools.chain(peek, source)
    if not any(TIMESTAMP_LINE.match(line) for line in peek):
        # Not timestamped (an edited file): fall back to plain CSV.
        yield from csv.reader((line + "\n" for line in lines), delimiter=delimiter, escapechar="\\")
        return
    current: list[str] = []
    for line in lines:
        if TIMESTAMP_LINE.match(line) and current and _record_closed(current, delimiter, width):
            yield _parse_record("\n".join(current), delimiter, width)
            current = []
        if current or line.strip():
            current.append(line)
    if current:
        yield _parse_record("\n".join(current), delimiter, width)


def _record_closed(lines: list[str], delimiter: str, width: int) -> bool:
    """False while the record's last field is a quoted field that is still open.

    An unquoted message cannot be open (its next line starting with a date begins a new
    record); a quoted one is open while its quotes, ignoring backslash-escaped ones, are
    odd. This keeps a quoted multi-line comment whose next line happens to start with a
    date in one piece.
    """
    first = lines[0]
    start = 0
    for _ in range(width - 1):
        cut = first.find(delimiter, start)
        if cut < 0:
            return True
        start = cut + 1
    if not first[start:].startswith('"'):
        return True
    tail = "\n".join([first[start:], *lines[1:]])
    return tail.replace('\\"', "").count('"') % 2 == 0


def _parse_record(record: str, delimiter: str, width: int) -> list[str]:
    record = record.rstrip("\n")
    rows = list(csv.reader(io.StringIO(record), delimiter=delimiter, escapechar="\\"))
    # Blank physical lines after the record (K23's unquoted trailing newlines) are dropped;
    # a continuation line holding only a delimiter is content and stays.
    while rows and rows[-1] in ([], [""]):
        rows.pop()
    if not rows:
        return []
    first = rows[0]
    if len(first) < width:
        return first
    head = first[: width - 1]
    last_parts = [delimiter.join(first[width - 1 :])]
    for extra in rows[1:]:
        last_parts.append(delimiter.join(extra))
    return [*head, "\n".join(last_parts)]


def unwrap_share_lines(text: str) -> str:
    """Undo LinkedIn's per-line quoting of multi-line posts (reference §2.10).

    After CSV parsing a multi-line ``ShareCommentary`` reads ``first"`` / ``"middle"`` /
    ``"last``, and an empty paragraph reads ``""``. One quote is removed from each line's
    wrapped side, but only when every line shows the pattern, so text that was not
    wrapped is returned unchanged.
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    first, *middle, last = lines
    if not (first.endswith('"') and last.startswith('"')):
        return text
    if not all(len(m) >= 2 and m.startswith('"') and m.endswith('"') for m in middle):
        return text
    return "\n".join([first[:-1], *(m[1:-1] for m in middle), last[1:]])


def wrap_share_lines(text: str) -> str:
    """What LinkedIn writes for a post (the inverse of ``unwrap_share_lines``)."""
    if "\n" not in text:
        return text
    first, *middle, last = text.split("\n")
    return "\n".join([first + '"', *(f'"{m}"' for m in middle), '"' + last])
