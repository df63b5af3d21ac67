"""Benchmark of the archive import: a large generated export, parsed end to end.

Run with ``.venv/bin/python bench/bench_archive.py``. It writes the archive once to
``bench/out/`` (30,000 connections, 20,000 messages, 5,000 comments, 3,000 shares,
10,000 reactions), then times ``parse_upload`` and measures its peak memory, first by
wall clock alone, then under tracemalloc (slower, but it counts only the import's own
allocations). With ``--store`` it also runs the whole import service against a fresh
SQLite database in ``bench/out/`` (parse, write every activity and the facts in one
transaction, recompute the estimate). With ``--hostile`` it measures, each in a fresh
process, uploads built to cost memory (bombs, a million rows, the largest file the
limits admit); the reader must stay under 300 MB on every one, accepted or refused.
Numbers are recorded in docs/benchmarks.md ("Archive import").
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STORE = "--store" in sys.argv
HOSTILE = "--hostile" in sys.argv
CASE = sys.argv[sys.argv.index("--case") + 1] if "--case" in sys.argv else ""
if STORE:
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "bench.sqlite3").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'out' / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(ROOT / "bench" / "out" / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from scoring.archive import parse_upload  # noqa: E402
from tests.scoring.archive.generator import Sizes, build_archive  # noqa: E402

SIZES = Sizes(
    connections=30_000,
    messages=20_000,
    comments=5_000,
    shares=3_000,
    reactions=10_000,
    invitations=3_000,
    searches=2_000,
)
OUT = ROOT / "bench" / "out"


def archive_path() -> Path:
    path = OUT / "Complete_LinkedInDataExport_04-10-2026.zip"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        path.write_bytes(build_archive("2026", sizes=SIZES).data)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s")
    return path


def store(path: Path) -> None:
    """The whole import through the service, as the Celery task runs it."""
    from django.core.files import File
    from django.core.management import call_command

    from scoring.archive.services import archive_import_run
    from scoring.models import Activity, ArchiveImport
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    user = UserFactory(email="bench@example.com", first_name="Alex", last_name="Rossi")
    record = ArchiveImport(user=user, original_name=path.name, size=path.stat().st_size)
    with path.open("rb") as handle:
        record.file.save("upload", File(handle), save=True)
    started = time.perf_counter()
    done = archive_import_run(import_id=record.pk, today=date(2026, 11, 27))
    elapsed = time.perf_counter() - started
    assert done is not None and done.status == "done", done and done.error
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"whole import (parse + store + estimate, SQLite): {elapsed:.2f} s, "
        f"{Activity.objects.count()} activities stored, peak RSS {rss_mb:.0f} MB"
    )


def _largest_text_file() -> bytes:
    """messages.csv at the per-file limit (16 MB), with emoji in every message (so the
    decoded text would take 4 bytes a character), under the row limit."""
    from scoring.archive import Limits

    limit = Limits().max_file_bytes
    head = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,"
        "CONTENT,FOLDER\n"
    )
    row = (
        "2-c{n}==,,Alex Rossi,https://www.linkedin.com/in/alex,Ada Lovelace,"
        '2026-03-01 10:00:00 UTC,,"{text}",INBOX\n'
    )
    text = ("Ciao \U0001f680 " * 30)[:-1]
    size = len(row.format(n=0, text=text).encode())
    rows = min(int(limit * 0.95) // size, 99_000)
    body = "".join(row.format(n=n, text=text) for n in range(rows))
    return (head + body).encode()


def hostile_cases() -> dict[str, object]:
    """Uploads built to cost memory, each measured in a fresh process (``--case``)."""
    from tests.scoring.archive import generator as gen

    return {
        "1,024 entries of 1 MiB of zeros (1.2 MB upload)": lambda: gen.many_zero_entries(1024),
        "one 40 MB entry of zeros (a classic bomb)": lambda: gen.zip_bomb(40),
        "Connections.csv of 1,000,000 rows": lambda: gen.million_rows_connections(1_000_000),
        "the same name 300 times": lambda: gen.duplicate_names_zip(300),
        "messages.csv at the 16 MB file limit, emoji in every row": lambda: gen.zip_bytes(
            {"messages.csv": _largest_text_file()}
        ),
        "the benchmark export (30,000 connections, 20,000 messages, ...)": lambda: (
            archive_path().read_bytes()
        ),
    }


def _case_path(name: str) -> Path:
    return OUT / ("case-" + "".join(c for c in name if c.isalnum())[:40] + ".zip")


def run_case(name: str) -> None:
    from scoring.archive import ArchiveError

    data = _case_path(name).read_bytes()
    before = _high_water_mb()
    started = time.perf_counter()
    tracemalloc.start()
    try:
        result = parse_upload(data, today=date(2026, 11, 27), name="upload.zip")
        outcome = f"read, {len(result.activities)} activities, warnings: " + ", ".join(
            sorted({w.code for w in result.warnings})
        )
    except ArchiveError as error:
        outcome = f"refused: {error.notice.code}"
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    elapsed = time.perf_counter() - started
    rss = _high_water_mb()
    print(
        f"| {name} | {len(data) / 1e6:.1f} MB | {outcome} | {elapsed:.1f} s | "
        f"{peak / 1e6:.0f} MB | {rss:.0f} MB (before: {before:.0f} MB) |"
    )


def _high_water_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from
    the parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def hostile() -> None:
    import subprocess

    archive_path()
    print("| upload | size | outcome | time | peak allocated by the reader | peak RSS |")
    print("|---|---|---|---|---|---|")
    for name, build in hostile_cases().items():
        _case_path(name).write_bytes(build())  # type: ignore[operator]
    for name in hostile_cases():
        subprocess.run([sys.executable, __file__, "--case", name], check=True)


def main() -> None:
    if CASE:
        run_case(CASE)
        return
    if HOSTILE:
        hostile()
        return
    path = archive_path()
    if STORE:
        store(path)
        return
    print(f"archive: {path.stat().st_size / 1e6:.1f} MB compressed")
    with path.open("rb") as upload:
        started = time.perf_counter()
        result = parse_upload(upload, today=date(2026, 11, 27), name=path.name)
        elapsed = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"parse: {elapsed:.2f} s, {len(result.activities)} activities")
    print(f"peak RSS of the whole process: {rss_mb:.0f} MB")
    with path.open("rb") as upload:
        tracemalloc.start()
        parse_upload(upload, today=date(2026, 11, 27), name=path.name)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"peak memory allocated by the import (tracemalloc): {peak / 1e6:.0f} MB")
    counts = result.counts_by_kind()
    for kind in ("connection", "message_sent", "message_received", "comment", "reaction"):
        print(f"  {kind}: {counts.get(kind, 0)}")


if __name__ == "__main__":
    main()
