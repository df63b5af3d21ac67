"""Named API tokens: made, used and revoked by their owner, and by nobody else."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken, TokenScope

pytestmark = pytest.mark.django_db


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_the_owner_makes_a_token_on_the_settings_page_and_sees_its_key_once(client_for, trainee):
    web = client_for(trainee)
    response = web.post(
        reverse("accounts:api_token_create"), {"token-name": "CRM sync", "token-scope": "write"}
    )
    assert response.status_code == 201
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=trainee)
    assert token.name == "CRM sync" and token.scope == TokenScope.WRITE
    assert key.startswith("ssi_") and key not in token.key_hash  # only a hash is kept
    assert key in response.content.decode()
    page = web.get(reverse("accounts:settings")).content.decode()
    assert "CRM sync" in page and key not in page and "Never" in page
    assert token_client(key).get("/api/v1/me/").json()["email"] == trainee.email


def test_a_token_needs_a_name(client_for, trainee):
    response = client_for(trainee).post(
        reverse("accounts:api_token_create"), {"token-name": "", "token-scope": "read"}
    )
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_a_read_only_token_reads_but_cannot_write(trainee):
    _token, key = services.api_token_create(user=trainee, name="dash", scope=TokenScope.READ)
    client = token_client(key)
    assert client.get("/api/v1/snapshots/").status_code == 200
    refused = client.patch("/api/v1/me/", {"first_name": "Changed"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    trainee.refresh_from_db()
    assert trainee.first_name != "Changed"


def test_a_read_write_token_writes(trainee):
    _token, key = services.api_token_create(user=trainee, name="sync", scope=TokenScope.WRITE)
    assert token_client(key).patch("/api/v1/me/", {"first_name": "Tania"}).status_code == 200
    trainee.refresh_from_db()
    assert trainee.first_name == "Tania"


def test_a_revoked_token_is_refused(client_for, trainee):
    token, key = services.api_token_create(user=trainee, name="old", scope=TokenScope.WRITE)
    response = client_for(trainee).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302 and not ApiToken.objects.exists()
    refused = token_client(key).get("/api/v1/me/")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("intruder", ["other_trainee", "coach", "staff"])
def test_nobody_else_revokes_or_sees_your_token(client_for, trainee, intruder, request):
    name = "Tina-private-sync"
    token, key = services.api_token_create(user=trainee, name=name, scope=TokenScope.READ)
    web = client_for(request.getfixturevalue(intruder))
    assert web.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert name not in web.get(reverse("accounts:settings")).content.decode()
    assert token_client(key).get("/api/v1/me/").status_code == 200


def test_a_token_of_an_inactive_user_is_refused(trainee):
    _token, key = services.api_token_create(user=trainee, name="x", scope=TokenScope.READ)
    trainee.is_active = False
    trainee.save()
    assert token_client(key).get("/api/v1/me/").status_code == 401


def test_last_use_is_written_at_most_once_a_minute(trainee):
    """The one write an API GET makes: the token's last use, once a minute at most (see
    ALLOWED_WRITE_TABLES in tests/security/test_no_get_writes.py)."""
    token, key = services.api_token_create(user=trainee, name="x", scope=TokenScope.READ)
    client = token_client(key)
    start = timezone.now()

    def writes() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/me/").status_code == 200
        return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]

    with time_machine.travel(start, tick=False):
        (first,) = writes()
        assert '"accounts_apitoken"' in first and '"last_used_at"' in first
        assert writes() == []
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert writes() == []
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert len(writes()) == 1
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)


def test_the_password_token_still_works_and_writes(trainee):
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=trainee).key
    assert token_client(key).patch("/api/v1/me/", {"first_name": "Tess"}).status_code == 200


# --- In the Django admin ----------------------------------------------------------------------


def test_staff_see_every_token_in_the_admin_and_revoke_one_with_an_audit_entry(
    client_for, staff, trainee, coach
):
    from privacy.models import AuditEntry

    token, key = services.api_token_create(user=trainee, name="CRM sync", scope=TokenScope.WRITE)
    services.api_token_create(user=coach, name="Coach board", scope=TokenScope.READ)
    client = client_for(staff)
    listing = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert "CRM sync" in listing and "Coach board" in listing and token.prefix in listing
    assert key not in listing and token.key_hash not in listing
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    detail = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    revoke = reverse("admin:accounts_apitoken_delete", args=[token.pk])
    assert client.post(revoke, {"post": "yes"}).status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert token_client(key).get(reverse("api:snapshot-list")).status_code == 401
    entry = AuditEntry.objects.get(trainee=trainee)
    assert entry.actor == staff and entry.action == "admin_delete"


def test_coaches_and_trainees_have_no_token_admin(client_for, coach, trainee):
    url = reverse("admin:accounts_apitoken_changelist")
    for user in (coach, trainee):
        response = client_for(user).get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
