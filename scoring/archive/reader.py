"""Opening an upload safely and finding LinkedIn's files in it.

The ZIP is read in memory, entry by entry: nothing is ever written to disk and no name
from the archive is ever used as a path. Entries are found by basename anywhere in the
archive, case-insensitively, with spaces and underscores treated alike (``Rich Media.csv``
= ``Rich_Media.csv``), so wrapping folders and flattened archives work the same.
"""

from __future__ import annotations

import posixpath
import re
import stat
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from .messages import ArchiveError, FileProblem, Notice

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Safety limits: generous for a real export, far below what a crafted upload needs.

    Together they bound the reader's memory whatever the upload (measured in
    ``bench/bench_archive.py``): entries are read one at a time and never kept, one file
    is at most ``max_file_bytes``, and a file stops at ``max_rows_per_file`` rows.
    """

    max_upload_bytes: int = 200 * MB
    max_entries: int = 5_000
    # Copies of one LinkedIn file name (re-zipped folders add a few; hundreds are crafted).
    max_same_name: int = 50
    max_total_uncompressed: int = 1024 * MB
    # Decoded text and its rows cost several times a file's size, so one file is capped
    # far below the upload limit (the largest real file seen, messages.csv, is ~10 MB;
    # 16 MB keeps the peak under 300 MB even when every row holds emoji).
    max_file_bytes: int = 16 * MB
    # Text CSVs compress 5-20x; 200x takes crafted (bomb) data. Checked for every entry
    # above ``ratio_floor`` and for the archive as a whole, small entries included.
    max_ratio: float = 200.0
    ratio_floor: int = 64 * 1024
    # The largest count the model stores (NetworkState.connections, 100,000); LinkedIn
    # caps connections at 30,000.
    max_rows_per_file: int = 100_000


# Logical file -> accepted basenames, normalised by ``file_key`` (lower case, no spaces,
# underscores or dashes). Legacy names are listed after the current one.
FILES: dict[str, tuple[str, ...]] = {
    "connections": ("connections.csv",),
    "profile": ("profile.csv",),
    "profile_summary": ("profilesummary.csv",),
    "positions": ("positions.csv",),
    "education": ("education.csv",),
    "skills": ("skills.csv",),
    "endorsements_received": ("endorsementreceivedinfo.csv", "endorsementsreceivedinfo.csv"),
    "endorsements_given": ("endorsementgiveninfo.csv", "endorsementsgiveninfo.csv"),
    "recommendations_received": ("recommendationsreceived.csv",),
    "recommendations_given": ("recommendationsgiven.csv",),
    "certifications": ("certifications.csv",),
    "languages": ("languages.csv",),
    "projects": ("projects.csv",),
    "honors": ("honors.csv",),
    "publications": ("publications.csv",),
    "courses": ("courses.csv",),
    "volunteering": ("volunteering.csv", "volunteeringexperiences.csv"),
    "organizations": ("organizations.csv",),
    "shares": ("shares.csv",),
    "comments": ("comments.csv",),
    "reactions": ("reactions.csv",),
    "votes": ("votes.csv",),
    "instant_reposts": ("instantreposts.csv",),
    "invitations": ("invitations.csv",),
    "messages": ("messages.csv",),
    "company_follows": ("companyfollows.csv",),
    "member_follows": ("memberfollows.csv",),
    "rich_media": ("richmedia.csv", "videos.csv"),
    "learning": ("learning.csv",),
    "search_queries": ("searchqueries.csv",),
    "logins": ("logins.csv",),
    "hashtag_follows": ("hashtagfollows.csv",),
    "saved_items": ("saveditems.csv",),
    "events": ("events.csv",),
    "ad_targeting": ("adtargeting.csv",),
    "registration": ("registration.csv",),
    "verifications": ("verifications.csv",),
}
_BY_KEY = {name: logical for logical, names in FILES.items() for name in names}


def file_key(basename: str) -> str:
    """``Rich Media.csv``, ``rich_media.csv`` and ``Rich_Media (1).csv`` are one file."""
    name = re.sub(r"\s*\(\d+\)(?=\.[A-Za-z]+$)", "", basename.strip())  # browser's " (1)"
    return re.sub(r"[\s_\-]+", "", name.lower())


def is_system_entry(name: str) -> bool:
    """macOS resource forks and hidden files that re-zipping adds (``__MACOSX/._x.csv``)."""
    parts = name.replace("\\", "/").split("/")
    return "__MACOSX" in parts or parts[-1].startswith(".")


class Entry:
    """One file of the upload, by its name inside the archive (display only).

    A ZIP entry's bytes are read only when ``read()`` is called and never kept, so the
    reader holds one file at a time whatever the archive holds.
    """

    def __init__(
        self,
        name: str,
        data: bytes | None = None,
        *,
        archive: zipfile.ZipFile | None = None,
        info: zipfile.ZipInfo | None = None,
        limit: int = 0,
    ) -> None:
        self.name = name
        self._data = data
        self._archive = archive
        self._info = info
        self._limit = limit
        self.size = len(data) if data is not None else (info.file_size if info else 0)

    @property
    def basename(self) -> str:
        return posixpath.basename(self.name.replace("\\", "/"))

    def read(self) -> bytes:
        """The entry's bytes; raises ``FileProblem`` when damaged or over the limit."""
        if self._data is not None:
            return self._data
        assert self._archive is not None and self._info is not None
        return _read_entry(self._archive, self._info, self._limit)


@dataclass
class Found:
    """What the upload holds: LinkedIn files by logical name, articles, and the rest."""

    files: dict[str, list[Entry]] = field(default_factory=dict)
    articles: list[Entry] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    problems: dict[str, Notice] = field(default_factory=dict)  # entry name -> why skipped
    warnings: list[Notice] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.files and not self.articles


def is_unsafe_name(name: str) -> bool:
    """Absolute, drive-qualified or parent-escaping names are never opened."""
    clean = name.replace("\\", "/")
    if clean.startswith("/") or re.match(r"^[A-Za-z]:", clean):
        return True
    return any(part == ".." for part in clean.split("/"))


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


def _wanted(basename: str) -> str | None:
    """The logical file for a basename, ``"article"`` for article HTML, or ``None``."""
    lowered = basename.lower()
    if lowered.endswith((".html", ".htm")):
        return "article"
    key = file_key(basename)
    if key.endswith(".xlsx"):
        # Connections.xlsx: a LinkedIn file saved as a workbook, read like its CSV.
        key = key.removesuffix(".xlsx") + ".csv"
    return _BY_KEY.get(key)


def open_upload(
    source: bytes | IO[bytes], *, name: str = "", limits: Limits | None = None
) -> Found:
    """Read a ZIP upload, or one loose CSV, into a ``Found``.

    Raises ``ArchiveError`` when the upload as a whole cannot be used.
    """
    limits = limits or Limits()
    stream = _as_stream(source)
    size = _size(stream)
    if size == 0:
        raise ArchiveError("empty_upload")
    if size > limits.max_upload_bytes:
        raise ArchiveError("too_large", limit_mb=limits.max_upload_bytes // MB)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(b"PK"):
        return read_zip(stream, limits=limits)
    if name.lower().endswith(".zip"):
        raise ArchiveError("damaged_zip")
    return read_loose([(name or "upload.csv", stream.read())], limits=limits)


def _as_stream(source: bytes | IO[bytes]) -> IO[bytes]:
    import io

    if isinstance(source, bytes | bytearray):
        return io.BytesIO(bytes(source))
    source.seek(0)
    return source


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def read_zip(stream: IO[bytes], *, limits: Limits) -> Found:
    try:
        archive = zipfile.ZipFile(stream)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise ArchiveError("damaged_zip") from exc
    names = {info.filename.lower() for info in infos}
    if "[content_types].xml" in names and any(n.startswith("xl/") for n in names):
        raise ArchiveError("excel_workbook")
    check_zip_limits(infos, limits)

    found = Found()
    nested_zip = False
    unsafe: list[str] = []
    links: list[str] = []
    for info in infos:
        if info.is_dir():
            continue
        entry_name = info.filename
        if is_unsafe_name(entry_name):
            unsafe.append(entry_name)
            found.warnings.append(Notice("unsafe_name", {"name": entry_name}))
            continue
        if _is_symlink(info):
            links.append(entry_name)
            found.warnings.append(Notice("symlink", {"name": entry_name}))
            continue
        if is_system_entry(entry_name):
            continue
        basename = posixpath.basename(entry_name.replace("\\", "/"))
        logical = _wanted(basename)
        if logical is None:
            nested_zip = nested_zip or basename.lower().endswith(".zip")
            found.ignored.append(entry_name)
            continue
        if info.flag_bits & 0x1:
            found.warnings.append(Notice("encrypted", {"name": entry_name}))
            continue
        if info.file_size > limits.max_file_bytes:
            found.problems[entry_name] = Notice(
                "file_too_big", {"name": entry_name, "limit_mb": limits.max_file_bytes // MB}
            )
            continue
        entry = Entry(entry_name, archive=archive, info=info, limit=limits.max_file_bytes)
        if logical == "article":
            found.articles.append(entry)
        else:
            found.files.setdefault(logical, []).append(entry)
    if found.empty and not found.problems:
        # Say why nothing could be read: a user who sees "no LinkedIn file" for an archive
        # full of them would not know that the names or links were the problem.
        if unsafe:
            raise ArchiveError("only_unsafe_names", names=_listed(unsafe))
        if links:
            raise ArchiveError("only_links", names=_listed(links))
        if nested_zip:
            raise ArchiveError("nested_zip")
        raise ArchiveError("no_linkedin_files")
    return found


def _listed(names: list[str], most: int = 5) -> str:
    shown = ", ".join(names[:most])
    return shown + (f", … (+{len(names) - most})" if len(names) > most else "")


def check_zip_limits(infos: list[zipfile.ZipInfo], limits: Limits, *, what: str = "") -> None:
    """Refuse a ZIP (the upload, or an xlsx inside it) that no real export resembles.

    Every entry above ``ratio_floor`` is checked for its compression ratio, and so is the
    archive as a whole, so a thousand small entries of zeros cannot slip under a per-entry
    floor. The same name repeated hundreds of times is refused too.
    """
    if len(infos) > limits.max_entries:
        raise ArchiveError("too_many_entries", limit=limits.max_entries)
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_uncompressed:
        raise ArchiveError("too_much_data", limit_mb=limits.max_total_uncompressed // MB)
    for info in infos:
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise ArchiveError("zip_bomb", name=what or info.filename)
    packed = sum(info.compress_size for info in infos)
    if total > limits.ratio_floor and total > limits.max_ratio * max(packed, 1):
        raise ArchiveError("zip_bomb", name=what or _listed([i.filename for i in infos], 3))
    copies = Counter(
        file_key(posixpath.basename(i.filename.replace("\\", "/"))) for i in infos if not i.is_dir()
    )
    _name, count = copies.most_common(1)[0] if copies else ("", 0)
    if count > limits.max_same_name:
        raise ArchiveError("too_many_duplicates", limit=limits.max_same_name)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The entry's bytes, read in chunks so a lying size header cannot exhaust memory."""
    chunks: list[bytes] = []
    read = 0
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(1024 * 1024)
                if not chunk:
                    break
                read += len(chunk)
                if read > limit:
                    raise FileProblem("file_too_big", name=info.filename, limit_mb=limit // MB)
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError) as exc:
        raise FileProblem("file_damaged", name=info.filename) from exc
    return b"".join(chunks)


def read_loose(files: Iterable[tuple[str, bytes]], *, limits: Limits | None = None) -> Found:
    """Loose CSV files uploaded one by one (names are used for matching only)."""
    limits = limits or Limits()
    found = Found()
    total = 0
    for raw_name, data in files:
        basename = posixpath.basename(raw_name.replace("\\", "/")) or "upload.csv"
        total += len(data)
        if total > limits.max_upload_bytes:
            raise ArchiveError("too_large", limit_mb=limits.max_upload_bytes // MB)
        logical = _wanted(basename)
        if logical is None:
            if data.startswith(b"PK") and basename.lower().endswith((".xlsx", ".xls")):
                raise ArchiveError("excel_workbook")
            found.ignored.append(basename)
            continue
        if len(data) > limits.max_file_bytes:
            found.problems[basename] = Notice(
                "file_too_big", {"name": basename, "limit_mb": limits.max_file_bytes // MB}
            )
            continue
        entry = Entry(basename, data)
        if logical == "article":
            found.articles.append(entry)
        else:
            found.files.setdefault(logical, []).append(entry)
    if found.empty and not found.problems:
        if any(n.lower().endswith((".xlsx", ".xls")) for n in found.ignored):
            raise ArchiveError("excel_workbook")
        raise ArchiveError("not_an_archive")
    return found
