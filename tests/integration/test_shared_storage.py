"""Uploads live in storage every worker can read: web and worker on separate disks.

The web side (this process) and a real worker each get a media folder of their own and
both use an S3 store (moto's server): an upload made through the web page is imported
by the worker, so a pass proves nothing relies on a shared disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring.models import Activity, ArchiveImport
from tests.factories import UserFactory
from tests.integration.conftest import wait_for
from tests.scoring.archive import generator as gen

pytestmark = pytest.mark.integration


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_an_upload_through_the_web_is_imported_by_a_worker_on_another_disk(
    workers, s3_server, settings, tmp_path, client
):
    web_media = tmp_path / "web-media"
    worker_media = tmp_path / "worker-media"
    settings.MEDIA_ROOT = web_media
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_settings()}
    workers.start(env={**s3_server.env(), "MEDIA_ROOT": str(worker_media)})
    trainee = UserFactory()
    client.force_login(trainee)

    response = client.post(
        reverse("scoring:archive_import"),
        {"archive": SimpleUploadedFile("export.zip", gen.build_archive("2024").data)},
    )
    assert response.status_code == 302
    record = ArchiveImport.objects.get(user=trainee)
    assert s3_server.keys() == [record.file.name]  # the upload went to the store

    wait_for(
        lambda: ArchiveImport.objects.filter(pk=record.pk, status="done", file="").exists(),
        timeout=30,
    )
    record.refresh_from_db()
    assert record.activities_added == Activity.objects.filter(user=trainee).count() > 0
    assert record.file.name == ""
    assert s3_server.keys() == []  # deleted once read
    assert files_in(web_media) == []
    assert files_in(worker_media) == []


@pytest.mark.django_db
def test_housekeeping_deletes_leftover_uploads_in_the_store(s3_server, settings):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from scoring.archive.services import UPLOAD_DIR, archive_imports_cleanup

    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_settings()}
    orphan = default_storage.save(f"{UPLOAD_DIR}/orphan.upload", ContentFile(b"left behind"))
    assert s3_server.keys() == [orphan]

    assert archive_imports_cleanup()["deleted"] == 0  # too fresh: maybe being uploaded
    outcome = archive_imports_cleanup(now=timezone.now() + timedelta(hours=1))
    assert outcome["deleted"] == 1
    assert s3_server.keys() == []
