"""What coaching contributes to the dashboard and to the coach's cohort table."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.panels import CohortColumns, Panel

from . import bridge, selectors, services


def plan_panel(request: HttpRequest, trainee: User) -> Panel | None:
    """Today's tasks, the streak and the week's progress; reading it never makes a plan."""
    if trainee.is_staff or trainee.role != "trainee":
        return None
    today = bridge.user_today(trainee)
    week = services.week_start_of(today)
    is_own = request.user.pk == trainee.pk
    plan = selectors.plan_with_tasks(trainee, week)
    tasks = list(plan.tasks.all()) if plan else []
    if is_own:
        url, create_url = reverse("coaching:plan"), reverse("coaching:plan_create")
    else:
        url = reverse("coaching:coach_trainee_plan", args=[trainee.pk])
        create_url = reverse("coaching:coach_trainee_plan_create", args=[trainee.pk])
    return Panel(
        template="coaching/panel_plan.html",
        context={
            "plan": plan,
            "today_tasks": [t for t in tasks if t.due_date == today],
            "summary": selectors.week_summary(tasks),
            "streak": selectors.streak_of(trainee, today),
            "url": url,
            "create_url": create_url,
            "is_own": is_own,
        },
    )


def cohort_columns(cohort, trainees) -> CohortColumns:
    """This week's completion and the habit streak per trainee (each in their own week):
    two queries, and no plan is made by reading them."""
    rows = selectors.week_rows_for(list(trainees), now=timezone.now())
    return CohortColumns(
        headers=[_("Plan this week"), _("Streak")],
        values={
            row.trainee.pk: [
                f"{row.summary.percent}%" if row.summary.percent is not None else None,
                row.streak,
            ]
            for row in rows
        },
        links=[
            (_("Plans, tasks and strategy"), reverse("coaching:coach_cohort", args=[cohort.pk]))
        ],
    )


def chart_outlook(trainee: User) -> dict | None:
    """The target and the forecast to its date, for the score charts page (a hook named
    in ``settings.SCORE_CHART_OUTLOOK``, so that scoring never imports coaching)."""
    from datetime import timedelta

    from . import forecast

    today = bridge.user_today(trainee)
    membership = selectors.primary_membership(trainee)
    view = selectors.forecast_of(trainee, today, membership)
    target = view.target
    if target.ssi is None or target.date is None:
        return {"target": None, "target_date": None, "projection": None, "message": view.message}
    official, estimates = bridge.score_series(trainee, today - timedelta(days=forecast.WINDOW_DAYS))
    return {
        "target": float(target.ssi),
        "target_date": target.date,
        "projection": forecast.projection(
            official=official, estimates=estimates, target_date=target.date, today=today
        ),
        "message": view.message,
    }
