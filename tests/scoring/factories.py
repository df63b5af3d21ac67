from datetime import date
from decimal import Decimal

import factory

from scoring.models import Activity, ActivityKind, SsiSnapshot
from tests.factories import UserFactory


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SsiSnapshot

    user = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(date.today)
    brand = Decimal("13.118002")
    people = Decimal("10.5")
    insights = Decimal("9.25")
    relationships = Decimal("12")
    total = factory.LazyAttribute(lambda o: o.brand + o.people + o.insights + o.relationships)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    user = factory.SubFactory(UserFactory)
    kind = ActivityKind.POST
    occurred_on = factory.LazyFunction(date.today)
    count = 1
