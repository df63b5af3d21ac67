"""The attention rules, pure: facts and a day in, who needs a word out."""

from datetime import date, timedelta

import pytest

from coaching.reminders import rules
from coaching.reminders.rules import TraineeFacts

TODAY = date(2026, 11, 25)


def facts(**kwargs) -> TraineeFacts:
    defaults = {"user_id": 1, "name": "Tina", "joined": TODAY - timedelta(days=60)}
    return TraineeFacts(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    ("activity", "login", "joined", "quiet", "inactive"),
    [
        (4, None, 60, 4, False),
        (5, None, 60, 5, True),
        (None, None, 60, 60, True),
        (9, 2, 60, 2, False),  # a login counts
        (None, None, 3, 3, False),  # a new account is not inactive
        (None, 6, 60, 6, True),
    ],
)
def test_quiet_days_and_inactivity(activity, login, joined, quiet, inactive):
    f = facts(
        last_activity=TODAY - timedelta(days=activity) if activity is not None else None,
        last_login=TODAY - timedelta(days=login) if login is not None else None,
        joined=TODAY - timedelta(days=joined),
    )
    assert rules.quiet_days(f, TODAY) == quiet
    assert rules.is_inactive(f, TODAY) is inactive


@pytest.mark.parametrize(("days", "needs"), [(None, True), (6, False), (7, True), (0, False)])
def test_needs_ssi(days, needs):
    last = TODAY - timedelta(days=days) if days is not None else None
    assert rules.needs_ssi(facts(last_snapshot=last), TODAY) is needs


def test_movers_are_the_largest_moves_either_way():
    people = [
        facts(user_id=1, name="Ada", ssi_change=2.0, last_snapshot=TODAY, last_activity=TODAY),
        facts(user_id=2, name="Bea", ssi_change=-5.5, last_snapshot=TODAY - timedelta(days=8)),
        facts(user_id=3, name="Cy", ssi_change=None, last_activity=TODAY),
        facts(user_id=4, name="Di", ssi_change=0.0, last_snapshot=TODAY, last_activity=TODAY),
        facts(user_id=5, name="Ed", ssi_change=3.0, last_snapshot=TODAY, last_activity=TODAY),
    ]
    assert [f.name for f in rules.top_movers(people)] == ["Bea", "Ed", "Ada"]
    assert [f.name for f in rules.top_movers(people, limit=1)] == ["Bea"]
