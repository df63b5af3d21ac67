from datetime import UTC, date, datetime

import pytest
import time_machine

# A Wednesday: the week started on Monday 23 November 2026.
TODAY = date(2026, 11, 25)
MONDAY = date(2026, 11, 23)


@pytest.fixture
def frozen():
    """Freeze the clock on Wednesday morning (the trainees' zone is Europe/Rome)."""
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(trainee, frozen):
    from coaching import services

    return services.plan_generate(user=trainee)


@pytest.fixture
def htmx_headers():
    return {"HTTP_HX_REQUEST": "true"}
