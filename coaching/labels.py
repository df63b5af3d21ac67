"""Why a trainee needs attention, in words (the names of pillars and factors are
``scoring.vocabulary``'s)."""

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
