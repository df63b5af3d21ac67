"""'Add to this week' on a best practice: a POST, within the weekly time budget."""

import pytest
from django.urls import reverse

from coaching.models import Task, TaskTemplate
from tests.coaching.conftest import TODAY

pytestmark = pytest.mark.django_db


def _room(plan, minutes):
    """Set the plan's budget to what it already holds plus ``minutes``."""
    used = sum(t.minutes for t in plan.tasks.exclude(status="skipped"))
    plan.budget_minutes = used + minutes
    plan.save()


def _template(plan):
    used = set(plan.tasks.filter(due_date=TODAY).values_list("template_id", flat=True))
    return TaskTemplate.objects.filter(active=True).exclude(pk__in=used).order_by("minutes").first()


def test_a_best_practice_goes_into_todays_plan(client_for, trainee, plan):
    template = _template(plan)
    _room(plan, template.minutes)
    client = client_for(trainee)
    assert client.get(reverse("coaching:catalogue_add", args=[template.slug])).status_code == 405
    response = client.post(reverse("coaching:catalogue_add", args=[template.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("coaching:plan")
    assert "is in today&#x27;s plan" in response.content.decode()
    task = Task.objects.get(plan=plan, template=template, due_date=TODAY)
    assert task.minutes == template.minutes and task.user == trainee


def test_over_the_budget_it_is_refused_with_a_clear_message(client_for, trainee, plan):
    template = _template(plan)
    _room(plan, template.minutes - 1)
    before = Task.objects.count()
    response = client_for(trainee).post(
        reverse("coaching:catalogue_add", args=[template.slug]),
        {"factor": template.factor},
        follow=True,
    )
    assert Task.objects.count() == before
    assert response.redirect_chain[-1][0].startswith(
        reverse("coaching:catalogue") + f"?factor={template.factor}"
    )
    assert "There is no room for it this week" in response.content.decode()


def test_the_same_practice_twice_on_a_day_is_refused(client_for, trainee, plan):
    template = _template(plan)
    _room(plan, template.minutes * 2)
    client = client_for(trainee)
    client.post(reverse("coaching:catalogue_add", args=[template.slug]))
    response = client.post(reverse("coaching:catalogue_add", args=[template.slug]), follow=True)
    assert Task.objects.filter(plan=plan, template=template, due_date=TODAY).count() == 1
    assert "already in today&#x27;s plan" in response.content.decode()


def test_a_coach_cannot_add_to_a_plan_of_their_own(client_for, coach, trainee, plan):
    template = _template(plan)
    response = client_for(coach).post(reverse("coaching:catalogue_add", args=[template.slug]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(client, plan):
    template = _template(plan)
    response = client.post(reverse("coaching:catalogue_add", args=[template.slug]))
    assert response.status_code == 302 and reverse("login") in response.url
