"""Every list is bounded, whatever numbers the query gives."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from config.pagination import LimitOffsetPagination
from scoring.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(trainee):
    today = timezone.localdate()
    Activity.objects.bulk_create(
        Activity(user=trainee, kind="comment", occurred_on=today, count=1)
        for _ in range(LimitOffsetPagination.max_limit + 5)
    )


@pytest.mark.parametrize(
    ("query", "size"),
    [
        ("", 50),
        ("?limit=1000000", 200),
        ("?limit=99999999999999999999", 200),
        ("?limit=-3", 50),
        ("?limit=abc", 50),
        ("?limit=7", 7),
        ("?limit=10&offset=99999999999999999999", 0),
        ("?offset=-1", 50),
    ],
)
def test_a_list_page_is_never_larger_than_the_maximum(activities, trainee, query, size):
    client = APIClient()
    client.force_authenticate(trainee)
    response = client.get(reverse("api:activity-list") + query)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 205 and len(body["results"]) == size
