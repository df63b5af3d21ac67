from datetime import date, timedelta

import factory

from accounts.models import Cohort, Membership, Role, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.TRAINEE
    password = factory.django.Password(PASSWORD)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    end_date = factory.LazyFunction(lambda: date.today() + timedelta(days=80))
    target_ssi = 70


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)


def record_ssi(user: User, day: date, total: float, *, replace: bool = False):
    """An official SSI recorded through the service (the pillars split evenly), so that
    everything a real entry updates is updated."""
    from decimal import Decimal

    from scoring import services

    quarter = Decimal(str(round(total / 4, 6)))
    return services.snapshot_record(
        user=user,
        date=day,
        brand=quarter,
        people=quarter,
        insights=quarter,
        relationships=quarter,
        replace=replace,
    )
