import pytest

from tests.factories import CohortFactory, UserFactory
from tests.s3 import s3_server  # noqa: F401 (a fixture for every test folder)


@pytest.fixture(autouse=True)
def _clean_slate():
    """Every test starts in English with an empty cache (throttling, lockouts)."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def cohort(db):
    return CohortFactory(name="Acme Sales")


@pytest.fixture
def other_cohort(db):
    return CohortFactory(name="Globex Growth")


@pytest.fixture
def trainee(cohort):
    user = UserFactory(email="trainee@example.com", first_name="Tina", last_name="Trainee")
    cohort.memberships.create(user=user)
    return user


@pytest.fixture
def other_trainee(other_cohort):
    user = UserFactory(email="other.trainee@example.com", first_name="Otto", last_name="Other")
    other_cohort.memberships.create(user=user)
    return user


@pytest.fixture
def coach(cohort):
    user = UserFactory(email="coach@example.com", role="coach", first_name="Carla")
    cohort.coaches.add(user)
    return user


@pytest.fixture
def other_coach(other_cohort):
    user = UserFactory(email="other.coach@example.com", role="coach", first_name="Oscar")
    other_cohort.coaches.add(user)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.com", role="coach", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(client):
    """Log a named actor into the test client: ``client_for(trainee)``."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login
