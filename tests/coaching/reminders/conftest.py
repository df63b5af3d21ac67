from datetime import date, timedelta

import pytest

from accounts.localtime import week_start


@pytest.fixture
def add_task():
    """``add_task(user, day)``: a coach-written task due that day (its week's plan made)."""
    from coaching.models import Plan, Task, TaskSource

    def add(user, day: date, title: str = "Comment on two posts", minutes: int = 10):
        plan, _created = Plan.objects.get_or_create(
            user=user,
            week_start=week_start(day),
            defaults={"strategy": "strongest", "focus_pillar": "brand", "budget_minutes": 60},
        )
        return Task.objects.create(
            plan=plan,
            user=user,
            title=title,
            pillar="insights",
            minutes=minutes,
            due_date=day,
            source=TaskSource.COACH,
        )

    return add


@pytest.fixture
def record_ssi():
    """``record_ssi(user, day, total)``: an official snapshot (pillars split evenly)."""
    from decimal import Decimal

    from scoring.models import SsiSnapshot

    def record(user, day: date, total: float = 40.0):
        quarter = Decimal(str(total)) / 4
        return SsiSnapshot.objects.create(
            user=user,
            date=day,
            brand=quarter,
            people=quarter,
            insights=quarter,
            relationships=quarter,
            total=Decimal(str(total)),
        )

    return record


@pytest.fixture
def old_account():
    """Backdate an account so the quiet-days rules see it as settled in."""
    from datetime import UTC, datetime

    from accounts.models import User

    def backdate(user, days: int = 30, now: datetime | None = None):
        joined = (now or datetime(2026, 11, 1, tzinfo=UTC)) - timedelta(days=days)
        User.objects.filter(pk=user.pk).update(date_joined=joined, last_login=None)
        user.refresh_from_db()
        return user

    return backdate
