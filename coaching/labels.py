"""Why a trainee needs attention, in words (the names of pillars and factors are
``scoring.vocabulary``'s)."""

from collections.abc import Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from . import risk


def risk_text(flag: risk.RiskFlag) -> str:
    """Why a trainee needs attention, in a few words of the active language."""
    if flag.code == risk.NO_SSI:
        if flag.days is None:
            return gettext("no SSI recorded yet")
        return ngettext(
            "no SSI recorded for %(days)d day", "no SSI recorded for %(days)d days", flag.days
        ) % {"days": flag.days}
    if flag.code == risk.DROP:
        return gettext("SSI down %(points)s points in %(days)d days") % {
            "points": number_format(flag.points or 0, 1),
            "days": flag.days,
        }
    if flag.code == risk.LOW_COMPLETION:
        return ngettext(
            "few tasks done for %(weeks)d week",
            "few tasks done %(weeks)d weeks running",
            flag.weeks or 0,
        ) % {"weeks": flag.weeks or 0}
    if flag.code == risk.NO_LOGIN:
        if flag.days is None:
            return gettext("never logged in")
        return ngettext("no login for %(days)d day", "no login for %(days)d days", flag.days) % {
            "days": flag.days
        }
    return flag.code


def risk_rule_label(code: str, rules: Mapping[str, Any]) -> str:
    """One at-risk rule as a cohort sets it (``coaching.risk.RiskRules`` as a mapping), in
    a few words of the active language: the headings of the coach digest."""
    if code == risk.NO_SSI:
        days = int(rules["no_ssi_days"])
        return ngettext(
            "No SSI recorded for %(days)d day or more",
            "No SSI recorded for %(days)d days or more",
            days,
        ) % {"days": days}
    if code == risk.DROP:
        points = float(rules["drop_points"])
        return gettext("SSI down %(points)s points or more in %(days)d days") % {
            "points": number_format(points, 0 if points.is_integer() else 1),
            "days": int(rules["drop_days"]),
        }
    if code == risk.LOW_COMPLETION:
        weeks = int(rules["low_completion_weeks"])
        return ngettext(
            "Under %(percent)d%% of tasks done for %(weeks)d week",
            "Under %(percent)d%% of tasks done %(weeks)d weeks running",
            weeks,
        ) % {"percent": round(float(rules["low_completion"]) * 100), "weeks": weeks}
    if code == risk.NO_LOGIN:
        days = int(rules["no_login_days"])
        return ngettext(
            "No login for %(days)d day or more", "No login for %(days)d days or more", days
        ) % {"days": days}
    return code
