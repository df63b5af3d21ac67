"""Benchmark of the archive import: a large generated export, parsed end to end.

Run with ``.venv/bin/python bench/bench_archive.py``. It writes the archive once to
``bench/out/`` (30,000 connections, 20,000 messages, 5,000 comments, 3,000 shares,
10,000 reactions), then times ``parse_upload`` and measures its peak memory, first by
wall clock alone, then under tracemalloc (slower, but it counts only the import's own
allocations). With ``--store`` it also runs the whole import service against a fresh
SQLite database in ``bench/out/`` (parse, write every activity and the facts in one
transaction, recompute the estimate). Numbers are recorded in docs/benchmarks.md
("Archive import").
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


def main() -> None:
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
