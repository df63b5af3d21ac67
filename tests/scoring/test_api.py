"""The scoring API: own data for trainees, read-only for their coaches, 404 for others."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from accounts.selectors import user_today
from scoring import services
from scoring.models import Activity, NetworkState, SsiSnapshot
from tests.api_status import ANONYMOUS
from tests.scoring.factories import ActivityFactory, SnapshotFactory

pytestmark = pytest.mark.django_db

PAGE_IT = (Path(__file__).parent / "pages" / "it_full.txt").read_text()


@pytest.fixture
def api():
    def login(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return login


def _snapshot(today, **extra):
    return {
        "date": today.isoformat(),
        "brand": "13.118002",
        "people": "10.5",
        "insights": "9.25",
        "relationships": "12",
        **extra,
    }


def test_trainee_snapshot_crud(api, trainee, today):
    client = api(trainee)
    created = client.post("/api/v1/snapshots/", _snapshot(today, industry_rank=5), format="json")
    assert created.status_code == 201, created.data
    assert created.data["total"] == "44.868002" and created.data["source"] == "api"
    again = client.post("/api/v1/snapshots/", _snapshot(today, brand="14"), format="json")
    # The day has an entry: refused with both figures, unless "replace" is sent.
    assert again.status_code == 409 and again.data["code"] == "day_taken"
    assert again.data["existing"]["id"] == created.data["id"]
    assert again.data["existing"]["total"] == "44.868002" and again.data["total"] == "45.750000"
    assert "Replace it with 45.75" in again.data["detail"]
    assert SsiSnapshot.objects.get().brand == Decimal("13.118002")
    replaced = client.post(
        "/api/v1/snapshots/", _snapshot(today, brand="14", replace=True), format="json"
    )
    assert replaced.status_code == 201 and replaced.data["id"] == created.data["id"]
    assert client.get("/api/v1/snapshots/").data["count"] == 1
    url = f"/api/v1/snapshots/{created.data['id']}/"
    patched = client.patch(url, {"people": "11"}, format="json")
    assert patched.status_code == 200 and patched.data["total"] == "46.250000"
    assert client.delete(url).status_code == 204
    assert not SsiSnapshot.objects.exists()


def test_snapshot_typed_total_is_checked(api, trainee, today):
    response = api(trainee).post(
        "/api/v1/snapshots/", _snapshot(today, typed_total="60"), format="json"
    )
    assert response.status_code == 400
    assert "add up to 44.87" in str(response.data)
    response = api(trainee).post(
        "/api/v1/snapshots/", _snapshot(today, brand="25.5"), format="json"
    )
    assert response.status_code == 400 and "brand" in response.data["fields"]


def test_paste_parse_returns_what_was_read(api, trainee):
    response = api(trainee).post("/api/v1/snapshots/parse/", {"text": PAGE_IT}, format="json")
    assert response.status_code == 200
    assert response.data["language"] == "it"
    assert response.data["brand"] == "16.820000" and response.data["industry_rank"] == 5
    assert response.data["industry_average"] == "27.00"
    # Which optional fields the page showed and which it did not, as on the web page.
    assert set(response.data["found"]) >= {"industry_rank", "industry_average"}
    assert set(response.data["found"]).isdisjoint(response.data["not_found"])
    assert response.data["message"].startswith("Found: ")
    assert not SsiSnapshot.objects.exists()
    bad = api(trainee).post("/api/v1/snapshots/parse/", {"text": "hello"}, format="json")
    assert bad.status_code == 400 and bad.data["code"] == "not_ssi"


def test_paste_parse_names_what_a_short_page_lacks(api, trainee):
    text = (
        "Social Selling Index\n42.5 out of 100\n"
        "Establish your professional brand 10.5\nFind the right people 11\n"
        "Engage with insights 9\nBuild relationships 12\n"
    )
    response = api(trainee).post("/api/v1/snapshots/parse/", {"text": text}, format="json")
    assert response.status_code == 200, response.data
    assert "industry_rank" in response.data["not_found"]
    assert "network_average" in response.data["not_found"]
    assert "Not found" in response.data["message"]


def test_activities_profile_network_and_estimates(api, trainee, django_capture_on_commit_callbacks):
    today = user_today(trainee)  # the recompute estimates the trainee's today
    client = api(trainee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/activities/",
            {"kind": "post", "occurred_on": today.isoformat(), "count": 3, "note": "launch"},
            format="json",
        )
        assert response.status_code == 201, response.data
        assert client.patch(
            "/api/v1/profile/", {"has_photo": True, "skills_count": 8}, format="json"
        ).data["completeness"] == round(2 / 11, 4)
        network = client.put(
            "/api/v1/network/", {"connections": 300, "decision_maker_share": "0.2"}, format="json"
        )
        assert network.status_code == 200 and network.data["source"] == "api"
    assert client.get("/api/v1/activities/").data["results"][0]["note"] == "launch"
    latest = client.get("/api/v1/estimates/latest/")
    assert latest.status_code == 200
    brand = next(p for p in latest.data["explanation"] if p["key"] == "brand")
    assert brand["name"] == "Establish your professional brand"
    posts = next(f for f in brand["factors"] if f["key"] == "posts_28d")
    assert posts["value"] == 3 and posts["label"] == "Posts (28 days)"
    availables = [f["available"] for f in brand["factors"]]
    assert availables == sorted(availables, reverse=True)
    listing = client.get("/api/v1/estimates/")
    assert listing.data["count"] >= 1 and "explanation" not in listing.data["results"][0]
    detail = client.get(f"/api/v1/estimates/{listing.data['results'][0]['id']}/")
    assert detail.data["model_version"] == 1 and detail.data["explanation"]


def test_coach_reads_trainee_but_cannot_write(api, coach, trainee, today):
    snapshot = SnapshotFactory(user=trainee, date=today)
    ActivityFactory(user=trainee, note="private thought")
    client = api(coach)
    listing = client.get(f"/api/v1/snapshots/?trainee={trainee.pk}")
    assert listing.status_code == 200 and listing.data["count"] == 1
    assert client.get(f"/api/v1/snapshots/{snapshot.pk}/").status_code == 200
    activities = client.get(f"/api/v1/activities/?trainee={trainee.pk}").data["results"]
    assert activities[0]["note"] == ""  # counts, not the trainee's own notes
    assert client.get(f"/api/v1/profile/?trainee={trainee.pk}").status_code == 200
    assert client.get(f"/api/v1/network/?trainee={trainee.pk}").status_code == 200
    assert client.patch(f"/api/v1/snapshots/{snapshot.pk}/", {"brand": "1"}).status_code == 403
    assert client.delete(f"/api/v1/snapshots/{snapshot.pk}/").status_code == 403
    assert client.post("/api/v1/snapshots/", _snapshot(today), format="json").status_code == 403
    put = client.put(f"/api/v1/network/?trainee={trainee.pk}", {"connections": 1}, format="json")
    assert put.status_code == 403
    assert (
        client.post(
            "/api/v1/activities/", {"kind": "post", "occurred_on": today.isoformat()}, format="json"
        ).status_code
        == 403
    )
    assert SsiSnapshot.objects.get(pk=snapshot.pk).brand == snapshot.brand
    assert not NetworkState.objects.exists()


@pytest.mark.parametrize("actor", ["other_coach", "other_trainee"])
def test_others_get_404(api, request, actor, trainee, today):
    snapshot = SnapshotFactory(user=trainee, date=today)
    activity = ActivityFactory(user=trainee)
    services.estimates_recompute(users=[trainee], today=today)
    client = api(request.getfixturevalue(actor))
    for url in (
        f"/api/v1/snapshots/?trainee={trainee.pk}",
        f"/api/v1/snapshots/{snapshot.pk}/",
        f"/api/v1/activities/?trainee={trainee.pk}",
        f"/api/v1/activities/{activity.pk}/",
        f"/api/v1/profile/?trainee={trainee.pk}",
        f"/api/v1/network/?trainee={trainee.pk}",
        f"/api/v1/estimates/?trainee={trainee.pk}",
        f"/api/v1/estimates/latest/?trainee={trainee.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.delete(f"/api/v1/snapshots/{snapshot.pk}/").status_code == 404
    assert client.delete(f"/api/v1/activities/{activity.pk}/").status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_anonymous_gets_nothing(client):
    for url in (
        "/api/v1/snapshots/",
        "/api/v1/activities/",
        "/api/v1/profile/",
        "/api/v1/estimates/",
    ):
        assert client.get(url).status_code == ANONYMOUS


@pytest.mark.parametrize("rows", [2, 40])
def test_list_endpoints_query_count_does_not_grow(
    api, trainee, today, rows, django_assert_num_queries
):
    for i in range(rows):
        SnapshotFactory(user=trainee, date=today - timedelta(days=i))
        ActivityFactory(user=trainee, occurred_on=today - timedelta(days=i))
        services.estimates_recompute(users=[trainee], today=today - timedelta(days=i))
    client = api(trainee)
    # count + page, for each list
    for url in ("/api/v1/snapshots/", "/api/v1/activities/", "/api/v1/estimates/"):
        with django_assert_num_queries(2):
            assert client.get(url).status_code == 200


def test_coach_list_query_count(api, coach, trainee, today, django_assert_num_queries):
    for i in range(5):
        SnapshotFactory(user=trainee, date=today - timedelta(days=i))
    client = api(coach)
    # trainee_for_viewer, count, page
    with django_assert_num_queries(3):
        client.get(f"/api/v1/snapshots/?trainee={trainee.pk}")


def test_schema_generates_without_warnings():
    from django.core.management import call_command

    # Raises on any warning or validation error of the whole schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_future_dates_are_refused(api, trainee):
    from datetime import date

    future = (date.today() + timedelta(days=3)).isoformat()
    client = api(trainee)
    response = client.post(
        "/api/v1/snapshots/", _snapshot(date.today(), date=future), format="json"
    )
    assert response.status_code == 400 and "date" in response.data["fields"]
    response = client.post(
        "/api/v1/activities/", {"kind": "post", "occurred_on": future}, format="json"
    )
    assert response.status_code == 400 and "occurred_on" in response.data["fields"]
    assert not SsiSnapshot.objects.exists() and not Activity.objects.exists()
