"""A trainee (or coach) who makes a mistake: every impossible input is refused or flagged
with a clear message, through the web and the API, and nothing changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.selectors import user_today
from coaching import selectors as coaching_selectors
from coaching import services as coaching_services
from coaching.models import Outcome, Task, TaskStatus
from scoring import services
from scoring.archive.services import archive_import_run, archive_import_start
from scoring.models import Activity, ArchiveImport, NetworkState, ProfileState, SsiSnapshot
from tests.scoring.archive import generator as gen
from tests.scoring.factories import ActivityFactory, SnapshotFactory

pytestmark = pytest.mark.django_db

PILLARS = {"brand": "10", "people": "10", "insights": "10", "relationships": "10"}
ZERO = {"brand": "0", "people": "0", "insights": "0", "relationships": "0"}


@pytest.fixture
def today(trainee):
    return user_today(trainee)


@pytest.fixture
def web(client_for, trainee):
    return client_for(trainee)


def _api_post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _fingerprint(user):
    return (
        list(SsiSnapshot.objects.filter(user=user).values_list("date", "total").order_by("date")),
        Activity.objects.filter(user=user).count(),
        list(NetworkState.objects.filter(user=user).values()),
        list(ProfileState.objects.filter(user=user).values()),
    )


# --- An all-zero SSI: confirm first ----------------------------------------------------------


def test_web_all_zero_ssi_asks_first_then_saves(web, trainee, today):
    url = reverse("scoring:snapshot_new")
    asked = web.post(url, {"date": today.isoformat(), "source": "typed", **ZERO})
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "All four pillars are 0" in html and 'name="confirm_zero" value="1"' in html
    assert not SsiSnapshot.objects.exists()
    web.post(url, {"date": today.isoformat(), "source": "typed", "confirm_zero": "1", **ZERO})
    assert SsiSnapshot.objects.get(user=trainee).total == 0


def test_api_all_zero_ssi_needs_confirm_zero(web, trainee, today):
    url = reverse("api:snapshot-list")
    refused = _api_post(web, url, {"date": today.isoformat(), **ZERO})
    assert refused.status_code == 400
    assert "All four pillars are 0" in refused.json()["fields"]["confirm_zero"][0]
    assert not SsiSnapshot.objects.exists()
    saved = _api_post(web, url, {"date": today.isoformat(), "confirm_zero": True, **ZERO})
    assert saved.status_code == 201


# --- A day that already has an official SSI ----------------------------------------------------


def test_web_moving_a_snapshot_onto_a_taken_day_shows_both_and_changes_nothing(web, trainee, today):
    yesterday = today - timedelta(days=1)
    moving = SnapshotFactory(user=trainee, date=today, brand=Decimal("20"))
    SnapshotFactory(user=trainee, date=yesterday)
    before = _fingerprint(trainee)
    url = reverse("scoring:snapshot_edit", args=[moving.pk])
    form = {"date": yesterday.isoformat(), "source": "typed", **PILLARS}
    asked = web.post(url, form)
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "You already recorded an SSI of 44.87" in html
    assert "Already recorded" in html and "What you typed now" in html
    assert _fingerprint(trainee) == before  # nothing deleted, nothing moved
    web.post(url, form | {"replace": "1"})
    assert list(SsiSnapshot.objects.filter(user=trainee).values_list("date", "total")) == [
        (yesterday, Decimal("40"))
    ]


def test_api_moving_a_snapshot_onto_a_taken_day_is_a_409(web, trainee, today):
    yesterday = today - timedelta(days=1)
    moving = SnapshotFactory(user=trainee, date=today)
    other = SnapshotFactory(user=trainee, date=yesterday)
    before = _fingerprint(trainee)
    url = reverse("api:snapshot-detail", args=[moving.pk])
    refused = web.patch(url, {"date": yesterday.isoformat()}, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["existing"]["id"] == other.pk
    assert "Replace it with" in refused.json()["detail"]
    assert _fingerprint(trainee) == before
    moved = web.patch(
        url, {"date": yesterday.isoformat(), "replace": True}, content_type="application/json"
    )
    assert moved.status_code == 200 and SsiSnapshot.objects.filter(user=trainee).count() == 1


# --- Dates before LinkedIn, or after today ----------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "body", "field", "message"),
    [
        ("scoring:activity", {"kind": "post", "count": "1"}, "occurred_on", None),
        (
            "scoring:profile",
            {
                "summary_length": "0",
                "past_positions": "0",
                "skills_count": "0",
                "endorsements_received": "0",
                "recommendations_received": "0",
                "certifications": "0",
            },
            "profile_updated_on",
            None,
        ),
    ],
)
@pytest.mark.parametrize(
    ("value", "expected"),
    [("2099-01-01", "cannot be after today"), ("1990-05-01", "LinkedIn did not exist before 2003")],
)
def test_web_refuses_dates_before_linkedin_or_after_today(
    web, trainee, url_name, body, field, message, value, expected
):
    before = _fingerprint(trainee)
    response = web.post(reverse(url_name), body | {field: value})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert _fingerprint(trainee) == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2999-01-01", "cannot be after today"), ("1999-12-31", "LinkedIn did not exist before 2003")],
)
def test_api_refuses_profile_update_dates_out_of_range(web, trainee, value, expected):
    before = _fingerprint(trainee)
    response = web.patch(
        reverse("api:profile-state"), {"profile_updated_on": value}, content_type="application/json"
    )
    assert response.status_code == 400
    assert expected in response.json()["fields"]["profile_updated_on"][0]
    assert _fingerprint(trainee) == before


def test_a_date_in_the_trainees_own_future_is_refused_by_the_service(trainee, today):
    # The form allows tomorrow on the server's clock (time zones); the service knows the
    # trainee's own today.
    with pytest.raises(Exception, match="cannot be after today"):
        services.activity_log(user=trainee, kind="post", occurred_on=today + timedelta(days=1))


# --- Counts no one reaches in a day -----------------------------------------------------------


def test_web_refuses_a_thousand_comments_in_one_day(web, trainee, today):
    response = web.post(
        reverse("scoring:activity"),
        {"kind": "comment", "occurred_on": today.isoformat(), "count": "1000"},
    )
    assert "more than anyone does (at most 200 a day)" in response.content.decode()
    assert not Activity.objects.exists()


def test_api_refuses_a_thousand_comments_and_counts_what_the_day_holds(web, trainee, today):
    ActivityFactory(user=trainee, kind="comment", occurred_on=today, count=150)
    response = _api_post(
        web,
        reverse("api:activity-list"),
        {"kind": "comment", "occurred_on": today.isoformat(), "count": 60},
    )
    assert response.status_code == 400
    assert "210 of “Comment” in one day" in response.json()["fields"]["count"][0]
    assert Activity.objects.count() == 1
    ok = _api_post(
        web,
        reverse("api:activity-list"),
        {"kind": "comment", "occurred_on": today.isoformat(), "count": 50},
    )
    assert ok.status_code == 201


# --- Network parts above their whole; shares from counts ----------------------------------------

NETWORK = {
    "connections": "454",
    "decision_makers": "40",
    "decision_maker_share": "",
    "target_market_share": "20",
    "coworker_connections": "9000",
    "pending_invitations": "0",
    "acceptance_rate": "",
    "companies_followed": "0",
}


def test_web_refuses_more_colleagues_than_connections(web, trainee):
    response = web.post(reverse("scoring:network"), NETWORK)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Connections at your company (9000) cannot be more than your connections (454)" in html
    assert not NetworkState.objects.exists()


def test_api_refuses_more_colleagues_than_connections(web, trainee):
    services.network_state_update(user=trainee, connections=454, recompute=False)
    before = _fingerprint(trainee)
    response = web.patch(
        reverse("api:network-state"),
        {"coworker_connections": 9000},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (
        "cannot be more than your connections (454)"
        in response.json()["fields"]["coworker_connections"][0]
    )
    assert _fingerprint(trainee) == before


def test_api_share_follows_the_counts_when_both_are_known(web, trainee):
    response = web.put(
        reverse("api:network-state"),
        {"connections": 500, "decision_makers": 100, "decision_maker_share": "0.67"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["decision_maker_share"] == "0.2000"


# --- Targets: not in the past, not above 100 ---------------------------------------------------


def test_web_trainee_target_in_the_past_is_refused(web, trainee):
    response = web.post(
        reverse("coaching:target"), {"target_ssi": "60", "target_date": "2020-06-30"}
    )
    assert "has already passed" in response.content.decode()
    membership = trainee.memberships.get()
    assert membership.target_date is None and membership.target_ssi is None


def test_web_coach_target_in_the_past_is_refused(client_for, coach, trainee):
    response = client_for(coach).post(
        reverse("coaching:coach_trainee_target", args=[trainee.pk]),
        {"target_ssi": "60", "target_date": "2019-01-31"},
        follow=True,
    )
    assert "has already passed" in response.content.decode()
    assert trainee.memberships.get().target_date is None


@pytest.mark.parametrize(
    ("body", "field", "expected"),
    [
        ({"target_ssi": 60, "target_date": "2020-06-30"}, "target_date", "has already passed"),
        ({"target_ssi": 101, "target_date": None}, "target_ssi", "100"),
    ],
)
def test_api_targets_in_the_past_or_above_100_are_refused(
    client_for, trainee, coach, body, field, expected
):
    for actor, suffix in ((trainee, ""), (coach, f"?trainee={trainee.pk}")):
        response = client_for(actor).put(
            reverse("api:coaching-target") + suffix, body, content_type="application/json"
        )
        assert response.status_code == 400, actor
        assert expected in str(response.json()["fields"][field])
    membership = trainee.memberships.get()
    assert (membership.target_ssi, membership.target_date) == (None, None)


def test_a_passed_target_already_on_record_can_stay(trainee, today):
    membership = trainee.memberships.get()
    membership.target_date = today - timedelta(days=30)
    membership.save()
    coaching_services.target_set(
        actor=trainee, trainee=trainee, target_ssi=70, target_date=membership.target_date
    )
    membership.refresh_from_db()
    assert membership.target_ssi == 70


# --- Deals above opportunities: saved, with a warning --------------------------------------------


def test_more_deals_than_opportunities_is_saved_with_a_warning(web, trainee, today):
    week = coaching_services.week_start_of(today)
    response = web.post(
        reverse("coaching:outcome_save", args=[week]),
        {"meetings_booked": "2", "opportunities_created": "1", "deals_won": "5"},
        follow=True,
    )
    assert "You logged 5 deals won but only 1 opportunities" in response.content.decode()
    assert Outcome.objects.get(user=trainee).deals_won == 5
    api = _api_post(
        web,
        reverse("api:coaching-outcomes"),
        {
            "week_start": week.isoformat(),
            "meetings_booked": 0,
            "opportunities_created": 1,
            "deals_won": 5,
        },
    )
    assert api.status_code == 201
    assert "5 deals won but only 1 opportunities" in api.json()["warnings"][0]


# --- Character counts as the user sees them -------------------------------------------------------


def test_keywords_with_crlf_line_breaks_count_as_typed(web, trainee):
    from accounts.models import TARGET_KEYWORDS_MAX_LENGTH

    lines = TARGET_KEYWORDS_MAX_LENGTH // 10
    typed = "\r\n".join(["keyword-x"] * lines)  # 10 characters a line as the browser counts
    assert len(typed.replace("\r\n", "\n")) == TARGET_KEYWORDS_MAX_LENGTH - 1
    response = web.post(
        reverse("accounts:settings"),
        {
            "first_name": "Tina",
            "last_name": "Trainee",
            "language": "en",
            "time_zone": "Europe/Rome",
            "working_days": ["0", "1", "2", "3", "4"],
            "weekly_minutes": "120",
            "target_keywords": typed,
            "reminder_hour": "8",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    trainee.refresh_from_db()
    assert trainee.target_keywords == typed.replace("\r\n", "\n"), response.content.decode()[:2000]
    api = web.patch(
        reverse("api:me"), {"target_keywords": typed + "\r\n"}, content_type="application/json"
    )
    assert api.status_code == 200, api.json()
    too_long = web.patch(
        reverse("api:me"), {"target_keywords": typed + "\r\nab"}, content_type="application/json"
    )
    assert too_long.status_code == 400
    assert f"no more than {TARGET_KEYWORDS_MAX_LENGTH}" in str(too_long.json())


# --- Streaks and tasks of future days ------------------------------------------------------------


def test_seven_days_of_logged_activity_keep_a_streak(trainee, today):
    for age in range(7):
        ActivityFactory(user=trainee, kind="comment", occurred_on=today - timedelta(days=age))
    trainee.working_days = [0, 1, 2, 3, 4, 5, 6]
    trainee.save()
    assert coaching_selectors.streak_of(trainee, today).current == 7


def test_a_future_task_cannot_be_ticked_through_the_api(web, trainee, today):
    plan = coaching_services.plan_generate(user=trainee, today=today)
    task = plan.tasks.first()
    Task.objects.filter(pk=task.pk).update(due_date=today + timedelta(days=10))
    response = _api_post(web, reverse("api:coaching-task-complete", args=[task.pk]), {})
    assert response.status_code == 400
    assert "tick it on that day or later, not before" in str(response.json())
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    assert not Activity.objects.filter(user=trainee).exists()


# --- Archive imports: no stock value lowered silently, no stale share ----------------------------


def _connections_csv(rows: list[tuple[str, str]]) -> bytes:
    lines = [gen.PREAMBLE + "First Name,Last Name,Email Address,Company,Position,Connected On"]
    for i, (company, position) in enumerate(rows):
        lines.append(f"Person,Number{i},,{company},{position},09 Sep 2022")
    return ("\n".join(lines) + "\n").encode()


def _import(user, data: bytes, today) -> ArchiveImport:
    record = archive_import_start(
        user=user, files=[SimpleUploadedFile("Connections.csv", data, content_type="text/csv")]
    )
    return archive_import_run(import_id=record.pk, today=today)  # type: ignore[return-value]


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def test_an_archive_with_far_fewer_connections_keeps_the_known_ones_until_confirmed(
    _media, web, trainee, today
):
    services.network_state_update(
        user=trainee, connections=454, decision_makers=120, coworker_connections=30, recompute=False
    )
    record = _import(trainee, _connections_csv([("Acme", "Engineer")] * 40), today)
    assert record.status == "done"
    network = NetworkState.objects.get(user=trainee)
    assert (network.connections, network.decision_makers) == (454, 120)
    page = web.get(reverse("scoring:archive_import_detail", args=[record.pk])).content.decode()
    assert "lists 40 connections, far fewer than the 454 already known" in page
    assert "Use the archive&#x27;s figure" in page or "Use the archive's figure" in page
    web.post(
        reverse("scoring:archive_import_accept", args=[record.pk]),
        {"code": "stock_kept_connections"},
    )
    network.refresh_from_db()
    assert (network.connections, network.decision_makers) == (40, 0)
    assert network.decision_maker_share == 0  # no stale share beside a count of 0
    page = web.get(reverse("scoring:archive_import_detail", args=[record.pk])).content.decode()
    assert "You confirmed the archive&#x27;s figure: 40 instead of 454" in page


def test_another_trainee_cannot_confirm_someone_elses_import(
    _media, client_for, trainee, other_trainee, today
):
    services.network_state_update(user=trainee, connections=454, recompute=False)
    record = _import(trainee, _connections_csv([("Acme", "Engineer")] * 40), today)
    response = client_for(other_trainee).post(
        reverse("scoring:archive_import_accept", args=[record.pk]),
        {"code": "stock_kept_connections"},
    )
    assert response.status_code == 404
    assert NetworkState.objects.get(user=trainee).connections == 454


def test_an_archive_without_titles_leaves_no_stale_share(_media, trainee, today):
    services.network_state_update(
        user=trainee,
        connections=3,
        decision_makers=2,
        decision_maker_share=Decimal("0.67"),
        recompute=False,
    )
    record = _import(trainee, _connections_csv([("Acme", "")] * 3), today)
    assert record.status == "done"
    network = NetworkState.objects.get(user=trainee)
    assert network.decision_makers == 0 and network.decision_maker_share == 0


def test_a_confirmed_smaller_network_never_leaves_a_part_above_it(_media, web, trainee, today):
    services.network_state_update(
        user=trainee, connections=454, coworker_connections=100, recompute=False
    )
    record = _import(trainee, _connections_csv([("Acme", "Engineer")] * 40), today)
    web.post(
        reverse("scoring:archive_import_accept", args=[record.pk]),
        {"code": "stock_kept_connections"},
    )
    network = NetworkState.objects.get(user=trainee)
    assert network.connections == 40 and network.coworker_connections <= 40
