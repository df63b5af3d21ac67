"""The accounts API: /api/v1/me/, tokens, throttling, schema and docs."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api_status import ANONYMOUS
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_me_requires_authentication(api):
    assert api.get("/api/v1/me/").status_code == ANONYMOUS


def test_me_returns_own_profile_and_cohorts(api, trainee, cohort):
    api.force_authenticate(trainee)
    data = api.get("/api/v1/me/").json()
    assert data["email"] == trainee.email
    assert data["role"] == "trainee"
    assert [c["name"] for c in data["cohorts"]] == [cohort.name]


def test_me_patch_validates_and_changes_nothing_on_error(api, trainee):
    api.force_authenticate(trainee)
    response = api.patch("/api/v1/me/", {"time_zone": "Nowhere/City", "first_name": "X"})
    assert response.status_code == 400
    assert "time_zone" in response.json()["fields"]
    response = api.patch("/api/v1/me/", {"working_days": [9]})
    assert response.status_code == 400
    trainee.refresh_from_db()
    assert trainee.first_name == "Tina" and trainee.working_days == [0, 1, 2, 3, 4]


def test_me_patch_updates_and_ignores_read_only_fields(api, trainee):
    api.force_authenticate(trainee)
    response = api.patch(
        "/api/v1/me/",
        {"language": "it", "working_days": [2, 0, 2], "role": "coach", "email": "x@example.com"},
    )
    assert response.status_code == 200
    trainee.refresh_from_db()
    assert trainee.language == "it" and trainee.working_days == [0, 2]
    assert trainee.role == "trainee" and trainee.email == "trainee@example.com"


def test_api_errors_speak_the_users_language(api, trainee):
    trainee.language = "it"
    trainee.save()
    token = api.post(
        "/api/v1/auth/token/", {"username": trainee.email, "password": PASSWORD}
    ).json()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    response = api.patch("/api/v1/me/", {"working_days": []})
    assert response.status_code == 400
    assert response.json()["detail"] == "Scegli almeno un giorno lavorativo."


def test_token_auth_round_trip(api, trainee):
    response = api.post("/api/v1/auth/token/", {"username": trainee.email, "password": PASSWORD})
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/me/").json()["email"] == trainee.email


def test_token_endpoint_locks_out_after_five_failures(api, trainee):
    codes = [
        api.post("/api/v1/auth/token/", {"username": trainee.email, "password": "bad"}).status_code
        for _ in range(5)
    ]
    assert codes == [400, 400, 400, 400, 429]  # the fifth failure locks the account
    response = api.post("/api/v1/auth/token/", {"username": trainee.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.json()["detail"]


def test_token_endpoint_is_throttled(api, trainee, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [
            api.post(
                "/api/v1/auth/token/", {"username": f"u{i}@example.com", "password": "x"}
            ).status_code
            for i in range(4)
        ]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert codes == [400, 400, 400, 429]


def test_schema_generates(client):
    response = client.get(reverse("schema"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "openapi: 3" in body and "/api/v1/me/" in body


def test_swagger_ui_served_from_local_assets(client):
    response = client.get(reverse("swagger-ui"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html.split("<body")[0]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
