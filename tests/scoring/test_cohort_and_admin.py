"""The coach's cohort columns and the scoring model in the admin."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from scoring import engine, services
from scoring.models import Estimate, ScoringModel
from tests.factories import UserFactory
from tests.scoring.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra_trainees", [0, 8])
def test_cohort_columns_constant_queries(
    client_for, coach, cohort, trainee, today, extra_trainees, django_assert_num_queries, settings
):
    settings.COHORT_COLUMNS = ["scoring.panels.cohort_columns"]  # scoring's own column alone
    settings.COHORT_BOARD_LOADERS = []  # reading the score rows itself, without stored rows
    SnapshotFactory(user=trainee, date=today - timedelta(days=3), brand=Decimal(1))
    SnapshotFactory(user=trainee, date=today, brand=Decimal(20))
    services.estimates_recompute(users=[trainee], today=today)
    for _ in range(extra_trainees):
        user = UserFactory()
        cohort.memberships.create(user=user)
        SnapshotFactory(user=user, date=today)
    client = client_for(coach)
    # session, user, cohort, trainees with their memberships (accounts); cohort days,
    # score rows (one lateral query on PostgreSQL; elsewhere two) (scoring)
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 7):
        response = client.get(reverse("accounts:cohort_detail", args=[cohort.pk]))
    html = response.content.decode()
    assert "Latest SSI" in html and "Estimate" in html
    assert "51.75" in html  # today's entry (20 + 10.5 + 9.25 + 12), not the older one


def test_other_coach_does_not_see_the_cohort(client_for, other_coach, cohort, trainee, today):
    SnapshotFactory(user=trainee, date=today)
    response = client_for(other_coach).get(reverse("accounts:cohort_detail", args=[cohort.pk]))
    assert response.status_code == 404


def test_admin_edit_of_a_model_with_estimates_saves_a_new_version(
    client_for, staff, trainee, today
):
    v1 = ScoringModel.objects.get(version=1)
    services.estimates_recompute(users=[trainee], today=today)
    weights = dict(v1.weights, posts_28d=5, media_90d=2)
    client = client_for(staff)
    response = client.post(
        reverse("admin:scoring_scoringmodel_change", args=[v1.pk]),
        {"weights": json.dumps(weights), "targets": json.dumps(v1.targets), "notes": "more media"},
    )
    assert response.status_code == 302
    v1.refresh_from_db()
    assert v1.weights == engine.DEFAULT_WEIGHTS  # untouched: it has estimates
    v2 = ScoringModel.objects.get(version=2)
    assert v2.weights["media_90d"] == 2 and v2.notes == "more media"
    assert Estimate.objects.get().model == v1


def test_admin_refuses_weights_that_do_not_sum_to_25(client_for, staff):
    v1 = ScoringModel.objects.get(version=1)
    response = client_for(staff).post(
        reverse("admin:scoring_scoringmodel_change", args=[v1.pk]),
        {
            "weights": json.dumps(dict(v1.weights, posts_28d=9)),
            "targets": json.dumps(dict(v1.targets, comments_28d=-1)),
            "notes": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "weights of brand sum to 28, more than 25" in html
    assert "comments_28d" in html
    assert ScoringModel.objects.count() == 1


@pytest.mark.parametrize(
    "model", ["ssisnapshot", "activity", "profilestate", "networkstate", "scoringmodel", "estimate"]
)
def test_admin_lists_render(client_for, staff, trainee, today, model):
    SnapshotFactory(user=trainee, date=today)
    services.estimates_recompute(users=[trainee], today=today)
    assert client_for(staff).get(reverse(f"admin:scoring_{model}_changelist")).status_code == 200
