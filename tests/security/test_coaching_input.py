"""Coaching forms and endpoints: bad input is refused with a message and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from coaching.models import Outcome, Plan, Task

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


# --- Outcomes --------------------------------------------------------------------------------

OUTCOME = {"meetings_booked": 1, "opportunities_created": 1, "deals_won": 1}
THIS_MONDAY = TODAY - timedelta(days=TODAY.weekday())


@pytest.mark.parametrize(
    ("week_start", "message"),
    [
        ("0001-01-01", "Choose a week from 2014 to this one."),
        ("2013-12-30", "Choose a week from 2014 to this one."),
        ((THIS_MONDAY + timedelta(days=7)).isoformat(), "Choose a week from 2014 to this one."),
        ("9999-12-27", "Choose a week from 2014 to this one."),
        ((THIS_MONDAY + timedelta(days=1)).isoformat(), "A week starts on a Monday."),
    ],
)
def test_api_outcome_refuses_absurd_weeks(client_for, trainee, week_start, message):
    response = client_for(trainee).post(
        reverse("api:coaching-outcomes"),
        {"week_start": week_start, **OUTCOME},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert message in str(response.json())
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("meetings_booked", -1), ("deals_won", 1001), ("user", "x")]
)
def test_api_outcome_refuses_bad_numbers_and_ignores_owner(
    client_for, trainee, other_trainee, field, value
):
    data = {"week_start": THIS_MONDAY.isoformat(), **OUTCOME, field: value}
    if field == "user":
        data["user"] = other_trainee.pk
    response = client_for(trainee).post(
        reverse("api:coaching-outcomes"), data, content_type="application/json"
    )
    if field == "user":
        # Mass assignment: the owner is always the caller.
        assert response.status_code == 201
        assert list(Outcome.objects.values_list("user", flat=True)) == [trainee.pk]
    else:
        assert response.status_code == 400
        assert not Outcome.objects.exists()


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-27", "2013-12-30"])
def test_web_outcome_for_an_absurd_week_is_refused(client_for, trainee, week):
    response = client_for(trainee).post(
        reverse("coaching:outcome_save", args=[week]), {k: str(v) for k, v in OUTCOME.items()}
    )
    assert response.status_code == 302
    assert "Choose a week from 2014 to this one." in " ".join(
        str(m) for m in get_messages(response.wsgi_request)
    )
    assert not Outcome.objects.exists()


def test_web_outcome_for_this_week_is_saved(client_for, trainee):
    response = client_for(trainee).post(
        reverse("coaching:outcome_save", args=[THIS_MONDAY]),
        {k: str(v) for k, v in OUTCOME.items()},
    )
    assert response.status_code == 302
    assert Outcome.objects.get(user=trainee).week_start == THIS_MONDAY


# --- Targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target_date", "message"),
    [
        ("0001-01-01", "has already passed: choose a target date from today"),
        ("2013-12-31", "has already passed: choose a target date from today"),
        ("9999-12-31", "Choose a date from 2014 to five years from now."),
        ("2032-01-01", "Choose a date from 2014 to five years from now."),
    ],
)
def test_api_target_refuses_absurd_dates(client_for, trainee, target_date, message):
    response = client_for(trainee).put(
        reverse("api:coaching-target"),
        {"target_ssi": 80, "target_date": target_date},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert message in str(response.json())
    membership = trainee.memberships.get()
    assert (membership.target_ssi, membership.target_date) == (None, None)


@pytest.mark.parametrize("actor", ["trainee", "coach"])
def test_web_target_refuses_absurd_dates(request, client_for, trainee, actor):
    user = request.getfixturevalue(actor)
    url = (
        reverse("coaching:target")
        if actor == "trainee"
        else reverse("coaching:coach_trainee_target", args=[trainee.pk])
    )
    client = client_for(user)
    response = client.post(url, {"target_ssi": "80", "target_date": "9999-12-31"})
    if actor == "trainee":  # the form again, with the reason
        assert response.status_code == 200
    else:  # back to the trainee's plan, the reason in a message
        plan = reverse("coaching:coach_trainee_plan", args=[trainee.pk])
        assert response.status_code == 302 and response["Location"] == f"{plan}#target"
        response = client.get(plan)
    assert "Choose a date from 2014 to five years from now." in response.content.decode()
    membership = trainee.memberships.get()
    assert (membership.target_ssi, membership.target_date) == (None, None)


def test_a_past_target_date_on_record_can_be_kept(client_for, trainee):
    past = TODAY - timedelta(days=30)
    trainee.memberships.update(target_date=past)  # set while it was still ahead
    response = client_for(trainee).put(
        reverse("api:coaching-target"),
        {"target_ssi": 80, "target_date": past.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert trainee.memberships.get().target_date == past


@pytest.mark.parametrize("api", [False, True])
def test_a_coach_tasks_howto_is_bounded(client_for, trainee, coach, cohort, api):
    before = counts()
    data = {**TASK, "due_date": TODAY.isoformat(), "howto": "x" * 2001}
    web = client_for(coach)
    if api:
        url = reverse("api:coaching-cohort-tasks", args=[cohort.pk])
        response = web.post(url, data, content_type="application/json")
        assert response.status_code == 400
        assert "howto" in response.json()["fields"]
    else:
        url = reverse("coaching:coach_cohort", args=[cohort.pk])
        response = web.post(url, {"action": "task", **data})
        assert response.status_code == 200
        assert "at most 2000 characters" in str(response.context["task_form"].errors["howto"])
    assert counts() == before
