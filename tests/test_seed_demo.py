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


def test_seed_demo_prints_every_demo_login_and_the_readme_lists_them_all():
    from io import StringIO
    from pathlib import Path

    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    emails = sorted(User.objects.values_list("email", flat=True))
    assert len(emails) == 15
    for email in emails:
        assert f"  {email}" in printed, f"seed_demo does not print {email}"
        assert f"`{email}`" in readme, f"the README does not list {email}"
    assert "more)" not in printed
    assert "demo-pass-2026" in printed and "`demo-pass-2026`" in readme
