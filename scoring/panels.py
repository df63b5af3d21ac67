"""The score panel on the trainee dashboard (and on the coach's view of a trainee)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.html import escape, format_html_join
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from accounts.panels import CohortColumns, Panel

from . import engine, selectors
from .charts import Series, line_chart
from .models import PILLAR_NAMES

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
        for key in engine.PILLARS
    ]
    total_chart = line_chart(
        [
            Series("official", _("Official SSI"), [(p.day, p.total) for p in overview.official]),
            Series("estimated", _("Estimate"), [(p.day, p.total) for p in overview.estimated]),
        ],
        y_max=100,
        y_step=25,
    )
    pillar_chart = line_chart(
        [
            Series(
                key, str(PILLAR_NAMES[key]), [(p.day, p.pillars[key]) for p in overview.official]
            )
            for key in engine.PILLARS
        ],
        y_max=25,
        y_step=5,
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
    # The rows of the table as one piece of HTML, each number formatted once here: a
    # two-year table has thousands of cells, and a template loop with filters costs
    # several times more per cell than the page around it.
    sep = get_format("DECIMAL_SEPARATOR")
    # Each cell names its column, so that on a phone the row reads as a card.
    labels = [_("Official"), _("Estimate"), *(str(PILLAR_SHORT[key]) for key in engine.PILLARS)]
    row = '<tr><th scope="row">{}</th>' + "".join(
        f'<td class="num" data-label="{escape(label)}">{{}}</td>' for label in labels
    )
    table = format_html_join(
        "",
        row + "</tr>",
        (
            (
                date_format(p.day, "DATE_FORMAT"),
                _number(p.total, sep),
                _number(estimated_by_day.get(p.day), sep) or "\u2013",
                *(_number(p.pillars[key], sep) for key in engine.PILLARS),
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


def cohort_columns(cohort: Any, trainees: list[User]) -> CohortColumns:
    """Latest official SSI, its date and the latest estimate per trainee, in one query."""
    ids = [t.pk for t in trainees]
    rows = selectors.latest_scores(ids)
    values: dict[int, list[Any]] = {}
    for trainee_id in ids:
        row = rows.get(trainee_id, {})
        ssi, day, estimate = row.get("ssi"), row.get("ssi_date"), row.get("estimate")
        values[trainee_id] = [
            floatformat(ssi, 1) if ssi is not None else None,
            date_format(day, "SHORT_DATE_FORMAT") if day else None,
            floatformat(estimate, 1) if estimate is not None else None,
        ]
    return CohortColumns(headers=[_("Latest SSI"), _("Recorded on"), _("Estimate")], values=values)


def chart_marks(trainee: User, since: Any) -> list[tuple[Any, str]]:
    """Days to mark on the charts, from every hook in ``settings.SCORE_CHART_MARKS``."""
    marks: list[tuple[Any, str]] = []
    for path in settings.SCORE_CHART_MARKS:
        marks.extend(import_string(path)(trainee, since))
    return sorted(marks)


def charts_page_context(request: HttpRequest, trainee: User) -> dict[str, Any]:
    """The charts page: the dashboard's charts, plus the outlook (official and estimated
    SSI, peer averages, the target line and the forecast to the target date with its
    likely range), the weekly change and any marked days, each with a table."""
    context = overview_context(request, trainee)
    overview = context["overview"]
    days = selectors.RANGES[overview.range_key]
    first = min((p.day for p in overview.official + overview.estimated), default=None)
    since = first if days is not None else None
    peers = selectors.peer_averages(trainee, since)
    outlook = (
        import_string(settings.SCORE_CHART_OUTLOOK)(trainee)
        if settings.SCORE_CHART_OUTLOOK
        else None
    )
    marks = chart_marks(trainee, since)
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
