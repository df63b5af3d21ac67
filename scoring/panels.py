"""The score panel on the trainee dashboard (and on the coach's view of a trainee)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Membership, User
from accounts.panels import Cell, CohortBoard, CohortColumns, Column, Panel

from . import selectors, vocabulary
from .charts import Series, histogram, line_chart
from .vocabulary import PILLAR_NAMES

#: The column labels of the chart table (the template's own headings say the same).
PILLAR_SHORT = {
    "brand": gettext_lazy("Brand"),
    "people": gettext_lazy("People"),
    "insights": gettext_lazy("Insights"),
    "relationships": gettext_lazy("Relationships"),
}

RANGE_LABELS = {
    "90d": gettext_lazy("90 days"),
    "1y": gettext_lazy("1 year"),
    "all": gettext_lazy("All"),
}


def _urls(trainee: User, viewer: Any) -> dict[str, str]:
    own = trainee.pk == viewer.pk
    suffix, args = ("", []) if own else ("_for", [trainee.pk])
    return {
        "history": reverse(f"scoring:history{suffix}", args=args),
        "why": reverse(f"scoring:why{suffix}", args=args),
        "charts": reverse(f"scoring:charts{suffix}", args=args),
        "page": reverse("accounts:dashboard")
        if own
        else reverse("accounts:trainee_detail", args=[trainee.pk]),
    }


def overview_context(request: HttpRequest, trainee: User) -> dict[str, Any]:
    overview = selectors.score_overview(trainee, range_key=request.GET.get("range", ""))
    latest, estimate = overview.latest, overview.estimate
    pillars = [
        {
            "key": key,
            "name": PILLAR_NAMES[key],
            "official": getattr(latest, key) if latest else None,
            "estimated": getattr(estimate, key) if estimate else None,
            # The bar shows the official score, or the estimate when there is none.
            "meter": getattr(latest or estimate, key) if latest or estimate else None,
            "percent": round(float(getattr(latest or estimate, key)) * 4)
            if latest or estimate
            else 0,
        }
        for key in vocabulary.PILLARS
    ]
    # Days marked on the charts (such as those when most of the trainee's cohort dropped
    # at once, so nobody reads them as the trainee's own doing), from the hooks.
    first = min((p.day for p in overview.official + overview.estimated), default=None)
    since = first if selectors.RANGES[overview.range_key] is not None else None
    marks = chart_marks(trainee, since) if overview.official else []
    total_chart = line_chart(
        [
            Series("official", _("Official SSI"), [(p.day, p.total) for p in overview.official]),
            Series("estimated", _("Estimate"), [(p.day, p.total) for p in overview.estimated]),
        ],
        y_max=100,
        y_step=25,
        marks=marks,
    )
    pillar_chart = line_chart(
        [
            Series(
                key, str(PILLAR_NAMES[key]), [(p.day, p.pillars[key]) for p in overview.official]
            )
            for key in vocabulary.PILLARS
        ],
        y_max=25,
        y_step=5,
        marks=marks,
    )
    urls = _urls(trainee, request.user)
    ranges = [
        {
            "key": key,
            "label": label,
            "current": key == overview.range_key,
            "href": f"{urls['page']}?range={key}",
            "hx": f"{urls['charts']}?range={key}",
        }
        for key, label in RANGE_LABELS.items()
    ]
    estimated_by_day = {p.day: p.total for p in overview.estimated}
    marked = {day: label for day, label in marks}
    # The rows of the table as one piece of HTML, each number formatted once here: a
    # two-year table has thousands of cells, and a template loop with filters costs
    # several times more per cell than the page around it.
    sep = get_format("DECIMAL_SEPARATOR")
    # Each cell names its column, so that on a phone the row reads as a card.
    labels = [_("Official"), _("Estimate"), *(str(PILLAR_SHORT[key]) for key in vocabulary.PILLARS)]
    row = '<tr><th scope="row">{}{}</th>' + "".join(
        f'<td class="num" data-label="{escape(label)}">{{}}</td>' for label in labels
    )
    table = format_html_join(
        "",
        row + "</tr>",
        (
            (
                date_format(p.day, "DATE_FORMAT"),
                format_html(' <span class="badge warn">{}</span>', marked[p.day])
                if p.day in marked
                else "",
                _number(p.total, sep),
                _number(estimated_by_day.get(p.day), sep) or "\u2013",
                *(_number(p.pillars[key], sep) for key in vocabulary.PILLARS),
            )
            for p in reversed(overview.official)
        ),
    )
    return {
        "trainee": trainee,
        "overview": overview,
        "latest": latest,
        "estimate": estimate,
        "pillars": pillars,
        "total_chart": total_chart,
        "pillar_chart": pillar_chart,
        "ranges": ranges,
        "table": table,
        "urls": urls,
        "is_own": trainee.pk == request.user.pk,
        "gap_text": gap_text(overview.gap, own=trainee.pk == request.user.pk),
        "marks": marks,
        "since": since,
    }


def gap_text(gap: selectors.EstimateGap | None, *, own: bool) -> str:
    """ "Over the last 30 days your estimate ran 3 points above LinkedIn's", in words."""
    if gap is None:
        return ""
    points = floatformat(abs(gap.mean), 1)
    values = {"points": points, "days": gap.days, "window": selectors.GAP_DAYS}
    if abs(gap.mean) < 0.5:
        text = (
            ngettext(
                "Over the last %(window)s days your estimate stayed within half a point of "
                "LinkedIn's (%(days)s day with both).",
                "Over the last %(window)s days your estimate stayed within half a point of "
                "LinkedIn's (%(days)s days with both).",
                gap.days,
            )
            if own
            else ngettext(
                "Over the last %(window)s days the estimate stayed within half a point of "
                "LinkedIn's (%(days)s day with both).",
                "Over the last %(window)s days the estimate stayed within half a point of "
                "LinkedIn's (%(days)s days with both).",
                gap.days,
            )
        )
    elif gap.mean > 0:
        text = (
            ngettext(
                "Over the last %(window)s days your estimate ran %(points)s points above "
                "LinkedIn's (%(days)s day with both).",
                "Over the last %(window)s days your estimate ran %(points)s points above "
                "LinkedIn's (%(days)s days with both).",
                gap.days,
            )
            if own
            else ngettext(
                "Over the last %(window)s days the estimate ran %(points)s points above "
                "LinkedIn's (%(days)s day with both).",
                "Over the last %(window)s days the estimate ran %(points)s points above "
                "LinkedIn's (%(days)s days with both).",
                gap.days,
            )
        )
    else:
        text = (
            ngettext(
                "Over the last %(window)s days your estimate ran %(points)s points below "
                "LinkedIn's (%(days)s day with both).",
                "Over the last %(window)s days your estimate ran %(points)s points below "
                "LinkedIn's (%(days)s days with both).",
                gap.days,
            )
            if own
            else ngettext(
                "Over the last %(window)s days the estimate ran %(points)s points below "
                "LinkedIn's (%(days)s day with both).",
                "Over the last %(window)s days the estimate ran %(points)s points below "
                "LinkedIn's (%(days)s days with both).",
                gap.days,
            )
        )
    return text % values


def _number(value: float | None, separator: str = ".") -> str | None:
    """Two decimals with the active language's separator (13.12 / 13,12); scores stay
    below 100, so no thousands separator is needed."""
    return None if value is None else f"{value:.2f}".replace(".", separator)


def score_panel(request: HttpRequest, trainee: User) -> Panel:
    return Panel(
        template="scoring/panels/score.html",
        context=overview_context(request, trainee),
        wide=True,
    )


AVERAGE_DAYS = 90


def _signed(value: float | None, sep: str) -> str:
    """A change with its sign, as shown: a change that rounds to 0.00 has none."""
    if value is None:
        return ""
    shown = round(value, 2)
    text = _number(abs(shown), sep) or ""
    return ("+" if shown > 0 else "\u2212" if shown < 0 else "") + text


def _delta_html(value: float, sep: str) -> str:
    shown = round(value, 2)
    css = "delta-up" if shown > 0 else "delta-down" if shown < 0 else ""
    return f'<span class="{css}">{_signed(value, sep)}</span>'  # a number and a constant


def _delta_cell(value: float | None, sep: str) -> Cell:
    if value is None:
        return Cell(None, DASH, (None,))
    return Cell(value, partial(_delta_html, value, sep), (value,))


DASH = mark_safe('<span aria-hidden="true">—</span>')


def cohort_columns(board: CohortBoard) -> CohortColumns:
    """Scores per trainee (latest SSI, changes, pillars, estimate, target progress, last
    activity) and the cohort's averages, distribution and shared-drop days.

    Read from ``board.shared["scores"]`` when a loader of ``COHORT_BOARD_LOADERS`` left
    the stored rows there (coaching's summaries): then one query, the cohort days.
    Without it the score rows are read here (two queries, three with shared drops) and
    left there for the others."""
    cohort, today = board.cohort, board.today
    ids = [t.pk for t in board.trainees]
    days = selectors.cohort_days([cohort.pk], today - timedelta(days=AVERAGE_DAYS - 1))
    rows = board.shared.get("scores")  # the stored rows, when a loader left them
    if rows is None:
        drop_since = today - timedelta(days=cohort.risk_drop_days)
        shared = {d.date for d in days if d.shared_drop and d.date > drop_since}
        rows = selectors.cohort_score_rows(
            ids, today=today, drop_since=drop_since, shared_drop_days=shared
        )
    targets = {pk: target for pk, (_joined, target) in board.memberships.items()}
    if not board.memberships:
        targets = dict(
            Membership.objects.filter(cohort=cohort, user_id__in=ids).values_list(
                "user_id", "target_ssi"
            )
        )
    board.shared["scores"] = rows
    board.shared["shared_drop_days"] = {d.date for d in days if d.shared_drop}
    sep = get_format("DECIMAL_SEPARATOR")
    no_data = format_html('{}<span class="row-hint">{}</span>', DASH, _("no data yet"))
    no_ssi = format_html('{}<span class="row-hint">{}</span>', DASH, _("no SSI recorded"))
    # The cells are plain f-strings of numbers, formatted dates and text escaped once here
    # (format_html per cell was a tenth of the page at 300 trainees).
    verified = f' <span class="badge good" title="{html.escape(_("verified by a coach"))}">✓</span>'
    short_date = get_format("SHORT_DATE_FORMAT")

    # Many trainees share a day: each is formatted (and escaped) once per request.
    @cache
    def short(day: Any) -> str:
        return html.escape(date_format(day, short_date))

    names = {k: html.escape(str(PILLAR_NAMES[k])) for k in vocabulary.PILLARS}

    def ssi_html(row: selectors.ScoreRow) -> str:
        return (
            f"<strong>{_number(row.ssi, sep)}</strong>{verified if row.verified else ''}"
            f'<span class="row-hint">{short(row.ssi_date)}</span>'
        )

    def pillars_html(row: selectors.ScoreRow) -> str:
        meters = "".join(
            f'<meter class="pillar-meter meter-{k}" min="0" max="25" value="{row.pillars[k]:.2f}" '
            f'title="{names[k]}: {_number(row.pillars[k], sep)}">'
            f"{_number(row.pillars[k], sep)}</meter>"
            for k in vocabulary.PILLARS
        )
        return f'<span class="mini-bars">{meters}</span>'

    def target_html(ssi: float, target: int, progress: float) -> str:
        return (
            f'<meter class="target-meter" min="0" max="{int(target)}" '
            f'value="{min(ssi, target):.2f}"></meter> {round(progress * 100)}%'
        )

    # One maker per column: a cell is made only when the page uses it.
    def scored(trainee_id: int) -> Any:
        row = rows.get(trainee_id)
        return row if row is not None and row.ssi is not None else None

    def ssi_cell(trainee_id: int) -> Cell:
        row = scored(trainee_id)
        if row is None:
            return Cell(None, no_ssi, (None, None, None))
        return Cell(row.ssi, partial(ssi_html, row), (row.ssi, row.ssi_date, row.verified))

    def change_cell(name: str) -> Callable[[int], Cell]:
        def make(trainee_id: int) -> Cell:
            row = rows.get(trainee_id)
            return _delta_cell(getattr(row, name) if row is not None else None, sep)

        return make

    def pillars_cell(trainee_id: int) -> Cell:
        row = scored(trainee_id)
        if row is None:
            return Cell(None, DASH, (None,) * 4)
        pillars = row.pillars
        return Cell(
            pillars.get("brand"),
            partial(pillars_html, row),
            tuple(pillars.get(k) for k in vocabulary.PILLARS),
        )

    def estimate_cell(trainee_id: int) -> Cell:
        row = rows.get(trainee_id)
        estimate = row.estimate if row is not None else None
        if not estimate:
            return Cell(None, no_data, (None,))
        return Cell(estimate, partial(_number, estimate, sep), (estimate,))

    def target_cell(trainee_id: int) -> Cell:
        target = targets.get(trainee_id) or cohort.target_ssi
        row = scored(trainee_id)
        if row is None:
            return Cell(None, f"{DASH} / {int(target)}", (target, None))
        progress = min(1.0, row.ssi / target)
        return Cell(
            progress,
            partial(target_html, row.ssi, target, progress),
            (target, round(progress * 100)),
        )

    def last_cell(trainee_id: int) -> Cell:
        row = rows.get(trainee_id)
        last = row.last_activity if row is not None else None
        return Cell(last, partial(short, last), (last,)) if last else Cell(None, DASH, (None,))

    columns = [
        Column(
            "ssi",
            _("Latest SSI"),
            export=(_("Latest SSI"), _("Recorded on"), _("Verified by a coach")),
            fields=("ssi", "ssi_date", "ssi_verified"),
        ),
        Column("change_7d", _("7 days")),
        Column("change_30d", _("30 days")),
        Column(
            "pillars",
            _("Pillars"),
            css="",
            export=tuple(str(PILLAR_NAMES[k]) for k in vocabulary.PILLARS),
            fields=tuple(vocabulary.PILLARS),
        ),
        Column("estimate", _("Estimate")),
        Column(
            "target",
            _("Target"),
            css="",
            export=(_("Target SSI"), _("Target reached (%)")),
            fields=("target_ssi", "target_percent"),
        ),
        Column("last_activity", _("Last activity")),
    ]
    return CohortColumns(
        columns=columns,
        cells=[
            ssi_cell,
            change_cell("change_7d"),
            change_cell("change_30d"),
            pillars_cell,
            estimate_cell,
            target_cell,
            last_cell,
        ],
        sections=[_averages_section(board, rows, days)],
    )


def _averages_section(board: CohortBoard, rows: dict, days: list) -> Panel:
    """Cohort averages per pillar today and over time, and the distribution of scores."""
    with_ssi = [r for r in rows.values() if r.ssi is not None]
    sep = get_format("DECIMAL_SEPARATOR")
    averages = [
        {
            "key": key,
            "name": PILLAR_NAMES[key],
            "value": _number(sum(r.pillars[key] for r in with_ssi) / len(with_ssi), sep)
            if with_ssi
            else None,
            "raw": f"{sum(r.pillars[key] for r in with_ssi) / len(with_ssi):.2f}"
            if with_ssi
            else None,
        }
        for key in vocabulary.PILLARS
    ]
    total = sum(r.ssi for r in with_ssi) / len(with_ssi) if with_ssi else None
    marks = [d.date for d in days if d.shared_drop]
    drop_label = _("Likely a change on LinkedIn's side: most of the cohort dropped this day")
    chart = line_chart(
        [
            Series(
                "official",
                _("Average SSI"),
                [(d.date, d.total) for d in days if d.total is not None],
            ),
            *(
                Series(
                    k,
                    str(PILLAR_NAMES[k]),
                    [(d.date, getattr(d, k)) for d in days if getattr(d, k) is not None],
                )
                for k in vocabulary.PILLARS
            ),
        ],
        y_max=100,
        y_step=25,
        marks=[(day, drop_label) for day in marks],
        dots=False,
    )
    # The table alternative, built once in Python: 90 rows of numbers and dates (nothing
    # a user typed), several times cheaper than a template loop.
    short_date = get_format("SHORT_DATE_FORMAT")
    badge = format_html(' <span class="badge warn">{}</span>', _("LinkedIn-side drop"))
    table = mark_safe(  # noqa: S308
        "".join(
            f'<tr><th scope="row">{date_format(d.date, short_date)}</th>'
            + "".join(
                f'<td class="num">{_number(v, sep) or "\u2013"}</td>'
                for v in (d.total, *(getattr(d, k) for k in vocabulary.PILLARS))
            )
            + f'<td class="num">{d.trainees}</td><td>{badge if d.shared_drop else ""}</td></tr>'
            for d in reversed(days)
        )
    )
    return Panel(
        template="scoring/panels/cohort_scores.html",
        context={
            "averages": averages,
            "total": _number(total, sep) if total is not None else None,
            "count": len(with_ssi),
            "trainees": len(rows),
            "chart": chart,
            "table": table,
            "shared_drops": marks,
            "histogram": histogram([r.ssi for r in with_ssi]),
        },
        wide=True,
    )


def chart_marks(trainee: User, since: Any) -> list[tuple[Any, str]]:
    """Days to mark on the charts, from every hook in ``settings.SCORE_CHART_MARKS``."""
    marks: list[tuple[Any, str]] = []
    for path in settings.SCORE_CHART_MARKS:
        marks.extend(import_string(path)(trainee, since))
    return sorted(marks)


def shared_drop_marks(trainee: User, since: Any) -> list[tuple[Any, str]]:
    """Days when most of one of the trainee's cohorts dropped at once: likely a change on
    LinkedIn's side (an entry of ``settings.SCORE_CHART_MARKS``): one query."""
    label = _("Likely a change on LinkedIn's side")
    return [(day, label) for day in sorted(selectors.shared_drop_days_for(trainee, since))]


def charts_page_context(request: HttpRequest, trainee: User) -> dict[str, Any]:
    """The charts page: the dashboard's charts, plus the outlook (official and estimated
    SSI, peer averages, the target line and the forecast to the target date with its
    likely range), the weekly change and any marked days, each with a table."""
    context = overview_context(request, trainee)
    overview = context["overview"]
    since = context["since"]
    first = min((p.day for p in overview.official + overview.estimated), default=None)
    peers = selectors.peer_averages(trainee, since)
    outlook = (
        import_string(settings.SCORE_CHART_OUTLOOK)(trainee)
        if settings.SCORE_CHART_OUTLOOK
        else None
    )
    marks = context["marks"]
    series = [
        Series("official", _("Official SSI"), [(p.day, p.total) for p in overview.official]),
        Series("estimated", _("Estimate"), [(p.day, p.total) for p in overview.estimated]),
        Series("industry", _("Industry average"), [(d, i) for d, i, _n in peers if i is not None]),
        Series("network", _("Network average"), [(d, n) for d, _i, n in peers if n is not None]),
    ]
    target = outlook.get("target") if outlook else None
    target_date = outlook.get("target_date") if outlook else None
    projection = outlook.get("projection") if outlook else None
    if target is not None and target_date is not None:
        start = first or target_date
        series.append(Series("target", _("Target"), [(start, target), (target_date, target)]))
    if projection is not None:
        series += [
            Series(
                "forecast",
                _("Forecast"),
                list(zip(projection.days, projection.middle, strict=True)),
            ),
            Series(
                "forecast-low",
                _("Likely range, low"),
                list(zip(projection.days, projection.low, strict=True)),
            ),
            Series(
                "forecast-high",
                _("Likely range, high"),
                list(zip(projection.days, projection.high, strict=True)),
            ),
        ]
    sep = get_format("DECIMAL_SEPARATOR")
    outlook_table = []
    if projection is not None:
        outlook_table = [
            {
                "day": day,
                "middle": _number(m, sep),
                "low": _number(lo, sep),
                "high": _number(hi, sep),
            }
            for day, m, lo, hi in zip(
                projection.days, projection.middle, projection.low, projection.high, strict=True
            )
        ]
    return context | {
        "outlook": outlook,
        "outlook_chart": line_chart(
            series, y_max=100, y_step=25, marks=[day for day, _label in marks]
        ),
        "outlook_table": outlook_table,
        "peers": [
            {"day": d, "industry": _number(i, sep), "network": _number(n, sep)}
            for d, i, n in reversed(peers)
        ],
        "weekly": [
            {"week": week, "total": _number(total, sep), "change": change}
            for week, total, change in selectors.weekly_changes(overview.official)
        ],
        "marks": marks,
    }
