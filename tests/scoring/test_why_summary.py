"""'Why this score' opens with what to do first, and its facts agree with each other."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from scoring import selectors, services
from scoring.explain import explanation_context, top_actions
from tests.scoring.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _estimate(trainee, today):
    services.estimates_recompute(users=[trainee], today=today)
    return selectors.latest_estimate(trainee)


def test_the_three_actions_worth_the_most_points_come_first_each_with_its_tasks(
    client_for, trainee, today
):
    ActivityFactory(user=trainee, kind="post", occurred_on=today, count=12)
    estimate = _estimate(trainee, today)
    pillars = explanation_context(estimate.result())
    expected = sorted(
        (f for p in pillars for f in p["factors"] if not f["done"]), key=lambda f: -f["available"]
    )[:3]
    assert [f["key"] for f in top_actions(pillars)] == [f["key"] for f in expected]
    assert "posts_28d" not in [f["key"] for f in top_actions(pillars)]  # at target

    html = client_for(trainee).get(reverse("scoring:why")).content.decode()
    summary = html.split('id="top-actions-title"')[1].split("</section>")[0]
    assert html.index('id="top-actions-title"') < html.index('id="why-brand"')
    links = re.findall(r'href="[^"]*\?factor=(\w+)"', summary)
    assert links == [f["key"] for f in expected]
    assert summary.count("<li") == 3


def test_decision_makers_share_and_count_come_from_one_set_of_facts(client_for, trainee, today):
    # A share typed (or imported) earlier disagrees with the counts: the counts win.
    services.network_state_update(
        user=trainee, connections=454, decision_makers=118, recompute=False
    )
    trainee.network_state.decision_maker_share = Decimal("0.07")
    trainee.network_state.save()
    signals = selectors.signals_for_users([trainee.pk], today)[trainee.pk]
    assert signals.decision_maker_connections == 118
    assert round(signals.decision_maker_share, 2) == 0.26
    _estimate(trainee, today)
    html = client_for(trainee).get(reverse("scoring:why")).content.decode()
    row = html.split('id="factor-decision_maker_share"')[1].split("</tr>")[0]
    assert ">26%<" in row and ">7%<" not in row
