"""Whatever a user types is shown as text, never as markup, on every page that shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coaching import services as coaching_services
from coaching.models import NoteVisibility
from scoring.models import ArchiveImport
from tests.scoring.factories import ActivityFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def hostile(trainee, coach, cohort):
    """Every free-text field of the trainee's world filled with markup."""
    for user in (trainee, coach):
        user.first_name = XSS
        user.save()
    cohort.name = XSS
    cohort.save()
    ActivityFactory(user=trainee, occurred_on=TODAY, note=XSS)
    ArchiveImport.objects.create(user=trainee, original_name=XSS)
    coaching_services.note_create(
        author=coach, trainee=trainee, body=XSS, visibility=NoteVisibility.SHARED
    )
    (task,) = coaching_services.coach_task_add(
        coach=coach,
        trainees=[trainee],
        title=XSS,
        howto=XSS,
        pillar="people",
        factor="",
        minutes=5,
        due_date=TODAY,
    )
    coaching_services.task_skip(task=task, actor=trainee, reason="other", note=XSS)
    return task


def _assert_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html
    assert ESCAPED in html


@pytest.mark.parametrize(
    "url",
    [
        lambda t, c: reverse("coaching:plan"),
        lambda t, c: reverse("accounts:dashboard"),
        lambda t, c: reverse("scoring:activity"),
        lambda t, c: reverse("scoring:archive_import"),
    ],
    ids=["plan", "dashboard", "activity", "archive"],
)
def test_trainee_pages_escape_user_text(hostile, client_for, trainee, cohort, url):
    response = client_for(trainee).get(url(trainee, cohort))
    assert response.status_code == 200
    _assert_escaped(response.content.decode())


@pytest.mark.parametrize(
    "url",
    [
        lambda t, c: reverse("accounts:cohort_list"),
        lambda t, c: reverse("accounts:cohort_detail", args=[c.pk]),
        lambda t, c: reverse("coaching:coach_cohort", args=[c.pk]),
        lambda t, c: reverse("coaching:coach_trainee_plan", args=[t.pk]),
        lambda t, c: reverse("accounts:trainee_detail", args=[t.pk]),
    ],
    ids=["cohorts", "cohort", "cohort_coaching", "trainee_plan", "trainee_dashboard"],
)
def test_coach_pages_escape_user_text(hostile, client_for, trainee, coach, cohort, url):
    response = client_for(coach).get(url(trainee, cohort))
    assert response.status_code == 200
    _assert_escaped(response.content.decode())


def test_htmx_task_fragment_escapes_user_text(hostile, client_for, trainee):
    response = client_for(trainee).post(
        reverse("coaching:task_undo", args=[hostile.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    _assert_escaped(response.content.decode())


def test_catalogue_escapes_the_factor_parameter(client_for, trainee):
    response = client_for(trainee).get(reverse("coaching:catalogue"), {"factor": XSS})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
