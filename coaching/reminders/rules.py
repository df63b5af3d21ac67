"""Who needs a word: the attention rules, in one place, pure (facts and a day in).

The trainee's own reminders (the inactivity nudge, the prompt to record the SSI) and the
coach's weekly digest read the same rules, so that a coach is told exactly about the
trainees who were nudged. The coach dashboard's at-risk rules are meant to join
``ATTENTION_RULES``: each rule is a key, a label and a predicate on ``TraineeFacts``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Days with no activity and no login after which a trainee is nudged.
INACTIVE_DAYS = 5
#: Days without an official SSI after which a trainee is asked to record it.
NO_SSI_DAYS = 7
#: How far back "who moved most" compares the official SSI.
MOVE_DAYS = 7
MOVERS_SHOWN = 3


@dataclass(frozen=True)
class TraineeFacts:
    """What the rules know of a trainee on a given local day."""

    user_id: int
    name: str
    joined: date
    last_activity: date | None = None
    last_login: date | None = None
    last_snapshot: date | None = None
    #: Change of the official SSI over the last ``MOVE_DAYS`` days, when both ends exist.
    ssi_change: float | None = None


def quiet_days(facts: TraineeFacts, today: date) -> int:
    """Days since the trainee last did anything: logged in, logged activity, or joined."""
    seen = [d for d in (facts.last_activity, facts.last_login, facts.joined) if d is not None]
    return max(0, (today - max(seen)).days)


def is_inactive(facts: TraineeFacts, today: date) -> bool:
    return quiet_days(facts, today) >= INACTIVE_DAYS


def days_without_ssi(facts: TraineeFacts, today: date) -> int | None:
    """Days since the last official SSI; None if none was ever recorded."""
    return None if facts.last_snapshot is None else (today - facts.last_snapshot).days


def needs_ssi(facts: TraineeFacts, today: date) -> bool:
    days = days_without_ssi(facts, today)
    return days is None or days >= NO_SSI_DAYS


@dataclass(frozen=True)
class AttentionRule:
    key: str
    label: str | Promise
    applies: Callable[[TraineeFacts, date], bool]


ATTENTION_RULES: list[AttentionRule] = [
    AttentionRule("inactive", _("No activity and no login for five days or more"), is_inactive),
    AttentionRule("no_ssi", _("No SSI recorded in the last seven days"), needs_ssi),
]


def attention(
    facts: Iterable[TraineeFacts], today: date, rules: Iterable[AttentionRule] | None = None
) -> dict[str, list[TraineeFacts]]:
    """Rule key → the trainees it flags, in the order given (every rule has a key)."""
    chosen = list(ATTENTION_RULES if rules is None else rules)
    flagged: dict[str, list[TraineeFacts]] = {rule.key: [] for rule in chosen}
    for item in facts:
        for rule in chosen:
            if rule.applies(item, today):
                flagged[rule.key].append(item)
    return flagged


def top_movers(facts: Iterable[TraineeFacts], limit: int = MOVERS_SHOWN) -> list[TraineeFacts]:
    """The trainees whose official SSI moved most (up or down), largest move first."""
    moved = [f for f in facts if f.ssi_change is not None and f.ssi_change != 0]
    return sorted(moved, key=lambda f: (-abs(f.ssi_change or 0), f.name, f.user_id))[:limit]
