"""bin/backup and bin/restore, performed for real: a populated database and its media are
backed up, restored into a fresh database and storage, and compared table by table."""

from __future__ import annotations

import io
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from accounts.models import User
from scoring.models import SsiSnapshot

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db(transaction=True)


def _server() -> dict[str, str]:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI must run the backup test on PostgreSQL")
        pytest.skip("backups need PostgreSQL (set DATABASE_URL)")
    return {
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or "",
        "host": db["HOST"] or "127.0.0.1",
        "port": str(db["PORT"] or 5432),
    }


def _url(server: dict[str, str], name: str) -> str:
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


def _connect(server: dict[str, str], name: str) -> psycopg.Connection:
    return psycopg.connect(
        dbname=name,
        user=server["user"],
        password=server["password"] or None,
        host=server["host"],
        port=server["port"],
        autocommit=True,
    )


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """An empty database beside the test one (named after it), dropped afterwards."""
    server = _server()
    name = f"{connection.settings_dict['NAME']}_restored"
    with _connect(server, "postgres") as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with _connect(server, "postgres") as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def run(
    script: str, *args: str, database: str, media: Path, storage: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run ``bin/<script>`` on ``database``, with the media in the folder ``media`` or, given
    ``storage`` (the S3 variables), in an S3 bucket."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _url(_server(), database),
        "MEDIA_ROOT": str(media),
        "STORAGE_BACKEND": "filesystem",
        **(storage or {}),
    }
    return subprocess.run(
        [str(ROOT / "bin" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def digests(name: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of all its rows (in a stable order)."""
    with _connect(_server(), name) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        result = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                "FROM {} t"
            ).format(sql.Identifier(table))
            count, digest = db.execute(query).fetchone()
            result[table] = (count, digest)
    return result


def test_backup_then_restore_into_a_fresh_database_gives_the_same_data(
    tmp_path, settings, fresh_database
):
    # A populated platform: demo people, cohorts, SSI history, signals, estimates, and
    # an uploaded archive in the media storage.
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_scoring_demo", stdout=io.StringIO())
    content = b"PK\x03\x04 zip bytes"
    upload = default_storage.save("archives/2026/export.zip", ContentFile(content))
    source = connection.settings_dict["NAME"]
    before = digests(source)
    assert before["accounts_user"][0] == 15
    assert before["scoring_ssisnapshot"][0] == SsiSnapshot.objects.count() > 100

    backup = run(
        "backup", "--output", str(tmp_path / "backups"), database=source, media=tmp_path / "media"
    )
    assert backup.returncode == 0, backup.stderr
    [folder] = (tmp_path / "backups").iterdir()
    assert folder.name.startswith("ssi-coach-")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["tables"]["accounts_user"] == 15
    assert manifest["media"]["files"] == [{"name": upload, "bytes": len(content)}]

    restored_media = tmp_path / "restored-media"
    restore = run("restore", str(folder), database=fresh_database, media=restored_media)
    assert restore.returncode == 0, restore.stderr
    assert "as in the backup" in restore.stdout

    # Every table, every row: the same.
    assert digests(fresh_database) == before
    assert (restored_media / upload).read_bytes() == content
    # Key rows, and a restored database that takes new rows (its sequences came along).
    with _connect(_server(), fresh_database) as db:
        emails = [r[0] for r in db.execute("SELECT email FROM accounts_user ORDER BY email")]
        assert emails == sorted(User.objects.values_list("email", flat=True))
        top = max(User.objects.values_list("pk", flat=True))
        [next_id] = db.execute(
            "SELECT nextval(pg_get_serial_sequence('accounts_user', 'id'))"
        ).fetchone()
        assert next_id > top


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = connection.settings_dict["NAME"]
    _server()
    backup = run("backup", "--output", str(tmp_path / "b"), database=source, media=tmp_path / "m")
    assert backup.returncode == 0, backup.stderr
    [folder] = (tmp_path / "b").iterdir()
    restore = run("restore", str(folder), database=source, media=tmp_path / "m")
    assert restore.returncode == 1
    assert "is not empty" in restore.stderr


def test_restore_fails_when_the_restored_data_differs_from_the_manifest(
    tmp_path, settings, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
    source = connection.settings_dict["NAME"]
    backup = run("backup", "--output", str(tmp_path / "b"), database=source, media=tmp_path / "m")
    assert backup.returncode == 0, backup.stderr
    [folder] = (tmp_path / "b").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["database"]["tables"]["accounts_user"] += 1  # a backup that lost a row
    (folder / "manifest.json").write_text(json.dumps(manifest))
    restore = run("restore", str(folder), database=fresh_database, media=tmp_path / "r")
    assert restore.returncode == 1
    assert "table accounts_user: 15 rows, backup had 16" in restore.stderr


def test_media_in_an_s3_bucket_are_backed_up_and_restored_into_another(
    tmp_path, fresh_database, s3_server
):
    """STORAGE_BACKEND=s3 (moto's server): every object of the bucket goes into the backup,
    and a restore puts them into the bucket the restored platform uses."""
    _server()
    files = {"archives/2026/export.zip": b"PK\x03\x04 zip bytes", "avatars/tina.png": b"\x89PNG"}
    for key, content in files.items():
        s3_server.client().put_object(Bucket=s3_server.bucket, Key=key, Body=content)
    source = connection.settings_dict["NAME"]
    backup = run(
        "backup",
        "--output",
        str(tmp_path / "b"),
        database=source,
        media=tmp_path / "unused",
        storage=s3_server.env(),
    )
    assert backup.returncode == 0, backup.stderr
    [folder] = (tmp_path / "b").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["media"]["backend"] == "S3Storage"
    assert manifest["media"]["files"] == [
        {"name": key, "bytes": len(content)} for key, content in sorted(files.items())
    ]
    assert not (tmp_path / "unused").exists()  # nothing read from or written to the disk

    s3_server.client().create_bucket(Bucket="ssi-restored")
    restored = {**s3_server.env(), "AWS_STORAGE_BUCKET_NAME": "ssi-restored"}
    restore = run(
        "restore", str(folder), database=fresh_database, media=tmp_path / "r", storage=restored
    )
    assert restore.returncode == 0, restore.stderr
    assert "media: 2 files" in restore.stdout
    client = s3_server.client()
    listing = client.list_objects_v2(Bucket="ssi-restored")
    assert sorted(item["Key"] for item in listing["Contents"]) == sorted(files)
    for key, content in files.items():
        assert client.get_object(Bucket="ssi-restored", Key=key)["Body"].read() == content
