"""One figure per trainee and day: every page and the API read the same estimate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from scoring import engine, selectors, services
from scoring.models import Estimate, ScoringModel

pytestmark = pytest.mark.django_db


def test_the_newest_model_version_wins_everywhere(client_for, trainee, coach, today):
    """Version 7 saved before version 6 (a lower id): ordering by id would pick v6."""
    newer = ScoringModel.objects.create(
        version=7, weights=engine.DEFAULT_WEIGHTS, targets=engine.DEFAULT_TARGETS
    )
    older = ScoringModel.objects.create(
        version=6, weights=engine.DEFAULT_WEIGHTS, targets=engine.DEFAULT_TARGETS
    )
    assert newer.pk < older.pk
    services.estimates_recompute(users=[trainee], today=today, model=newer)
    services.estimates_recompute(users=[trainee], today=today, model=older)
    Estimate.objects.filter(model=newer).update(total=Decimal("41.25"))
    Estimate.objects.filter(model=older).update(total=Decimal("64.20"))

    assert selectors.latest_estimate(trainee).model == newer  # type: ignore[union-attr]
    assert selectors.latest_estimate_total(trainee) == 41.25
    assert selectors.latest_scores([trainee.pk])[trainee.pk]["estimate"] == Decimal("41.25")
    overview = selectors.score_overview(trainee)
    assert overview.estimate.total == Decimal("41.25")  # type: ignore[union-attr]
    assert [p.total for p in overview.estimated] == [41.25]

    web = client_for(trainee)
    assert "41.25" in web.get(reverse("accounts:dashboard")).content.decode()
    assert "64.2" not in web.get(reverse("accounts:dashboard")).content.decode()
    assert "model v7" in web.get(reverse("scoring:why")).content.decode().replace("\xa0", " ")
    api = web.get(reverse("api:estimate-latest")).json()
    assert api["model_version"] == 7 and api["total"] == "41.250000"
    coach_page = client_for(coach).get(reverse("accounts:trainee_detail", args=[trainee.pk]))
    assert "41.25" in coach_page.content.decode()
