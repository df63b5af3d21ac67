"""The trainee's data export: what it holds, what it never holds, and who may have it."""

import csv
import io
import json
import tracemalloc
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching import services as coaching_services
from coaching.models import NoteVisibility
from privacy import export
from scoring import services as scoring_services
from scoring.models import Activity, ArchiveImport, NetworkState, ProfileState
from tests.scoring.factories import ActivityFactory, SnapshotFactory

from .conftest import TODAY, response_bytes, unzip

pytestmark = pytest.mark.django_db


def _csv(archive, name):
    raw = archive.read(f"{name}.csv")
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv has no byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _json(archive, name):
    return json.loads(archive.read(f"{name}.json"))


@pytest.fixture
def history(trainee, coach, frozen):
    """A trainee with a bit of everything, and a coach's private and shared notes."""
    for back in range(3):
        SnapshotFactory(user=trainee, date=TODAY - timedelta(days=back))
    ActivityFactory(user=trainee, occurred_on=TODAY, kind="comment", count=2, note="=1+2")
    ActivityFactory(user=trainee, occurred_on=TODAY, kind="post", note="@mention, -dash")
    scoring_services.estimates_recompute(users=[trainee], today=TODAY)
    ProfileState.objects.create(user=trainee, has_photo=True, skills_count=12)
    NetworkState.objects.create(user=trainee, connections=345)
    plan = coaching_services.plan_generate(user=trainee, today=TODAY)
    coaching_services.outcome_record(
        user=trainee,
        week_start=plan.week_start,
        meetings_booked=2,
        opportunities_created=1,
        deals_won=0,
    )
    coaching_services.note_create(
        author=coach, trainee=trainee, body="PRIVATE coach thought", visibility="private"
    )
    coaching_services.note_create(
        author=coach,
        trainee=trainee,
        body="Shared: well done this week",
        visibility=NoteVisibility.SHARED,
    )
    ArchiveImport.objects.create(
        user=trainee,
        original_name="Basic_LinkedInDataExport.zip",
        status="done",
        counts={"post": 3},
    )
    return trainee


def test_the_zip_holds_every_kind_of_data_of_the_trainee(client_for, history):
    response = client_for(history).post(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    archive = unzip(response_bytes(response))
    names = set(archive.namelist())
    for table in export.TABLES:
        assert {f"{table.name}.csv", f"{table.name}.json"} <= names
    assert {"README.txt", "account.json", "profile_facts.json", "network_facts.json"} <= names

    snapshots = _csv(archive, "snapshots")
    assert [row["date"] for row in snapshots] == [
        (TODAY - timedelta(days=d)).isoformat() for d in (2, 1, 0)
    ]
    assert snapshots[0]["brand"] == "13.118002"
    assert _json(archive, "snapshots")[0]["brand"] == pytest.approx(13.118002)
    assert len(_csv(archive, "activities")) == 2
    estimates = _json(archive, "estimates")
    assert len(estimates) == 1 and "pillars" in estimates[0]["explanation"]
    assert "explanation" not in _csv(archive, "estimates")[0]
    assert len(_csv(archive, "tasks")) > 0 and _csv(archive, "tasks")[0]["title"]
    assert len(_csv(archive, "plans")) == 1
    assert _csv(archive, "outcomes")[0]["meetings_booked"] == "2"
    assert _csv(archive, "archive_imports")[0]["counts"] == '{"post": 3}'
    account = _json(archive, "account")
    assert account["email"] == history.email
    assert account["preferences"]["email_daily_digest"] is True  # notification preferences
    assert account["cohorts"][0]["cohort"] == "Acme Sales"
    assert _json(archive, "profile_facts")["skills_count"] == 12
    assert _json(archive, "network_facts")["connections"] == 345


def test_only_shared_notes_leave_never_a_coachs_private_one(client_for, history):
    content = response_bytes(client_for(history).post(reverse("privacy:export")))
    archive = unzip(content)
    notes = _csv(archive, "coach_notes_shared")
    assert [n["note"] for n in notes] == ["Shared: well done this week"]
    assert notes[0]["coach"].startswith("Carla")
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"PRIVATE coach thought" not in everything


def test_csv_text_that_would_be_a_formula_is_neutralised(client_for, history):
    archive = unzip(response_bytes(client_for(history).post(reverse("privacy:export"))))
    notes = sorted(row["note"] for row in _csv(archive, "activities"))
    assert notes == ["'=1+2", "'@mention, -dash"]
    # The JSON file keeps the text exactly as written.
    assert sorted(row["note"] for row in _json(archive, "activities")) == [
        "=1+2",
        "@mention, -dash",
    ]


def test_another_trainee_gets_their_own_data_and_nothing_of_the_trainee(
    client_for, history, other_trainee
):
    SnapshotFactory(user=other_trainee, date=TODAY)
    archive = unzip(response_bytes(client_for(other_trainee).post(reverse("privacy:export"))))
    assert _json(archive, "account")["email"] == other_trainee.email
    assert len(_csv(archive, "snapshots")) == 1
    assert _csv(archive, "activities") == []
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Tina" not in everything and b'"trainee@example.com' not in everything
    assert b"Shared: well done" not in everything


def test_a_get_never_builds_an_export(client_for, trainee):
    assert client_for(trainee).get(reverse("privacy:export")).status_code == 405


def test_anonymous_is_sent_to_login(client):
    for name in ("privacy:export", "privacy:delete"):
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("actor", ["coach", "staff"])
def test_coaches_and_staff_have_no_trainee_export(request, client_for, actor):
    user = request.getfixturevalue(actor)
    assert client_for(user).post(reverse("privacy:export")).status_code == 404


def test_the_settings_page_offers_the_export_as_a_post_and_links_the_deletion(client_for, trainee):
    html = client_for(trainee).get(reverse("accounts:settings")).content.decode()
    assert f'method="post" action="{reverse("privacy:export")}"' in html
    assert f'href="{reverse("privacy:delete")}"' in html


def _bulk_activities(user, count):
    Activity.objects.bulk_create(
        Activity(
            user=user,
            kind="reaction",
            occurred_on=TODAY - timedelta(days=i % 365),
            count=1,
            note="a note of some length to make each row weigh something",
            source="import",
            external_key=f"bulk:{i}",
        )
        for i in range(count)
    )


def _peak_export_memory(user):
    with open("/dev/null", "wb") as sink:
        tracemalloc.start()
        export.data_export_write(user=user, target=sink)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_memory_and_queries_do_not_grow_with_the_history(trainee, other_trainee, frozen):
    """A year of activity: the export reads it in chunks, so eight times the rows take
    about the same memory and exactly the same queries."""
    _bulk_activities(trainee, 2 * export.CHUNK)
    _bulk_activities(other_trainee, 16 * export.CHUNK)
    small, large = _peak_export_memory(trainee), _peak_export_memory(other_trainee)
    assert large < small * 1.5, (small, large)
    with open("/dev/null", "wb") as sink, CaptureQueriesContext(connection) as few:
        export.data_export_write(user=trainee, target=sink)
    with open("/dev/null", "wb") as sink, CaptureQueriesContext(connection) as many:
        export.data_export_write(user=other_trainee, target=sink)
    # Server-side cursors fetch more often for more rows, but issue the same statements.
    statements = lambda queries: [q["sql"].split(" WHERE ")[0] for q in queries]  # noqa: E731
    assert len(set(statements(many.captured_queries))) == len(set(statements(few.captured_queries)))
