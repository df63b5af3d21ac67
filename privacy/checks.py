"""Start-up check: a retention shorter than what the engine reads would change estimates."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.checks import Error, register

#: A month is at least 28 days: this many months always cover the engine's reach.
MONTH_MIN_DAYS = 28


def minimum_retention_months() -> int:
    from scoring.services import ACTIVITY_REACH_DAYS

    return math.ceil(ACTIVITY_REACH_DAYS / MONTH_MIN_DAYS)


@register()
def retention_covers_the_engine(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    months = settings.ACTIVITY_RETENTION_MONTHS
    least = minimum_retention_months()
    if months and months < least:
        return [
            Error(
                f"ACTIVITY_RETENTION_MONTHS={months} would prune activity that estimates "
                f"computed again still read.",
                hint=f"Use 0 (keep forever) or at least {least} months.",
                id="privacy.E001",
            )
        ]
    return []
