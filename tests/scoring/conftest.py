import pytest


@pytest.fixture
def today():
    from datetime import date

    return date(2026, 3, 16)
