"""Bad input gets a clear message and changes nothing; garbage parameters never give 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from scoring.models import Activity, SsiSnapshot

from .conftest import TODAY

pytestmark = pytest.mark.django_db

SNAPSHOT = {"brand": "10", "people": "10", "insights": "10", "relationships": "10"}


# --- Snapshots: dates and numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "0001-01-01", "did not exist before 2014"),
        ("date", "2013-12-31", "did not exist before 2014"),
        ("date", (TODAY + timedelta(days=2)).isoformat(), "cannot be after today"),
        ("date", "9999-12-31", "cannot be after today"),
        ("date", "2026-02-30", "Enter a valid date"),
        ("brand", "25.000001", "less than or equal to 25"),
        ("people", "-0.1", "greater than or equal to 0"),
        ("insights", "abc", "Enter a number"),
        ("industry_rank", "0", "greater than or equal to 1"),
        ("network_rank", "101", "less than or equal to 100"),
        ("industry_average", "100.01", "less than or equal to 100"),
    ],
)
def test_web_snapshot_refuses_bad_values(client_for, trainee, field, value, message):
    data = {"date": TODAY.isoformat(), **SNAPSHOT, "source": "typed", field: value}
    response = client_for(trainee).post(reverse("scoring:snapshot_new"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not SsiSnapshot.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "0001-01-01", "did not exist before 2014"),
        ("date", "9999-12-31", "cannot be after today"),
        ("brand", "26", "less than or equal to 25"),
        ("relationships", "-1", "greater than or equal to 0"),
        ("industry_rank", 0, "greater than or equal to 1"),
        ("network_rank", 101, "less than or equal to 100"),
    ],
)
def test_api_snapshot_refuses_bad_values(client_for, trainee, field, value, message):
    data = {"date": TODAY.isoformat(), **SNAPSHOT, field: value}
    response = client_for(trainee).post(
        reverse("api:snapshot-list"), data, content_type="application/json"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()["fields"][field])
    assert not SsiSnapshot.objects.exists()


def test_api_snapshot_date_message_is_translated(client_for, trainee):
    trainee.language = "it"
    trainee.save()
    data = {"date": "2001-01-01", **SNAPSHOT}
    response = client_for(trainee).post(
        reverse("api:snapshot-list"),
        data,
        content_type="application/json",
        headers={"accept-language": "it"},
    )
    assert response.status_code == 400
    with translation.override("it"):
        assert response.json()["fields"]["date"] == [
            "Il SSI di LinkedIn non esisteva prima del 2014: controlla la data."
        ]


def test_paste_refuses_a_page_dated_before_the_ssi(client_for, trainee):
    response = client_for(trainee).post(
        reverse("scoring:snapshot_paste"), {"text": "whatever", "date": "1999-01-01"}
    )
    assert response.status_code == 200
    assert "did not exist before 2014" in " ".join(response.context["form"].errors["date"])


@pytest.mark.parametrize("api", [False, True])
def test_a_snapshot_of_year_one_is_refused_and_the_dashboard_still_opens(client_for, trainee, api):
    # Once stored, a date this early broke the dashboard's date ranges (a 500 for good).
    web = client_for(trainee)
    data = {"date": date.min.isoformat(), **SNAPSHOT, "source": "typed"}
    if api:
        response = web.post(reverse("api:snapshot-list"), data, content_type="application/json")
    else:
        response = web.post(reverse("scoring:snapshot_new"), data)
    assert response.status_code == (400 if api else 200)
    assert not SsiSnapshot.objects.exists()
    assert web.get(reverse("accounts:dashboard")).status_code == 200


# --- Activities ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("occurred_on", "0001-01-01", "last twelve months only"),
        ("occurred_on", (TODAY - timedelta(days=367)).isoformat(), "last twelve months only"),
        ("occurred_on", "9999-12-31", "cannot be after today"),
        ("count", 0, "greater than or equal to 1"),
        ("count", 10_001, "less than or equal to 10000"),
        ("count", -5, "greater than or equal to"),
        ("kind", "hack", "is not a valid choice"),
        ("note", "x" * 501, "no more than 500 characters"),
    ],
)
def test_api_activity_refuses_bad_values(client_for, trainee, field, value, message):
    data = {"kind": "post", "occurred_on": TODAY.isoformat(), "count": 1, field: value}
    response = client_for(trainee).post(
        reverse("api:activity-list"), data, content_type="application/json"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()["fields"][field])
    assert not Activity.objects.exists()


def test_api_activity_date_messages_are_translated(client_for, trainee):
    trainee.language = "it"
    trainee.save()
    web = client_for(trainee)
    url = reverse("api:activity-list")
    old = web.post(
        url, {"kind": "post", "occurred_on": "2001-01-01"}, content_type="application/json"
    )
    # Too old and before LinkedIn: both rules speak, as on the web form.
    assert old.json()["fields"]["occurred_on"] == [
        "Registra solo le attività degli ultimi dodici mesi.",
        "LinkedIn non esisteva prima del 2003: controlla la data (1 gennaio 2001).",
    ]
    future = web.post(
        url, {"kind": "post", "occurred_on": "9999-01-01"}, content_type="application/json"
    )
    assert "la data non può essere successiva a oggi" in future.json()["fields"]["occurred_on"][0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("occurred_on", (TODAY - timedelta(days=367)).isoformat(), "last twelve months only"),
        ("occurred_on", "9999-12-31", "cannot be after today"),
        ("count", "0", "greater than or equal to 1"),
        ("count", "1001", "less than or equal to 1000"),
        ("words", "-1", "greater than or equal to 0"),
        ("note", "x" * 501, "at most 500 characters"),
    ],
)
def test_web_activity_refuses_bad_values(client_for, trainee, field, value, message):
    data = {"kind": "post", "occurred_on": TODAY.isoformat(), "count": "1", field: value}
    response = client_for(trainee).post(reverse("scoring:activity"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Activity.objects.exists()


# --- Profile and network counts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("api:profile-state", "endorsements_received"),
        ("api:profile-state", "skills_count"),
        ("api:network-state", "decision_makers"),
        ("api:network-state", "companies_followed"),
    ],
)
@pytest.mark.parametrize("value", [-1, "many", 1_000_001, 99_999_999_999])
def test_api_state_counts_are_bounded(client_for, trainee, url, field, value):
    response = client_for(trainee).patch(
        reverse(url), {field: value}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]


# --- Garbage in query strings ----------------------------------------------------------------

GARBAGE = ["abc", "-1", "1.5", "0x10", "99999999999999999999999", "%00", "1;DROP TABLE x", ""]


@pytest.mark.parametrize("value", GARBAGE)
@pytest.mark.parametrize(
    "name",
    [
        "api:snapshot-list",
        "api:activity-list",
        "api:estimate-list",
        "api:estimate-latest",
        "api:profile-state",
        "api:network-state",
        "api:coaching-plans",
        "api:coaching-plan-current",
        "api:coaching-outcomes",
        "api:coaching-target",
    ],
)
def test_a_garbage_trainee_parameter_is_404_not_500(client_for, coach, trainee, name, value):
    response = client_for(coach).get(reverse(name), {"trainee": value})
    # Empty means "myself": a coach has no data of their own, everything else is 404.
    assert response.status_code in ((200, 404) if value == "" else (404,))


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "abc", "offset": "-5"},
        {"limit": "-1"},
        {"limit": "99999999999999999999"},
        {"offset": "99999999999999999999"},
        {"offset": "abc"},
    ],
)
@pytest.mark.parametrize(
    "name",
    ["api:snapshot-list", "api:activity-list", "api:coaching-plans", "api:coaching-outcomes"],
)
def test_garbage_pagination_never_fails(client_for, trainee, name, query):
    response = client_for(trainee).get(reverse(name), query)
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("scoring:history", {"page": "abc"}),
        ("scoring:history", {"page": "-1"}),
        ("scoring:history", {"page": "99999999999999999999"}),
        ("scoring:charts", {"range": "<script>"}),
        ("accounts:dashboard", {"range": "1y' OR 1=1"}),
        ("coaching:catalogue", {"factor": "nope"}),
        ("scoring:snapshot_new", {"date": "not-a-date"}),
        ("api:coaching-task-templates", {"factor": "nope", "pillar": "nope"}),
    ],
)
def test_garbage_in_page_parameters_never_fails(client_for, trainee, name, query):
    assert client_for(trainee).get(reverse(name), query).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/plan/2026-13-01/",
        "/plan/0000-01-01/",
        "/plan/2026-02-30/outcomes/",
        "/ssi/99999999999999999999/edit/",
        "/api/v1/snapshots/99999999999999999999/",
        "/api/v1/archive-imports/99999999999999999999/",
        "/coach/trainees/99999999999999999999/",
    ],
)
def test_impossible_ids_and_dates_in_paths_are_404(client_for, trainee, path):
    assert client_for(trainee).get(path).status_code == 404


@pytest.mark.parametrize(
    ("url", "field", "value"),
    [
        ("scoring:profile", "endorsements_received", "1000001"),
        ("scoring:profile", "skills_count", "1001"),
        ("scoring:network", "companies_followed", "100001"),
        ("scoring:network", "pending_invitations", "99999999999"),
    ],
)
def test_web_state_counts_are_bounded(client_for, trainee, url, field, value):
    from scoring.models import NetworkState, ProfileState

    data = {"connections": "10", field: value}
    response = client_for(trainee).post(reverse(url), data)
    assert response.status_code == 200
    assert "less than or equal to" in " ".join(response.context["form"].errors[field])
    assert not ProfileState.objects.exists() and not NetworkState.objects.exists()


def test_plausible_state_counts_are_kept(client_for, trainee):
    response = client_for(trainee).patch(
        reverse("api:profile-state"),
        {"endorsements_received": 1_000_000, "skills_count": 100},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["endorsements_received"] == 1_000_000
