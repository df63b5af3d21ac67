from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def signed(value: Decimal | float | None, places: int = 2) -> str:
    """A change with its sign ("+2.50"; a true minus sign for drops); "" for None."""
    if value is None:
        return ""
    number = floatformat(abs(value), places)
    if value > 0:
        return f"+{number}"
    if value < 0:
        return f"\u2212{number}"
    return str(floatformat(0, places))


@register.filter
def delta_class(value: Decimal | float | None) -> str:
    if value is None or value == 0:
        return ""
    return "delta-up" if value > 0 else "delta-down"
