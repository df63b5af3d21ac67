"""Who needs a word: the attention rules, in one place, pure (facts and a day in).

The trainee's own reminders: the inactivity nudge and the prompt to record the SSI, and
who moved most for the coach's weekly digest. Whom the digest names as needing attention
is decided by the cohort's at-risk rules (``coaching.risk``), as on the cohort dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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


def top_movers(facts: Iterable[TraineeFacts], limit: int = MOVERS_SHOWN) -> list[TraineeFacts]:
    """The trainees whose official SSI moved most (up or down), largest move first."""
    moved = [f for f in facts if f.ssi_change is not None and f.ssi_change != 0]
    return sorted(moved, key=lambda f: (-abs(f.ssi_change or 0), f.name, f.user_id))[:limit]
