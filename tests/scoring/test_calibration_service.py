"""Calibration end to end: demo history, the command, the admin action, the dashboard."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from scoring import services
from scoring.models import Estimate, ScoringModel
from scoring.selectors import EstimateGap, latest_estimate
from tests.factories import UserFactory
from tests.scoring.factories import SnapshotFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 16)


@pytest.fixture
def demo(cohort):
    users = [UserFactory(email=f"t{i}@demo.ssicoach.test") for i in range(2)]
    for user in users:
        cohort.memberships.create(user=user)
    call_command("seed_scoring_demo", "--today", TODAY.isoformat(), stdout=StringIO())
    return users


def _gap_points(html: str) -> float:
    match = re.search(r"your estimate ran ([\d.]+) points (above|below) LinkedIn", html)
    assert match, "no gap sentence on the dashboard"
    return float(match.group(1)) * (1 if match.group(2) == "above" else -1)


def test_demo_estimates_are_a_series_and_run_above_linkedin(demo, client_for):
    trainee = demo[0]
    # One estimate per snapshot day (plus today): the chart has a line, not a dot.
    assert Estimate.objects.filter(user=trainee).count() > 20
    html = client_for(trainee).get("/dashboard/").content.decode()
    assert _gap_points(html) > 5


def test_calibrate_model_lowers_the_held_out_error_and_the_dashboard_shows_it(demo, client_for):
    trainee = demo[0]
    before_gap = _gap_points(client_for(trainee).get("/dashboard/").content.decode())
    out = StringIO()
    call_command("calibrate_model", "--today", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    total = re.search(r"total\s+([\d.]+)\s+([\d.]+)", text)
    assert total, text
    before, after = float(total.group(1)), float(total.group(2))
    assert after < before / 3
    for pillar in ("brand", "people", "insights", "relationships"):
        assert re.search(rf"{pillar}\s+[\d.]+\s+[\d.]+", text)
    assert re.search(r"n\s+\d+\s+\d+", text)
    assert "Saved model v2" in text
    new = ScoringModel.objects.get(version=2)
    assert "held out" in new.notes
    assert latest_estimate(trainee).model == new  # type: ignore[union-attr]
    after_gap = _gap_points_or_zero(client_for(trainee).get("/dashboard/").content.decode())
    assert abs(after_gap) < abs(before_gap) / 3

    # The same data again: nothing better to save.
    again = StringIO()
    call_command("calibrate_model", "--today", TODAY.isoformat(), stdout=again)
    assert "Not saved" in again.getvalue()
    assert ScoringModel.objects.count() == 2


def _gap_points_or_zero(html: str) -> float:
    if "within half a point of LinkedIn" in html:
        return 0.0
    return _gap_points(html)


def test_calibrate_model_dry_run_and_scope_save_nothing(demo):
    out = StringIO()
    call_command(
        "calibrate_model",
        "--dry-run",
        "--trainee",
        demo[0].email,
        "--today",
        "2026-03-16",
        stdout=out,
    )
    assert "Dry run" in out.getvalue()
    assert ScoringModel.objects.count() == 1


def test_too_few_snapshots_change_nothing(trainee):
    for age in range(3):
        SnapshotFactory(user=trainee, date=TODAY - timedelta(days=age))
    out = StringIO()
    call_command("calibrate_model", "--today", TODAY.isoformat(), stdout=out)
    assert "Too few to calibrate" in out.getvalue()
    assert ScoringModel.objects.count() == 1


def test_admin_action_calibrates_and_reports_the_errors(demo, staff, client_for):
    model = ScoringModel.objects.get()
    response = client_for(staff).post(
        "/admin/scoring/scoringmodel/",
        {"action": "calibrate", "_selected_action": [model.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Saved version 2, now in use" in html
    assert "held-out snapshots: total" in html
    assert ScoringModel.objects.count() == 2


def test_admin_action_with_too_little_data(staff, client_for):
    model = ScoringModel.objects.get()
    html = (
        client_for(staff)
        .post(
            "/admin/scoring/scoringmodel/",
            {"action": "calibrate", "_selected_action": [model.pk]},
            follow=True,
        )
        .content.decode()
    )
    assert "Not enough official snapshots to calibrate" in html
    assert ScoringModel.objects.count() == 1


@pytest.mark.parametrize(
    ("gap", "own", "expected"),
    [
        (EstimateGap(3.04, 1), True, "your estimate ran 3.0 points above LinkedIn's (1 day with"),
        (EstimateGap(-2.5, 4), True, "your estimate ran 2.5 points below LinkedIn's (4 days with"),
        (EstimateGap(0.2, 2), False, "the estimate stayed within half a point"),
    ],
)
def test_gap_text_reads_right(gap, own, expected):
    from scoring.panels import gap_text

    assert expected in gap_text(gap, own=own)
    assert gap_text(None, own=True) == ""


def test_service_refuses_nothing_when_no_snapshot(db):
    run = services.scoring_model_calibrate(today=TODAY)
    assert run.saved is None and run.fit.reason == "no_data"
