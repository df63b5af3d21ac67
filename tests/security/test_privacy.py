"""The export and the deletion as every actor: only the trainee reaches the trainee's data."""

import io
import zipfile

import pytest
from django.urls import reverse

from accounts.models import User
from scoring.models import Activity, SsiSnapshot
from tests.factories import PASSWORD

from .conftest import ACTORS

pytestmark = pytest.mark.django_db

DELETE = {"password": PASSWORD, "confirm": "on"}
# What each actor gets: the trainee their ZIP; another trainee their own ZIP (there is no
# id to aim at anyone else); coaches and staff have no trainee account here (404).
EXPORT = dict(zip(ACTORS, [200, 200, 404, 404, 404, 302], strict=True))
REMOVE = dict(zip(ACTORS, [302, 302, 404, 404, 404, 302], strict=True))


def _trainee_rows(world):
    user = world.snapshot.user_id
    return (
        User.objects.filter(pk=user).exists(),
        SsiSnapshot.objects.filter(user_id=user).count(),
        Activity.objects.filter(user_id=user).count(),
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_export(actor, world, as_actor, request):
    response = as_actor(actor).post(reverse("privacy:export"), {"user": world.snapshot.user_id})
    assert response.status_code == EXPORT[actor]
    if response.status_code != 200:
        return
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    snapshots = archive.read("snapshots.csv").decode("utf-8-sig").splitlines()
    owner = request.getfixturevalue(actor)
    assert len(snapshots) - 1 == SsiSnapshot.objects.filter(user=owner).count()
    notes = archive.read("coach_notes_shared.csv").decode("utf-8-sig")
    assert "PRIVATE-coach-only" not in notes
    assert ("SHARED-with-trainee" in notes) is (actor == "trainee")


@pytest.mark.parametrize("actor", ACTORS)
def test_delete(actor, world, as_actor):
    before = _trainee_rows(world)
    response = as_actor(actor).post(
        reverse("privacy:delete"), {**DELETE, "user": world.snapshot.user_id}
    )
    assert response.status_code == REMOVE[actor]
    if actor == "trainee":
        assert _trainee_rows(world) == (False, 0, 0)
    else:
        assert _trainee_rows(world) == before
    if actor == "anonymous":
        assert response["Location"].startswith(reverse("login"))
