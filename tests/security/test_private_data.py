"""Private coach notes and a trainee's own words stay where they belong; fields that
say who owns a record cannot be set through the API (mass assignment)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role, User
from coaching.models import CoachNote, NoteVisibility
from scoring.models import Activity, SsiSnapshot
from tests.factories import CohortFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

PRIVATE, SHARED = "PRIVATE-coach-only", "SHARED-with-trainee"


def test_the_trainee_never_sees_a_private_note(world, client_for, trainee):
    web = client_for(trainee)
    for url in [
        reverse("coaching:plan"),
        reverse("accounts:dashboard"),
        reverse("scoring:history"),
        reverse("coaching:plan_history"),
    ]:
        html = web.get(url).content.decode()
        assert PRIVATE not in html, url
    assert SHARED in web.get(reverse("coaching:plan")).content.decode()
    notes = web.get(reverse("api:coaching-notes", args=[trainee.pk])).json()
    assert [n["body"] for n in notes["results"]] == [SHARED]


def test_the_coach_sees_both_notes_and_another_coach_neither(world, client_for, trainee):
    url = reverse("coaching:coach_trainee_plan", args=[trainee.pk])
    html = client_for(world.private_note.author).get(url).content.decode()
    assert PRIVATE in html and SHARED in html


def test_a_coach_of_another_cohort_of_the_same_trainee_misses_the_private_note(
    world, client_for, trainee
):
    # The trainee is also in a second cohort with its own coach: the cohort is the
    # boundary, so that coach reads the trainee but not the first cohort's notes.
    second = CohortFactory(name="Second")
    second.memberships.create(user=trainee)
    second_coach = UserFactory(email="second.coach@example.com", role=Role.COACH)
    second.coaches.add(second_coach)
    web = client_for(second_coach)
    html = web.get(reverse("coaching:coach_trainee_plan", args=[trainee.pk])).content.decode()
    assert PRIVATE not in html and SHARED not in html
    notes = web.get(reverse("api:coaching-notes", args=[trainee.pk])).json()
    assert notes["results"] == []
    # ... nor delete it.
    before = CoachNote.objects.count()
    response = web.post(reverse("coaching:coach_note_delete", args=[world.private_note.pk]))
    assert response.status_code == 404
    assert CoachNote.objects.count() == before


def test_a_coach_cannot_delete_a_colleagues_note(world, client_for, trainee, cohort):
    colleague = UserFactory(email="colleague@example.com", role=Role.COACH)
    cohort.coaches.add(colleague)
    response = client_for(colleague).post(
        reverse("coaching:coach_note_delete", args=[world.private_note.pk])
    )
    assert response.status_code == 302
    assert CoachNote.objects.filter(pk=world.private_note.pk).exists()


def test_the_activity_note_stays_the_trainees(world, client_for, trainee, coach):
    url = reverse("api:activity-detail", args=[world.activity.pk])
    assert client_for(trainee).get(url).json()["note"] == "my own words"
    assert client_for(coach).get(url).json()["note"] == ""
    listing = client_for(coach).get(reverse("api:activity-list") + f"?trainee={trainee.pk}")
    notes = [a["note"] for a in listing.json()["results"]]
    assert len(notes) == Activity.objects.filter(user=trainee).count() > 1
    assert set(notes) == {""}


# --- Mass assignment -------------------------------------------------------------------------


def test_api_snapshot_ignores_owner_source_and_total(client_for, trainee, other_trainee):
    data = {
        "date": TODAY.isoformat(),
        "brand": "10",
        "people": "10",
        "insights": "10",
        "relationships": "10",
        "user": other_trainee.pk,
        "source": "typed",
        "total": "99",
        "id": 999,
    }
    response = client_for(trainee).post(
        reverse("api:snapshot-list"), data, content_type="application/json"
    )
    assert response.status_code == 201
    snapshot = SsiSnapshot.objects.get()
    assert (snapshot.user_id, snapshot.source, snapshot.total) == (trainee.pk, "api", 40)
    assert snapshot.pk != 999


def test_api_activity_ignores_owner_and_source(client_for, trainee, other_trainee):
    data = {
        "kind": "post",
        "occurred_on": TODAY.isoformat(),
        "user": other_trainee.pk,
        "source": "import",
        "external_key": "forged",
    }
    response = client_for(trainee).post(
        reverse("api:activity-list"), data, content_type="application/json"
    )
    assert response.status_code == 201
    activity = Activity.objects.get()
    assert (activity.user_id, activity.source, activity.external_key) == (
        trainee.pk,
        "manual",
        "",
    )


def test_api_me_cannot_change_role_staff_or_email(client_for, trainee):
    response = client_for(trainee).patch(
        reverse("api:me"),
        {
            "role": "coach",
            "is_staff": True,
            "is_superuser": True,
            "email": "new@example.com",
            "first_name": "Tina",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    fresh = User.objects.get(pk=trainee.pk)
    assert (fresh.role, fresh.is_staff, fresh.is_superuser, fresh.email) == (
        "trainee",
        False,
        False,
        "trainee@example.com",
    )


def test_api_note_ignores_trainee_cohort_and_author(
    client_for, trainee, coach, other_trainee, other_cohort, other_coach
):
    response = client_for(coach).post(
        reverse("api:coaching-notes", args=[trainee.pk]),
        {
            "body": "ok",
            "visibility": "shared",
            "trainee": other_trainee.pk,
            "cohort": other_cohort.pk,
            "author": other_coach.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    note = CoachNote.objects.get()
    assert (note.trainee_id, note.author_id) == (trainee.pk, coach.pk)
    assert note.cohort.coaches.filter(pk=coach.pk).exists()


def test_settings_form_cannot_change_role_or_email(client_for, trainee):
    client_for(trainee).post(
        reverse("accounts:settings"),
        {
            "first_name": "Tina",
            "last_name": "Trainee",
            "language": "en",
            "time_zone": "Europe/Rome",
            "role": "coach",
            "is_staff": "on",
            "email": "new@example.com",
        },
    )
    fresh = User.objects.get(pk=trainee.pk)
    assert (fresh.role, fresh.is_staff, fresh.email) == ("trainee", False, "trainee@example.com")


def test_a_note_body_is_bounded(client_for, trainee, coach):
    response = client_for(coach).post(
        reverse("api:coaching-notes", args=[trainee.pk]),
        {"body": "x" * 5001, "visibility": "private"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not CoachNote.objects.exists()


@pytest.mark.parametrize("visibility", ["public", "", "everyone"])
def test_a_note_needs_a_known_visibility(client_for, trainee, coach, visibility):
    response = client_for(coach).post(
        reverse("api:coaching-notes", args=[trainee.pk]),
        {"body": "hello", "visibility": visibility},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not CoachNote.objects.exists()


def test_notes_default_to_private(client_for, trainee, coach):
    client_for(coach).post(
        reverse("api:coaching-notes", args=[trainee.pk]),
        {"body": "hello"},
        content_type="application/json",
    )
    assert CoachNote.objects.get().visibility == NoteVisibility.PRIVATE


@pytest.mark.parametrize(
    ("actor", "method", "name", "args", "expected"),
    [
        ("trainee", "post", "api:coaching-notes", "trainee", "Solo i coach scrivono note."),
        (
            "trainee",
            "post",
            "api:coaching-trainee-tasks",
            "trainee",
            "Solo i coach aggiungono attività al piano di un partecipante.",
        ),
        (
            "trainee",
            "put",
            "api:coaching-trainee-strategy",
            "trainee",
            "Solo i coach del partecipante ne scelgono la strategia.",
        ),
        (
            "coach",
            "post",
            "api:coaching-outcomes",
            None,
            "Solo il partecipante registra i propri risultati.",
        ),
        (
            "coach",
            "patch",
            "api:profile-state",
            None,
            "Solo il partecipante può modificare i propri dati.",
        ),
    ],
)
def test_api_refusals_speak_the_users_language(
    request, client_for, trainee, coach, actor, method, name, args, expected
):
    user = request.getfixturevalue(actor)
    user.language = "it"
    user.save()
    url = reverse(name, args=[trainee.pk] if args else [])
    response = getattr(client_for(user), method)(url, {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == expected


def test_target_keywords_are_bounded(client_for, trainee):
    web = client_for(trainee)
    response = web.patch(
        reverse("api:me"), {"target_keywords": "x" * 2001}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "target_keywords" in response.json()["fields"]
    response = web.post(
        reverse("accounts:settings"),
        {
            "first_name": "Tina",
            "last_name": "Trainee",
            "language": "en",
            "time_zone": "Europe/Rome",
            "reminder_hour": "8",
            "weekly_minutes": "120",
            "working_days": ["0", "1"],
            "target_keywords": "x" * 2001,
        },
    )
    assert response.status_code == 200
    assert "at most 2000 characters" in " ".join(response.context["form"].errors["target_keywords"])
    assert User.objects.get(pk=trainee.pk).target_keywords == ""
    ok = web.patch(
        reverse("api:me"), {"target_keywords": "fintech\nbanking"}, content_type="application/json"
    )
    assert ok.status_code == 200
