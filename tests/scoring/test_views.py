"""Trainee pages, the dashboard panel and the coach's read-only view."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from scoring import services
from scoring.models import Activity, Estimate, NetworkState, ProfileState, SsiSnapshot
from tests.scoring.factories import ActivityFactory, SnapshotFactory

pytestmark = pytest.mark.django_db

PAGE_EN = (Path(__file__).parent / "pages" / "en_full.txt").read_text()
PILLARS = {"brand": "13.118002", "people": "10,5", "insights": "9.25", "relationships": "12"}


def _form(**extra):
    return {"date": date.today().isoformat(), "source": "typed", **PILLARS, **extra}


# --- Recording ------------------------------------------------------------------------------


def test_record_ssi_form_saves_and_replaces_the_same_day(client_for, trainee):
    client = client_for(trainee)
    assert client.get(reverse("scoring:snapshot_new")).status_code == 200
    response = client.post(reverse("scoring:snapshot_new"), _form(industry_rank=7))
    assert response.status_code == 302
    snapshot = SsiSnapshot.objects.get(user=trainee)
    assert snapshot.people == Decimal("10.5")  # a comma works as decimal separator
    assert snapshot.total == Decimal("44.868002") and snapshot.industry_rank == 7
    # The same day again: both entries are shown and nothing changes until confirmed.
    asked = client.post(reverse("scoring:snapshot_new"), _form(brand="14"))
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "You already recorded an SSI of 44.87" in html and "Replace it with 45.75?" in html
    assert "Already recorded" in html and 'name="replace" value="1"' in html
    assert SsiSnapshot.objects.get(user=trainee).brand == Decimal("13.118002")
    client.post(reverse("scoring:snapshot_new"), _form(brand="14", replace="1"))
    assert SsiSnapshot.objects.get(user=trainee).brand == Decimal(14)


def test_record_ssi_says_when_typed_total_differs_from_pillar_sum(client_for, trainee):
    response = client_for(trainee).post(reverse("scoring:snapshot_new"), _form(total="50"))
    assert response.status_code == 200
    assert "add up to 44.87, but you typed a total of 50.00" in response.content.decode()
    assert not SsiSnapshot.objects.exists()


def test_record_ssi_refuses_pillar_above_25(client_for, trainee):
    response = client_for(trainee).post(reverse("scoring:snapshot_new"), _form(brand="26"))
    assert response.status_code == 200
    assert not SsiSnapshot.objects.exists()
    assert b"has-error" in response.content


def test_paste_shows_what_was_read_and_saves_nothing_until_confirmed(client_for, trainee):
    client = client_for(trainee)
    response = client.post(
        reverse("scoring:snapshot_paste"), {"text": PAGE_EN, "date": date.today().isoformat()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="18.41"' in html and 'value="pasted"' in html
    assert "Top 5%" in html and "Top 8%" in html
    assert not SsiSnapshot.objects.exists()
    form = {
        "date": date.today().isoformat(),
        "brand": "18.41",
        "people": "15.06",
        "insights": "14.29",
        "relationships": "19.5",
        "total": "67",
        "industry_rank": "5",
        "network_rank": "8",
        "industry_average": "31",
        "network_average": "28",
        "source": "pasted",
    }
    assert client.post(reverse("scoring:snapshot_new"), form).status_code == 302
    snapshot = SsiSnapshot.objects.get(user=trainee)
    assert snapshot.source == "pasted" and snapshot.total == Decimal("67.26")


def test_paste_of_a_bad_text_says_what_is_missing_and_saves_nothing(client_for, trainee):
    text = "Establish your professional brand\n13.12\nFind the right people\n9.5"
    response = client_for(trainee).post(
        reverse("scoring:snapshot_paste"), {"text": text, "date": date.today().isoformat()}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Engage with insights" in html and "Build relationships" in html
    assert "Nothing was saved" in html
    assert not SsiSnapshot.objects.exists()


def test_paste_error_in_italian(client_for, trainee):
    trainee.language = "it"
    trainee.save()
    response = client_for(trainee).post(
        reverse("scoring:snapshot_paste"), {"text": "hello", "date": date.today().isoformat()}
    )
    assert "Non sembra la pagina SSI di LinkedIn" in response.content.decode()


def test_history_edit_and_delete(client_for, trainee, today):
    client = client_for(trainee)
    snapshot = SnapshotFactory(user=trainee, date=today)
    response = client.get(reverse("scoring:history"))
    assert reverse("scoring:snapshot_edit", args=[snapshot.pk]) in response.content.decode()
    response = client.post(
        reverse("scoring:snapshot_edit", args=[snapshot.pk]),
        _form(date=today.isoformat(), brand="1"),
    )
    assert response.status_code == 302
    snapshot.refresh_from_db()
    assert snapshot.brand == Decimal(1)
    assert client.get(reverse("scoring:snapshot_delete", args=[snapshot.pk])).status_code == 200
    client.post(reverse("scoring:snapshot_delete", args=[snapshot.pk]))
    assert not SsiSnapshot.objects.exists()


def test_trainee_cannot_touch_someone_elses_snapshot(client_for, trainee, other_trainee, today):
    theirs = SnapshotFactory(user=other_trainee, date=today)
    client = client_for(trainee)
    assert client.get(reverse("scoring:snapshot_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("scoring:snapshot_delete", args=[theirs.pk])).status_code == 404
    assert SsiSnapshot.objects.filter(pk=theirs.pk).exists()


# --- Signals --------------------------------------------------------------------------------


def test_log_activity_updates_the_estimate(client_for, trainee, django_capture_on_commit_callbacks):
    client = client_for(trainee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("scoring:activity"),
            {
                "kind": "comment",
                "occurred_on": date.today().isoformat(),
                "count": "4",
                "words": "20",
            },
        )
    assert response.status_code == 302
    assert Activity.objects.get(user=trainee).count == 4
    assert Estimate.objects.get(user=trainee).result().factor("comments_28d").value == 4
    page = client.get(reverse("scoring:activity")).content.decode()
    assert "Comment \u00d7 4" in page


def test_activity_in_the_future_is_refused(client_for, trainee):
    response = client_for(trainee).post(
        reverse("scoring:activity"),
        {"kind": "post", "occurred_on": (date.today() + timedelta(days=5)).isoformat(), "count": 1},
    )
    assert response.status_code == 200 and not Activity.objects.exists()


def test_profile_checklist_and_network_facts(client_for, trainee):
    client = client_for(trainee)
    response = client.post(
        reverse("scoring:profile"),
        {
            "has_photo": "on",
            "summary_length": "350",
            "past_positions": "2",
            "skills_count": "7",
            "endorsements_received": "3",
            "recommendations_received": "0",
            "certifications": "0",
        },
    )
    assert response.status_code == 302
    state = ProfileState.objects.get(user=trainee)
    assert state.has_photo and not state.has_banner and state.summary_length == 350
    assert "Checklist done: 36%" in client.get(reverse("scoring:profile")).content.decode()
    response = client.post(
        reverse("scoring:network"),
        {
            "connections": "420",
            "decision_makers": "60",
            "decision_maker_share": "14.5",
            "target_market_share": "40",
            "coworker_connections": "12",
            "pending_invitations": "3",
            "acceptance_rate": "",
            "companies_followed": "5",
        },
    )
    assert response.status_code == 302
    network = NetworkState.objects.get(user=trainee)
    # Both counts are known, so the share is theirs (60 of 420), not the typed 14.5%.
    assert network.decision_maker_share == Decimal("0.1429")
    assert network.acceptance_rate is None
    assert 'value="14.29"' in client.get(reverse("scoring:network")).content.decode()


def test_network_refuses_more_decision_makers_than_connections(client_for, trainee):
    response = client_for(trainee).post(
        reverse("scoring:network"),
        {
            "connections": "10",
            "decision_makers": "60",
            "coworker_connections": "0",
            "pending_invitations": "0",
            "companies_followed": "0",
        },
    )
    assert response.status_code == 200 and not NetworkState.objects.exists()


# --- Dashboard, charts, why ---------------------------------------------------------------


def test_dashboard_empty_state_says_what_to_do_first(client_for, trainee):
    html = client_for(trainee).get(reverse("accounts:dashboard")).content.decode()
    assert "No SSI recorded yet." in html
    assert reverse("scoring:snapshot_paste") in html


def test_dashboard_shows_latest_changes_pillars_ranks_estimate_and_charts(
    client_for, trainee, today
):
    SnapshotFactory(user=trainee, date=today - timedelta(days=30), brand=Decimal(5))
    SnapshotFactory(user=trainee, date=today - timedelta(days=7), brand=Decimal(10))
    SnapshotFactory(user=trainee, date=today, brand=Decimal(12), industry_rank=5, network_rank=9)
    ActivityFactory(user=trainee, kind="post", occurred_on=today, count=3)
    services.estimates_recompute(users=[trainee], today=today)
    html = client_for(trainee).get(reverse("accounts:dashboard")).content.decode()
    assert "43.75" in html  # 12 + 10.5 + 9.25 + 12
    assert "+2.00" in html and "+7.00" in html  # 7- and 30-day changes
    assert "Establish your professional brand" in html and "Build relationships" in html
    assert "Top 5%" in html and "Top 9%" in html
    assert "model v1" in html
    assert '<svg class="line-chart"' in html and 'class="series series-official"' in html
    assert "Show the numbers as a table" in html
    assert "<script" not in html.split("</head>")[1]  # nothing inline under the strict CSP
    assert ' style="' not in html


def test_dashboard_pillar_names_in_italian(client_for, trainee, today):
    trainee.language = "it"
    trainee.save()
    SnapshotFactory(user=trainee, date=today)
    html = client_for(trainee).get(reverse("accounts:dashboard")).content.decode()
    for name in (
        "Stabilire un brand professionale",
        "Trovare le persone giuste",
        "Interagire con le informazioni rilevanti",
        "Costruire relazioni solide",
    ):
        assert name in html
    assert 'd="M' in html and "," in html  # SVG coordinates stay dot-decimal
    assert not any(f"{n},5" in html.split("<svg")[1].split("</svg>")[0] for n in "0123456789")


def test_chart_range_partial_for_htmx(client_for, trainee, today):
    SnapshotFactory(user=trainee, date=today - timedelta(days=200))
    SnapshotFactory(user=trainee, date=today)
    client = client_for(trainee)
    partial = client.get(reverse("scoring:charts") + "?range=90d", headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="ssi-charts"') and "<html" not in html
    assert html.count("<tr>") == 1 + 1  # header + one day within 90 days
    full = client.get(reverse("scoring:charts") + "?range=all").content.decode()
    charts = full.split('<div id="ssi-charts"')[1]
    assert "<html" in full and charts.count("<tr>") == 1 + 2


def test_why_page_lists_factors_by_points_available(client_for, trainee, today):
    ActivityFactory(user=trainee, kind="post", occurred_on=today, count=12)
    services.estimates_recompute(users=[trainee], today=today)
    html = client_for(trainee).get(reverse("scoring:why")).content.decode()
    brand = html.split('id="why-brand"')[1].split("</section>")[0]
    # Profile completeness (8 points available) comes before posts (target reached).
    assert brand.index("Profile completeness") < brand.index("Posts (28 days)")
    assert "Target reached" in brand
    assert "not LinkedIn&#x27;s formula" in html or "not LinkedIn's formula" in html


def test_why_page_empty_state(client_for, trainee):
    html = client_for(trainee).get(reverse("scoring:why")).content.decode()
    assert "No estimate yet" in html and reverse("scoring:profile") in html


# --- Permissions --------------------------------------------------------------------------


def test_coach_sees_the_same_panel_read_only(client_for, coach, trainee, today):
    SnapshotFactory(user=trainee, date=today)
    client = client_for(coach)
    html = client.get(reverse("accounts:trainee_detail", args=[trainee.pk])).content.decode()
    assert "44.87" in html
    assert reverse("scoring:snapshot_paste") not in html
    assert reverse("scoring:history_for", args=[trainee.pk]) in html
    assert client.get(reverse("scoring:history_for", args=[trainee.pk])).status_code == 200
    assert client.get(reverse("scoring:why_for", args=[trainee.pk])).status_code == 200
    assert client.get(reverse("scoring:charts_for", args=[trainee.pk])).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "scoring:snapshot_new",
        "scoring:snapshot_paste",
        "scoring:activity",
        "scoring:profile",
        "scoring:network",
    ],
)
def test_coaches_cannot_write(client_for, coach, staff, name):
    for user in (coach, staff):
        assert client_for(user).post(reverse(name), {}).status_code == 403


def test_coach_cannot_edit_a_trainees_snapshot(client_for, coach, trainee, today):
    snapshot = SnapshotFactory(user=trainee, date=today)
    client = client_for(coach)
    assert client.post(reverse("scoring:snapshot_delete", args=[snapshot.pk])).status_code == 403
    assert SsiSnapshot.objects.filter(pk=snapshot.pk).exists()


@pytest.mark.parametrize("name", ["scoring:history_for", "scoring:why_for", "scoring:charts_for"])
def test_others_get_404(client_for, other_coach, other_trainee, trainee, name):
    url = reverse(name, args=[trainee.pk])
    assert client_for(other_coach).get(url).status_code == 404
    assert client_for(other_trainee).get(url).status_code == 404


@pytest.mark.parametrize("name", ["scoring:history", "scoring:snapshot_new", "scoring:why"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("days", [3, 60])
def test_dashboard_query_count_does_not_grow_with_history(
    client_for, trainee, today, days, django_assert_num_queries, settings
):
    settings.DASHBOARD_PANELS = ["scoring.panels.score_panel"]  # the score panel alone
    for i in range(days):
        SnapshotFactory(user=trainee, date=today - timedelta(days=i))
    ActivityFactory(user=trainee, kind="post", occurred_on=today, count=3)  # an estimate > 0
    services.estimates_recompute(users=[trainee], today=today)
    client = client_for(trainee)
    # session, user, memberships (accounts); latest snapshot, latest estimate with its
    # model, the snapshot series and the estimate series, the cohorts' shared-drop days
    # (score panel)
    with django_assert_num_queries(8):
        assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.parametrize("days", [3, 60])
def test_history_query_count_does_not_grow(
    client_for, trainee, today, days, django_assert_num_queries
):
    for i in range(days):
        SnapshotFactory(user=trainee, date=today - timedelta(days=i))
    client = client_for(trainee)
    # session, user, trainee_for_viewer, count (paginator), page of snapshots (with who
    # verified them), the cohorts' shared-drop days
    with django_assert_num_queries(6):
        assert client.get(reverse("scoring:history")).status_code == 200


def test_long_history_is_charted(client_for, trainee, today):
    for i in range(130):
        SnapshotFactory(user=trainee, date=today - timedelta(days=i))
    html = client_for(trainee).get(reverse("accounts:dashboard") + "?range=1y").content.decode()
    assert 'class="series series-official" d="M' in html
    assert "The charts appear once" not in html
