"""Coaching forms and endpoints: bad input is refused with a message and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from coaching.models import Plan, Task

from .conftest import TODAY

pytestmark = pytest.mark.django_db

TASK = {"title": "Call two prospects", "pillar": "people", "minutes": "10"}


def counts() -> tuple[int, int]:
    return Task.objects.count(), Plan.objects.count()


@pytest.mark.parametrize(
    ("due_date", "message"),
    [
        ((TODAY - timedelta(days=1)).isoformat(), "Choose today or a later day."),
        ((TODAY + timedelta(days=367)).isoformat(), "Choose a day within the next twelve months."),
        ("9999-12-31", "Choose a day within the next twelve months."),
    ],
)
def test_coach_cohort_task_with_a_bad_day_is_refused(
    client_for, trainee, coach, cohort, due_date, message
):
    before = counts()
    response = client_for(coach).post(
        reverse("coaching:coach_cohort", args=[cohort.pk]),
        {"action": "task", **TASK, "due_date": due_date},
    )
    assert response.status_code == 200
    assert message in str(response.context["task_form"].errors)
    assert counts() == before


@pytest.mark.parametrize(
    ("due_date", "message"),
    [
        ((TODAY - timedelta(days=1)).isoformat(), "Choose today or a later day."),
        ("9999-12-31", "Choose a day within the next twelve months."),
    ],
)
def test_coach_trainee_task_with_a_bad_day_is_refused(
    client_for, trainee, coach, due_date, message
):
    before = counts()
    response = client_for(coach).post(
        reverse("coaching:coach_task_create", args=[trainee.pk]),
        {**TASK, "due_date": due_date},
    )
    assert response.status_code == 302
    assert message in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert counts() == before


@pytest.mark.parametrize("url", ["api:coaching-trainee-tasks", "api:coaching-cohort-tasks"])
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("due_date", "9999-12-31", "Choose a day within the next twelve months."),
        ("due_date", "2020-01-01", "Choose today or a later day."),
        ("minutes", 0, "greater than or equal to 1"),
        ("minutes", 481, "less than or equal to 480"),
        ("title", "x" * 161, "no more than 160 characters"),
        ("pillar", "nope", "not one of the available choices"),
    ],
)
def test_api_coach_task_refuses_bad_values(
    client_for, trainee, coach, cohort, url, field, value, message
):
    before = counts()
    target = trainee.pk if "trainee" in url else cohort.pk
    data = {**TASK, "minutes": 10, "due_date": TODAY.isoformat(), field: value}
    response = client_for(coach).post(
        reverse(url, args=[target]), data, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert message in str(response.json())
    assert counts() == before
