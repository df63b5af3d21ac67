"""What coaching contributes to the dashboard and to the coach's cohort table."""

from __future__ import annotations

import html
from datetime import timedelta
from functools import partial

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import Cohort, Membership, User
from accounts.panels import Cell, CohortBoard, CohortColumns, Column, Panel
from scoring import charts

from . import bridge, labels, risk, selectors, services, streaks


def plan_panel(request: HttpRequest, trainee: User) -> Panel | None:
    """Today's tasks, the streak and the week's progress; the trainee's visit makes the plan."""
    if trainee.is_staff or trainee.role != "trainee":
        return None
    today = bridge.user_today(trainee)
    week = services.week_start_of(today)
    is_own = request.user.pk == trainee.pk
    plan = selectors.plan_with_tasks(trainee, week)
    if plan is None and is_own:
        services.plan_generate(user=trainee, today=today)
        plan = selectors.plan_with_tasks(trainee, week)
    tasks = list(plan.tasks.all()) if plan else []
    url = (
        reverse("coaching:plan")
        if is_own
        else reverse("coaching:coach_trainee_plan", args=[trainee.pk])
    )
    return Panel(
        template="coaching/panel_plan.html",
        context={
            "plan": plan,
            "today_tasks": [t for t in tasks if t.due_date == today],
            "summary": selectors.week_summary(tasks),
            "streak": selectors.streak_of(trainee, today),
            "url": url,
            "is_own": is_own,
        },
    )


OUTCOME_WEEKS = 12
#: Below this many trainees with both numbers, a correlation says nothing.
MIN_CORRELATION_N = 10


def risk_rules_of(cohort: Cohort) -> risk.RiskRules:
    return risk.RiskRules(
        no_ssi_days=cohort.risk_no_ssi_days,
        drop_points=float(cohort.risk_drop_points),
        drop_days=cohort.risk_drop_days,
        low_completion=cohort.risk_low_completion_percent / 100,
        low_completion_weeks=cohort.risk_low_completion_weeks,
        no_login_days=cohort.risk_no_login_days,
    )


def cohort_risk(board: CohortBoard) -> dict[int, list[risk.RiskFlag]]:
    """The at-risk flags of every trainee of the board: two queries of coaching's own
    (joining days, weekly completion) on top of the score rows scoring left in
    ``board.shared`` (read again if it did not)."""
    cohort, today = board.cohort, board.today
    if "risk" in board.shared:
        return board.shared["risk"]
    ids = [t.pk for t in board.trainees]
    rules = risk_rules_of(cohort)
    scores = board.shared.get("scores")
    if scores is None:
        since = today - timedelta(days=rules.drop_days)
        shared = bridge.shared_drop_days_of([cohort.pk], since)
        scores = bridge.cohort_score_rows(
            ids, today=today, drop_since=since, shared_drop_days=shared
        )
        board.shared["scores"] = scores
        board.shared.setdefault("shared_drop_days", shared)
    shared_days = board.shared.get("shared_drop_days", set())
    week = today - timedelta(days=today.weekday())
    rates = board.shared.setdefault(
        "weeks", selectors.week_rates_for(ids, week, rules.low_completion_weeks)
    )
    joined = {pk: j for pk, (j, _target) in board.memberships.items()}
    if not board.memberships:  # a board made without them (the API's at-risk list)
        joined = dict(
            Membership.objects.filter(cohort=cohort, user_id__in=ids).values_list(
                "user_id", "joined_at"
            )
        )
    flags = {}
    for trainee in board.trainees:
        row = scores.get(trainee.pk)
        weeks = rates.get(trainee.pk, {})
        past = []
        for n in range(1, rules.low_completion_weeks + 1):
            total, done, _skipped = weeks.get(week - timedelta(days=7 * n), (0, 0, 0))
            past.append(streaks.completion_rate(done, total))
        flags[trainee.pk] = risk.risk_flags(
            risk.TraineeSeries(
                today=today,
                joined=joined[trainee.pk].date() if trainee.pk in joined else None,
                last_ssi=row.ssi_date if row else None,
                scores=row.drop_series if row else (),
                shared_drop_days=shared_days,
                weeks=past,
                last_login=trainee.last_login.date() if trainee.last_login else None,
            ),
            rules,
        )
    board.shared["risk"] = flags
    return flags


def cohort_columns(board: CohortBoard) -> CohortColumns:
    """This week's completion, the habit streak and the at-risk flag per trainee, plus
    outcomes against SSI: a constant number of queries (streaks in one)."""
    cohort, today = board.cohort, board.today
    ids = [t.pk for t in board.trainees]
    flags = cohort_risk(board)
    week = today - timedelta(days=today.weekday())
    rates = board.shared["weeks"]
    streak_of = selectors.current_streaks(board.trainees, today)
    outcomes = selectors.outcome_totals(ids, week - timedelta(days=7 * (OUTCOME_WEEKS - 1)))
    needs = _("Needs attention")
    no_tasks = format_html('<span class="row-hint">{}</span>', _("no tasks"))
    ok = format_html('<span class="badge good">{}</span>', _("OK"))
    cells: dict[int, list[Cell]] = {}
    for trainee_id in ids:
        total, done, _skipped = rates.get(trainee_id, {}).get(week, (0, 0, 0))
        rate = streaks.completion_rate(done, total)
        if rate is None:
            week_cell = Cell(None, no_tasks, (None, 0, 0))
        else:
            week_cell = Cell(
                rate,
                partial(
                    format_html,
                    '{}%<span class="row-hint">{}/{}</span>',
                    round(rate * 100),
                    done,
                    total,
                ),
                (round(rate * 100), done, total),
            )
        streak = streak_of.get(trainee_id, 0)
        reasons = [labels.risk_text(f) for f in flags.get(trainee_id, [])]
        if reasons:
            risk_cell = Cell(
                len(reasons),
                partial(
                    format_html,
                    '<span class="badge bad">{}</span><ul class="risk-reasons">{}</ul>',
                    needs,
                    format_html_join("", "<li>{}</li>", ((r,) for r in reasons)),
                ),
                ("; ".join(reasons),),
            )
        else:
            risk_cell = Cell(0, ok, ("",))
        cells[trainee_id] = [week_cell, Cell(streak, str(streak), (streak,)), risk_cell]
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
        cells=cells,
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
    for key, label in (
        ("meetings", _("Meetings booked")),
        ("opportunities", _("Opportunities created")),
    ):
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
            "weeks": OUTCOME_WEEKS,
            "min_n": MIN_CORRELATION_N,
            "at_risk": len(at_risk),
            "trainees": len(board.trainees),
        },
    )
