"""Plausibility checks shared by every app, every form, the API and the imports.

The checks are pure: values (and "today") in, a ``ValidationError`` with a message in
the active language out. The field validators at the end wrap them for form fields and
serializer fields alike (DRF runs Django validators and keeps their messages), so a
date rule is written once for the web and the API; they alone read the date. It lives
at the bottom of the dependency chain (coaching -> scoring -> accounts) so that every
app asks the same questions in the same words.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

#: LinkedIn opened on 5 May 2003: nothing that happened on it is older.
LINKEDIN_LAUNCH = date(2003, 5, 5)
#: LinkedIn introduced the SSI in 2014: an official score dated earlier is a typo.
SSI_LAUNCH = date(2014, 1, 1)
#: A target SSI goes up to LinkedIn's maximum.
SSI_MAX = 100
#: Activity older than this no longer moves the estimate: it is not logged by hand.
ACTIVITY_WINDOW = timedelta(days=366)


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def check_linkedin_day(value: date, *, today: date, earliest: date = LINKEDIN_LAUNCH) -> date:
    """A day on which something happened on LinkedIn: not before ``earliest``, not after
    ``today`` (the member's own today)."""
    if value < earliest:
        if earliest == SSI_LAUNCH:
            raise ValidationError(
                _("LinkedIn's SSI did not exist before 2014: check the date."), code="too_early"
            )
        raise ValidationError(
            _("LinkedIn did not exist before %(year)s: check the date (%(day)s).")
            % {"year": earliest.year, "day": _day(value)},
            code="too_early",
        )
    if value > today:
        raise ValidationError(
            _("%(day)s is in the future: the date cannot be after today (%(today)s).")
            % {"day": _day(value), "today": _day(today)},
            code="future",
        )
    return value


def check_recent_day(value: date, *, today: date) -> date:
    """An activity logged by hand: within the last twelve months."""
    if value < today - ACTIVITY_WINDOW:
        raise ValidationError(_("Log activity of the last twelve months only."), code="too_old")
    return value


def check_working_days(days: list[Any]) -> list[int]:
    """At least one weekday, each from 0 (Monday) to 6 (Sunday); sorted, once each."""
    values = [d for d in days if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6]
    if len(values) != len(list(days)):
        raise ValidationError(
            _("Give a non-empty list of weekdays from 0 (Monday) to 6 (Sunday)."),
            code="weekday_range",
        )
    if not values:
        raise ValidationError(_("Choose at least one working day."), code="required")
    return sorted(set(values))


def check_target(
    *, target_ssi: int | None, target_date: date | None, today: date, unchanged_date: bool = False
) -> None:
    """A target is an SSI from 1 to 100 by a day that has not passed yet.

    ``unchanged_date``: the date was set earlier and is only kept (a passed target stays
    on record as passed); a new past date is refused.
    """
    errors: dict[str, Any] = {}
    if target_ssi is not None and not 1 <= target_ssi <= SSI_MAX:
        errors["target_ssi"] = ValidationError(
            _("A target SSI goes from 1 to 100 (LinkedIn's maximum); you gave %(value)s.")
            % {"value": target_ssi},
            code="target_range",
        )
    if target_date is not None and not unchanged_date and target_date < today:
        errors["target_date"] = ValidationError(
            _("%(day)s has already passed: choose a target date from today (%(today)s) on.")
            % {"day": _day(target_date), "today": _day(today)},
            code="target_past",
        )
    if errors:
        raise ValidationError(errors)


def check_daily_count(count: int, *, ceiling: int, label: str) -> int:
    """At most ``ceiling`` of one kind in one day: more is a typo (a zero too many)."""
    if count > ceiling:
        raise ValidationError(
            _(
                "%(count)s of “%(kind)s” in one day is more than anyone does (at most "
                "%(ceiling)s a day): check the number, or log each day separately."
            )
            % {"count": count, "kind": label, "ceiling": ceiling},
            code="daily_ceiling",
        )
    return count


def check_part_of_whole(
    *, part: int | None, whole: int | None, part_label: str, whole_label: str
) -> None:
    """A part of a network (decision makers, colleagues) cannot outnumber the network."""
    if part is not None and whole is not None and whole > 0 and part > whole:
        raise ValidationError(
            _("%(part_label)s (%(part)s) cannot be more than your %(whole_label)s (%(whole)s).")
            % {"part_label": part_label, "part": part, "whole_label": whole_label, "whole": whole},
            code="part_above_whole",
        )


def visible_length(text: str) -> int:
    """Characters as the member sees them: a line break is one, whether the browser sent
    it as CRLF, CR or LF."""
    return len(normalise_newlines(text))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- Field validators (forms and serializers) ---------------------------------------------


def latest_today() -> date:
    """The latest "today" anywhere: a field cannot know the member's own time zone, so it
    allows one day more; the service then checks the member's own today."""
    return timezone.localdate() + timedelta(days=1)


def linkedin_day(value: date) -> None:
    """A day on LinkedIn: from its launch (2003) to today."""
    check_linkedin_day(value, today=latest_today())


def ssi_day(value: date) -> None:
    """The day of an official SSI: from 2014 to today."""
    check_linkedin_day(value, today=latest_today(), earliest=SSI_LAUNCH)


def activity_day(value: date) -> None:
    """The day of an activity logged by hand: the last twelve months, up to today (a day
    that breaks both rules gets both messages)."""
    errors: list[ValidationError] = []
    for check in (
        lambda: check_recent_day(value, today=timezone.localdate()),
        lambda: linkedin_day(value),
    ):
        try:
            check()
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
