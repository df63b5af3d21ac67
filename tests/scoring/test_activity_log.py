"""The activity log: totals per kind over 7, 28 and 90 days, and pages through the rest."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.scoring.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _totals(html: str) -> str:
    return html.split('class="table-wrap activity-totals"')[1].split("</table>")[0]


def test_totals_per_kind_over_each_window(client_for, trainee):
    today = timezone.localdate()
    for days_ago, kind, count in [
        (0, "comment", 2),
        (6, "comment", 1),
        (7, "comment", 4),  # outside 7 days, inside 28
        (60, "comment", 5),  # inside 90 only
        (95, "comment", 100),  # outside every window
        (3, "post", 1),
    ]:
        ActivityFactory(
            user=trainee, kind=kind, occurred_on=today - timedelta(days=days_ago), count=count
        )
    html = client_for(trainee).get(reverse("scoring:activity")).content.decode()
    totals = _totals(html)
    comment = totals.split("Comment</th>")[1].split("</tr>")[0]
    assert comment == (
        '<td class="num" data-label="7 days">3</td><td class="num" data-label="28 days">7</td>'
        '<td class="num" data-label="90 days">12</td>'
    )
    post = totals.split("Post</th>")[1].split("</tr>")[0]
    assert post.count(">1</td>") == 3
    assert totals.index("Comment</th>") < totals.index("Post</th>")  # most frequent first


@pytest.mark.parametrize("entries", [5, 75])
def test_the_log_pages_in_constant_queries(client_for, trainee, django_assert_num_queries, entries):
    today = timezone.localdate()
    for i in range(entries):
        ActivityFactory(user=trainee, occurred_on=today - timedelta(days=i % 120), count=1)
    client = client_for(trainee)
    # session, user, the totals, the page's count, the page's rows
    with django_assert_num_queries(5):
        html = client.get(reverse("scoring:activity")).content.decode()
    assert html.count('class="link-button">Remove') == min(entries, 30)
    if entries > 30:
        assert "Page 1 of 3" in html
        last = client.get(reverse("scoring:activity") + "?page=3").content.decode()
        assert last.count('class="link-button">Remove') == entries - 60
