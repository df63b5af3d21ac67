import pytest
from django.core.management import call_command

from accounts.models import Cohort, Membership, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_logins_work(client):
    call_command("seed_demo")
    counts = (User.objects.count(), Cohort.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Cohort.objects.count(), Membership.objects.count()) == counts
    assert counts == (15, 2, 12)
    assert User.objects.filter(is_staff=True).count() == 1
    assert User.objects.filter(role="coach", is_staff=False).count() == 2
    for cohort in Cohort.objects.all():
        assert cohort.coaches.count() == 1
    response = client.post(
        "/login/", {"username": "trainee@demo.ssicoach.test", "password": "demo-pass-2026"}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session
