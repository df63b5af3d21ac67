"""A call without credentials is told how to authenticate."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["api:me", "api:activity-list", "api:coaching-plans", "api:snapshot-parse"]
)
def test_no_credentials_is_401_with_the_scheme_to_use(name):
    client = APIClient()
    response = client.get(reverse(name)) if name != "api:snapshot-parse" else None
    response = response or client.post(reverse(name), {"text": "x"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_a_bad_token_is_401_too():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get(reverse("api:me"))
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_a_logged_in_user_who_may_not_write_is_still_403(coach):
    client = APIClient()
    client.force_authenticate(coach)
    assert client.post(reverse("api:coaching-outcomes"), {}).status_code == 403
