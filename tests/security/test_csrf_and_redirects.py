"""CSRF on every state-changing endpoint, no open redirects."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User

from .conftest import TODAY, World
from .test_permissions_matrix import SNAPSHOT_FORM, cohort_of, fingerprint

pytestmark = pytest.mark.django_db


def everything() -> dict[str, list]:
    users = User.objects.order_by("pk").values_list("pk", "first_name", "language", "time_zone")
    return {**fingerprint(), "users": list(users)}


def _trainee_posts(w: World) -> list[tuple[str, dict]]:
    return [
        (reverse("scoring:snapshot_new"), SNAPSHOT_FORM),
        (reverse("scoring:snapshot_edit", args=[w.snapshot.pk]), SNAPSHOT_FORM),
        (reverse("scoring:snapshot_delete", args=[w.snapshot.pk]), {}),
        (
            reverse("scoring:activity"),
            {"kind": "post", "occurred_on": TODAY.isoformat(), "count": "1"},
        ),
        (reverse("scoring:activity_delete", args=[w.activity.pk]), {}),
        (reverse("scoring:profile"), {"endorsements_received": "5"}),
        (reverse("scoring:network"), {"connections": "500"}),
        (reverse("coaching:task_complete", args=[w.task.pk]), {}),
        (reverse("coaching:task_skip", args=[w.task.pk]), {"reason": "no_time"}),
        (reverse("coaching:task_undo", args=[w.done_task.pk]), {}),
        (
            reverse("coaching:outcome_save", args=[w.plan.week_start]),
            {"meetings_booked": "9", "opportunities_created": "9", "deals_won": "9"},
        ),
        (reverse("coaching:target"), {"target_ssi": "90", "target_date": ""}),
        (
            reverse("accounts:settings"),
            {"first_name": "Changed", "last_name": "X", "language": "it"},
        ),
        (reverse("accounts:language_switch"), {"language": "it"}),
    ]


def _coach_posts(w: World, trainee: User) -> list[tuple[str, dict]]:
    return [
        (
            reverse("coaching:coach_note_create", args=[trainee.pk]),
            {"body": "hi", "visibility": "shared"},
        ),
        (reverse("coaching:coach_note_delete", args=[w.private_note.pk]), {}),
        (
            reverse("coaching:coach_task_create", args=[trainee.pk]),
            {"title": "t", "pillar": "people", "minutes": "5", "due_date": TODAY.isoformat()},
        ),
        (reverse("coaching:coach_trainee_strategy", args=[trainee.pk]), {"strategy": "weakest"}),
        (reverse("coaching:coach_trainee_target", args=[trainee.pk]), {"target_ssi": "90"}),
        (
            reverse("coaching:coach_cohort", args=[cohort_of(w)]),
            {"action": "strategy", "strategy": "weakest"},
        ),
    ]


def test_no_trainee_write_goes_through_without_a_csrf_token(world, as_actor, trainee):
    web = as_actor("trainee", csrf=True)
    for url, data in _trainee_posts(world):
        before = everything()
        response = web.post(url, data)
        assert response.status_code == 403, url
        assert everything() == before, url


def test_no_coach_write_goes_through_without_a_csrf_token(world, as_actor, trainee):
    web = as_actor("coach", csrf=True)
    for url, data in _coach_posts(world, trainee):
        before = everything()
        response = web.post(url, data)
        assert response.status_code == 403, url
        assert everything() == before, url


def test_the_same_writes_pass_with_the_token(world, as_actor, trainee):
    """The control: the refusal above is the missing token, not the request."""
    web = as_actor("trainee", csrf=True)
    web.get(reverse("scoring:snapshot_new"))
    token = web.cookies["csrftoken"].value
    before = everything()
    response = web.post(
        reverse("coaching:target"), {"target_ssi": "90", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert everything() != before


def test_logout_needs_a_csrf_token(as_actor, trainee):
    web = as_actor("trainee", csrf=True)
    assert web.post(reverse("logout")).status_code == 403
    assert web.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        (
            "post",
            "api:snapshot-list",
            {"date": TODAY.isoformat(), "brand": 1, "people": 1, "insights": 1, "relationships": 1},
        ),
        ("post", "api:activity-list", {"kind": "post", "occurred_on": TODAY.isoformat()}),
        ("patch", "api:me", {"first_name": "Changed"}),
        ("put", "api:coaching-target", {"target_ssi": 90, "target_date": None}),
        ("patch", "api:profile-state", {"endorsements_received": 5}),
    ],
)
def test_api_with_a_session_needs_a_csrf_token(world, as_actor, method, name, data):
    web = as_actor("trainee", csrf=True)
    before = everything()
    response = getattr(web, method)(reverse(name), data, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert everything() == before


# --- Redirects -----------------------------------------------------------------------------

EVIL = [
    "https://evil.example.com/",
    "//evil.example.com/",
    "/\\evil.example.com",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("next_url", EVIL)
def test_language_switch_never_redirects_off_site(client_for, trainee, next_url):
    response = client_for(trainee).post(
        reverse("accounts:language_switch"), {"language": "it", "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_keeps_a_local_next(client_for, trainee):
    response = client_for(trainee).post(
        reverse("accounts:language_switch"), {"language": "it", "next": "/ssi/?page=2"}
    )
    assert response["Location"] == "/ssi/?page=2"


@pytest.mark.parametrize("next_url", EVIL)
def test_login_never_redirects_off_site(client, trainee, next_url):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("login"), {"username": trainee.email, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]


@pytest.mark.parametrize("next_url", EVIL)
def test_logout_never_redirects_off_site(client_for, trainee, next_url):
    response = client_for(trainee).post(reverse("logout") + f"?next={next_url}")
    assert "evil" not in response.get("Location", "")
    assert "javascript" not in response.get("Location", "")


def test_anonymous_pages_redirect_to_login_with_a_local_next(client):
    response = client.get(reverse("scoring:history"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('scoring:history')}"
