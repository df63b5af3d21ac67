"""Web pages and API of the archive import, from every side that must or must not see."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from scoring.archive.services import archive_import_run, archive_import_start
from scoring.models import ArchiveImport
from tests.scoring.archive import generator as gen

pytestmark = pytest.mark.django_db

PAGE = reverse("scoring:archive_import")
API = reverse("api:archive-import-list")
TODAY = date(2026, 11, 27)


def done_import(user, data=None):
    data = data or gen.build_archive("2024").data
    record = archive_import_start(user=user, files=[SimpleUploadedFile("export.zip", data)])
    return archive_import_run(import_id=record.pk, today=TODAY)


def detail(record):
    return reverse("scoring:archive_import_detail", args=[record.pk])


# --- Web ---------------------------------------------------------------------------------


def test_upload_page_for_the_trainee(client_for, trainee):
    response = client_for(trainee).get(PAGE)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "<script>" not in response.text and 'style="' not in response.text


def test_anonymous_is_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_coaches_have_no_upload_page(client_for, coach):
    assert client_for(coach).get(PAGE).status_code == 404


def test_upload_redirects_to_the_progress_page(client_for, trainee):
    data = gen.build_archive("2024").data
    response = client_for(trainee).post(PAGE, {"archive": SimpleUploadedFile("export.zip", data)})
    record = ArchiveImport.objects.get(user=trainee)
    assert response.status_code == 302
    assert response["Location"] == detail(record)
    assert record.status == "queued"  # the request returned before the import ran


def test_upload_of_several_csv_files(client_for, trainee):
    files = gen.build_files("2024")
    uploads = [SimpleUploadedFile(n, files[n]) for n in ("Connections.csv", "Skills.csv")]
    response = client_for(trainee).post(PAGE, {"archive": uploads})
    assert response.status_code == 302
    record = ArchiveImport.objects.get(user=trainee)
    assert archive_import_run(import_id=record.pk, today=TODAY).status == "done"


def test_upload_too_large_shows_the_reason(client_for, trainee, settings):
    settings.ARCHIVE_IMPORT_MAX_UPLOAD_MB = 0
    response = client_for(trainee).post(PAGE, {"archive": SimpleUploadedFile("a.zip", b"PK..")})
    assert response.status_code == 400
    assert "larger than 0 MB" in response.text
    assert not ArchiveImport.objects.exists()


def test_second_upload_while_one_runs_is_refused(client_for, trainee):
    client = client_for(trainee)
    client.post(PAGE, {"archive": SimpleUploadedFile("a.zip", b"PK..")})
    response = client.post(PAGE, {"archive": SimpleUploadedFile("b.zip", b"PK..")})
    assert response.status_code == 400
    assert "already running" in response.text
    assert ArchiveImport.objects.count() == 1


def test_progress_partial_polls_while_running(client_for, trainee):
    record = archive_import_start(user=trainee, files=[SimpleUploadedFile("a.zip", b"PK..")])
    ArchiveImport.objects.filter(pk=record.pk).update(status="running", progress=40)
    response = client_for(trainee).get(detail(record), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'value="40"' in response.text
    assert 'hx-trigger="every 1s"' in response.text
    assert f'href="{detail(record)}"' in response.text


def test_summary_once_done_stops_polling(client_for, trainee):
    record = done_import(trainee)
    response = client_for(trainee).get(detail(record), headers={"HX-Request": "true"})
    assert "hx-trigger" not in response.text
    assert "Connections.csv" in response.text
    assert "1 \u00d7 spam folder" in response.text
    full = client_for(trainee).get(detail(record))
    assert "<html" in full.text
    assert "Registration.csv" in full.text  # listed among the files not needed


def test_failed_import_shows_the_error_in_the_readers_language(client_for, trainee):
    record = done_import(trainee, gen.truncated_zip())
    client = client_for(trainee)
    english = client.get(detail(record)).text
    assert "damaged or incomplete" in english
    trainee.language = "it"
    trainee.save()
    with translation.override("it"):
        italian = client.get(detail(record), headers={"Accept-Language": "it"}).text
    assert "damaged or incomplete" not in italian


def test_coach_reads_a_coached_trainees_import(client_for, trainee, coach):
    record = done_import(trainee)
    response = client_for(coach).get(detail(record))
    assert response.status_code == 200
    assert "Upload again" not in response.text


@pytest.mark.parametrize("who", ["other_trainee", "other_coach"])
def test_others_get_404(client_for, trainee, who, request):
    record = done_import(trainee)
    assert client_for(request.getfixturevalue(who)).get(detail(record)).status_code == 404


def test_anonymous_detail_is_sent_to_login(client, trainee):
    record = done_import(trainee)
    assert client.get(detail(record)).status_code == 302


def test_upload_page_queries_do_not_grow_with_imports(
    client_for, trainee, django_assert_num_queries
):
    client = client_for(trainee)
    ArchiveImport.objects.bulk_create(
        [ArchiveImport(user=trainee, status="done", original_name=f"{n}.zip") for n in range(8)]
    )
    # session, user, trainee_for_viewer lookup, imports list
    with django_assert_num_queries(4):
        client.get(PAGE)
    ArchiveImport.objects.bulk_create(
        [ArchiveImport(user=trainee, status="failed", original_name=f"x{n}.zip") for n in range(8)]
    )
    with django_assert_num_queries(4):
        client.get(PAGE)


# --- API ---------------------------------------------------------------------------------


def test_api_upload_then_status(client_for, trainee):
    client = client_for(trainee)
    data = gen.build_archive("2026").data
    response = client.post(
        API, {"file": SimpleUploadedFile("export.zip", data)}, format="multipart"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued"
    archive_import_run(import_id=body["id"], today=TODAY)
    status = client.get(body["url"]).json()
    assert status["status"] == "done"
    assert status["progress"] == 100
    assert status["counts"]["connection"] == 60
    assert status["error"] is None


def test_api_refuses_bad_uploads(client_for, trainee, settings):
    client = client_for(trainee)
    assert client.post(API, {}, format="multipart").status_code == 400
    settings.ARCHIVE_IMPORT_MAX_UPLOAD_MB = 0
    response = client.post(API, {"file": SimpleUploadedFile("a.zip", b"PK..")}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "too_large"


def test_api_busy(client_for, trainee):
    client = client_for(trainee)
    client.post(API, {"file": SimpleUploadedFile("a.zip", b"PK..")}, format="multipart")
    response = client.post(API, {"file": SimpleUploadedFile("b.zip", b"PK..")}, format="multipart")
    assert response.status_code == 409


def test_api_failed_import_explains(client_for, trainee):
    record = done_import(trainee, gen.xlsx_bytes())
    body = client_for(trainee).get(reverse("api:archive-import-detail", args=[record.pk])).json()
    assert body["status"] == "failed"
    assert body["error"]["code"] == "excel_workbook"
    assert "Excel" in body["error"]["message"]


@pytest.mark.parametrize("who", ["other_trainee", "other_coach"])
def test_api_status_hidden_from_others(client_for, trainee, who, request):
    record = done_import(trainee)
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("api:archive-import-detail", args=[record.pk])).status_code == 404


def test_api_anonymous(client, trainee):
    record = done_import(trainee)
    assert client.get(reverse("api:archive-import-detail", args=[record.pk])).status_code == 401
    assert client.post(API, {}).status_code == 401


def test_api_list_queries_do_not_grow(client_for, trainee, django_assert_num_queries):
    client = client_for(trainee)
    ArchiveImport.objects.bulk_create(
        [ArchiveImport(user=trainee, status="done", original_name=f"{n}.zip") for n in range(5)]
    )
    # session, user, trainee_for_viewer lookup, imports list
    with django_assert_num_queries(4):
        first = client.get(API).json()
    ArchiveImport.objects.bulk_create(
        [ArchiveImport(user=trainee, status="done", original_name=f"y{n}.zip") for n in range(5)]
    )
    with django_assert_num_queries(4):
        second = client.get(API).json()
    assert len(first) == 5 and len(second) == 10


def test_trainee_navigation_links_to_the_import(client_for, trainee):
    response = client_for(trainee).get(reverse("accounts:dashboard"))
    assert f'href="{PAGE}"' in response.text


def test_summary_shows_profile_facts_and_connection_growth(client_for, trainee):
    record = done_import(trainee)
    assert record.facts["network"]["connections"] == 60
    assert record.facts["network"]["growth"][-1][2] == 60
    text = client_for(trainee).get(detail(record)).text
    assert "New connections per month" in text
    assert "2024-12" in text
    assert "Skills" in text


def test_an_interrupted_import_says_so_and_a_new_upload_replaces_it(client_for, trainee):
    from datetime import timedelta

    from django.utils import timezone

    from scoring.models import archive_import_lease

    record = archive_import_start(user=trainee, files=[SimpleUploadedFile("a.zip", b"PK..")])
    gone = timezone.now() - archive_import_lease() - timedelta(seconds=1)
    ArchiveImport.objects.filter(pk=record.pk).update(
        status="running", progress=95, claimed_at=gone, attempts=1
    )
    client = client_for(trainee)
    page = client.get(detail(record))
    assert "The import was interrupted" in page.text
    assert f'href="{PAGE}"' in page.text

    response = client.post(PAGE, {"archive": SimpleUploadedFile("b.zip", b"PK..")})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "failed"
    assert "replaced by a newer upload" in client.get(detail(record)).text


def test_a_live_import_shows_no_interruption(client_for, trainee):
    from django.utils import timezone

    record = archive_import_start(user=trainee, files=[SimpleUploadedFile("a.zip", b"PK..")])
    ArchiveImport.objects.filter(pk=record.pk).update(
        status="running", claimed_at=timezone.now(), attempts=1
    )
    assert "interrupted" not in client_for(trainee).get(detail(record)).text
