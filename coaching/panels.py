"""What coaching contributes to the dashboard and to the coach's cohort table."""

from __future__ import annotations

import html
from datetime import timedelta

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.panels import Cell, CohortBoard, CohortColumns, Column, Panel
from accounts.selectors import user_today
from scoring import charts
from scoring import selectors as scoring_selectors

from . import labels, selectors, services, streaks
from .summaries import OUTCOME_WEEKS, board_risk, outcomes_since


def plan_panel(request: HttpRequest, trainee: User) -> Panel | None:
    """Today's tasks, the streak and the week's progress; reading it never makes a plan."""
    if not trainee.is_trainee:
        return None
    today = user_today(trainee)
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


#: Below this many trainees with both numbers, a correlation says nothing.
MIN_CORRELATION_N = 10


def cohort_columns(board: CohortBoard) -> CohortColumns:
    """This week's completion, the habit streak and the at-risk flag per trainee, plus
    outcomes against SSI: all from the stored rows, and one query for the outcomes of
    the trainees whose row counts them from another week than the cohort's today."""
    cohort, today = board.cohort, board.today
    flags = board_risk(board)  # loads the stored rows into board.shared
    summaries = board.shared["summaries"]
    since = outcomes_since(today)
    outcomes = {
        pk: {"meetings": s.meetings, "opportunities": s.opportunities}
        for pk, s in summaries.items()
        if s.outcomes_since == since and s.outcomes_logged
    }
    elsewhere = [pk for pk, s in summaries.items() if s.outcomes_since != since]
    if elsewhere:  # a time zone already in another week than the coach's
        outcomes.update(selectors.outcome_totals(elsewhere, since))
    # The cells are f-strings of numbers and of text escaped once (format_html per cell
    # cost more than the rest of the row).
    needs = html.escape(_("Needs attention"))
    no_tasks = format_html('<span class="row-hint">{}</span>', _("no tasks"))
    ok = format_html('<span class="badge good">{}</span>', _("OK"))

    # One maker per column: a cell is made only when the page uses it.
    def week_cell(trainee_id: int) -> Cell:
        summary = summaries[trainee_id]  # this week on the trainee's own day
        total, done = summary.week_total, summary.week_done
        rate = streaks.completion_rate(done, total)
        if rate is None:
            return Cell(None, no_tasks, (None, 0, 0))
        percent = round(rate * 100)
        return Cell(
            rate,
            f'{percent}%<span class="row-hint">{int(done)}/{int(total)}</span>',
            (percent, done, total),
        )

    def streak_cell(trainee_id: int) -> Cell:
        streak = summaries[trainee_id].streak
        return Cell(streak, str(streak), (streak,))

    def risk_cell(trainee_id: int) -> Cell:
        reasons = [labels.risk_text(f) for f in flags.get(trainee_id, [])]
        if not reasons:
            return Cell(0, ok, ("",))
        items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
        return Cell(
            len(reasons),
            f'<span class="badge bad">{needs}</span><ul class="risk-reasons">{items}</ul>',
            ("; ".join(reasons),),
        )

    at_risk = {pk for pk, f in flags.items() if f}
    return CohortColumns(
        columns=[
            Column(
                "week",
                _("Tasks this week"),
                export=(_("Tasks done this week (%)"), _("Tasks done"), _("Tasks planned")),
                fields=("week_percent", "week_done", "week_total"),
            ),
            Column("streak", _("Streak")),
            Column("risk", _("Attention"), css="risk", export=(_("Needs attention because"),)),
        ],
        cells=[week_cell, streak_cell, risk_cell],
        filters={"risk": (_("Needs attention"), at_risk)},
        links=[
            (_("Plans, tasks and strategy"), reverse("coaching:coach_cohort", args=[cohort.pk]))
        ],
        sections=[_outcomes_section(board, outcomes, at_risk)],
    )


def _outcomes_section(board: CohortBoard, outcomes: dict, at_risk: set[int]) -> Panel:
    """SSI against meetings and opportunities of the last weeks, with the correlation."""
    scores = board.shared["scores"]
    names = {t.pk: t.get_full_name() or t.email for t in board.trainees}
    # Escaped once per trainee (the standard library's escape: Django's wraps lazy text).
    safe_names = {pk: html.escape(name) for pk, name in names.items()}
    sep = get_format("DECIMAL_SEPARATOR")
    measures = []
    choices = (("meetings", _("Meetings booked")), ("opportunities", _("Opportunities created")))
    # One scatter at a time (the page's ?outcome=), the other one link away.
    wanted = board.params.get("outcome", "meetings")
    if wanted not in dict(choices):
        wanted = "meetings"
    base = reverse("accounts:cohort_detail", args=[board.cohort.pk])
    switch = [
        {"key": key, "label": label, "current": key == wanted, "href": f"{base}?outcome={key}"}
        for key, label in choices
    ]
    for key, label in choices:
        if key != wanted:
            continue
        points = [
            (scores[pk].ssi, float(outcomes[pk][key]), safe_names[pk])
            for pk in names
            if pk in outcomes and pk in scores and scores[pk].ssi is not None
        ]
        r = charts.pearson([(x, y) for x, y, _n in points])
        ordered = sorted(points, key=lambda p: p[0], reverse=True)
        chart = charts.scatter(points)
        # The table alternative of the scatter, built once: one row per trainee.
        rows_html = mark_safe(  # noqa: S308
            "".join(
                f'<tr><th scope="row">{name}</th>'
                f'<td class="num">{f"{x:.1f}".replace(".", sep)}</td>'
                f'<td class="num">{y:.0f}</td></tr>'
                for x, y, name in ordered
            )
        )
        measures.append(
            {
                "key": key,
                "label": label,
                "n": len(points),
                "r": r,
                "r_text": number_format(round(r, 2), 2) if r is not None else "",
                "enough": len(points) >= MIN_CORRELATION_N and r is not None,
                "chart": chart,
                "dots": mark_safe(  # noqa: S308
                    "".join(
                        f'<circle class="point" cx="{d.x}" cy="{d.y}" r="4">'
                        f"<title>{d.label}</title></circle>"
                        for d in chart.dots
                    )
                ),
                "rows": rows_html,
            }
        )
    return Panel(
        template="coaching/panels/cohort_outcomes.html",
        context={
            "measures": measures,
            "switch": switch,
            "weeks": OUTCOME_WEEKS,
            "min_n": MIN_CORRELATION_N,
            "at_risk": len(at_risk),
            "trainees": len(board.trainees),
        },
    )


def chart_outlook(trainee: User) -> dict | None:
    """The target and the forecast to its date, for the score charts page (a hook named
    in ``settings.SCORE_CHART_OUTLOOK``, so that scoring never imports coaching)."""

    from . import forecast

    today = user_today(trainee)
    membership = selectors.primary_membership(trainee)
    view = selectors.forecast_of(trainee, today, membership)
    target = view.target
    if target.ssi is None or target.date is None:
        return {"target": None, "target_date": None, "projection": None, "message": view.message}
    official, estimates = scoring_selectors.score_series(
        trainee, today - timedelta(days=forecast.WINDOW_DAYS)
    )
    return {
        "target": float(target.ssi),
        "target_date": target.date,
        "projection": forecast.projection(
            official=official, estimates=estimates, target_date=target.date, today=today
        ),
        "message": view.message,
    }
