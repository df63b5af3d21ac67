"""Who may see whom, asked of the permission module and of the pages that use it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from accounts.permissions import (
    coach_only,
    coaches,
    coaches_cohort,
    cohort_for_viewer,
    cohorts_for_viewer,
    may_delete_note,
    record_writer,
    records_writer,
    trainee_access,
    trainee_for_coach,
    trainee_for_viewer,
    trainee_only,
    trainees_for_viewer,
)

pytestmark = pytest.mark.django_db


def test_trainee_sees_only_self(trainee, other_trainee):
    assert list(trainees_for_viewer(trainee)) == [trainee]
    assert trainee_for_viewer(trainee, trainee.pk) == trainee
    with pytest.raises(Http404):
        trainee_for_viewer(trainee, other_trainee.pk)
    with pytest.raises(Http404):
        trainee_access(trainee, other_trainee.pk)


def test_coach_sees_trainees_of_own_cohorts_only(coach, trainee, other_trainee):
    assert list(trainees_for_viewer(coach)) == [trainee]
    assert trainee_for_viewer(coach, trainee.pk) == trainee
    with pytest.raises(Http404):
        trainee_for_viewer(coach, other_trainee.pk)


def test_coach_sees_own_cohorts_only(coach, cohort, other_cohort):
    assert list(cohorts_for_viewer(coach)) == [cohort]
    with pytest.raises(Http404):
        cohort_for_viewer(coach, other_cohort.pk)


def test_staff_sees_everyone(staff, trainee, other_trainee, cohort, other_cohort):
    assert set(trainees_for_viewer(staff)) == {trainee, other_trainee}
    assert set(cohorts_for_viewer(staff)) == {cohort, other_cohort}


def test_anonymous_sees_nothing(trainee, cohort):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not trainees_for_viewer(anonymous).exists()
    assert not cohorts_for_viewer(anonymous).exists()
    with pytest.raises(Http404):
        trainee_for_viewer(anonymous, trainee.pk)
    assert not coaches(anonymous, trainee)
    assert not may_delete_note(anonymous, type("Note", (), {"author_id": None})())


def test_only_the_trainee_writes_their_records(trainee, coach, staff):
    assert trainee_access(trainee, trainee.pk).write
    assert not trainee_access(coach, trainee.pk).write
    assert not trainee_access(staff, trainee.pk).write
    assert records_writer(trainee) == trainee
    assert record_writer(trainee, trainee) == trainee
    for reader in (coach, staff):
        with pytest.raises(PermissionDenied):
            records_writer(reader)
        with pytest.raises(PermissionDenied):
            record_writer(reader, trainee)


def test_coaches_and_staff_steer_nobody_else(trainee, other_trainee, coach, other_coach, staff):
    assert trainee_access(coach, trainee.pk).steer
    assert trainee_access(staff, trainee.pk).steer
    assert not trainee_access(trainee, trainee.pk).steer
    assert coaches(coach, trainee) and coaches(staff, trainee)
    assert not coaches(coach, other_trainee)
    assert not coaches(trainee, trainee)
    with pytest.raises(PermissionDenied):
        trainee_access(trainee, trainee.pk).require_steer("no")
    assert trainee_for_coach(coach, trainee.pk) == trainee
    for stranger, whom in ((trainee, trainee), (other_coach, trainee)):
        with pytest.raises(Http404):
            trainee_for_coach(stranger, whom.pk)


def test_coach_of_a_cohort_steers_it_alone(coach, other_coach, staff, trainee, cohort):
    assert coaches_cohort(coach, cohort) and coaches_cohort(staff, cohort)
    assert not coaches_cohort(other_coach, cohort)
    assert not coaches_cohort(trainee, cohort)


def test_pages_of_one_side_are_404_to_the_other(trainee, coach, staff):
    assert trainee_only(trainee) == trainee
    assert coach_only(coach) == coach and coach_only(staff) == staff
    for user in (coach, staff):
        with pytest.raises(Http404):
            trainee_only(user)
    with pytest.raises(Http404):
        coach_only(trainee)


def test_a_note_is_deleted_by_its_author_or_staff(coach, other_coach, staff):
    note = type("Note", (), {"author_id": coach.pk})()
    assert may_delete_note(coach, note) and may_delete_note(staff, note)
    assert not may_delete_note(other_coach, note)


def test_the_user_property_says_which_side(trainee, coach, staff):
    assert (trainee.is_coach, coach.is_coach, staff.is_coach) == (False, True, True)
    assert (trainee.is_trainee, coach.is_trainee, staff.is_trainee) == (True, False, False)


def test_garbage_ids_are_404_not_errors(trainee):
    for bad in ("abc", None, "1; drop table"):
        with pytest.raises(Http404):
            trainee_for_viewer(trainee, bad)


def test_inactive_user_sees_nothing(trainee):
    trainee.is_active = False
    trainee.save()
    assert not trainees_for_viewer(trainee).exists()


# --- through the pages --------------------------------------------------------------------


def test_coach_of_another_cohort_gets_404_for_trainee_page(client_for, other_coach, trainee):
    response = client_for(other_coach).get(reverse("accounts:trainee_detail", args=[trainee.pk]))
    assert response.status_code == 404
    assert trainee.email.encode() not in response.content


def test_coach_opens_trainee_of_own_cohort(client_for, coach, trainee):
    response = client_for(coach).get(reverse("accounts:trainee_detail", args=[trainee.pk]))
    assert response.status_code == 200
    assert b"Tina Trainee" in response.content


def test_other_trainee_cannot_open_trainee_page(client_for, other_trainee, trainee):
    response = client_for(other_trainee).get(reverse("accounts:trainee_detail", args=[trainee.pk]))
    assert response.status_code == 404


def test_coach_of_another_cohort_gets_404_for_cohort_page(client_for, other_coach, cohort):
    response = client_for(other_coach).get(reverse("accounts:cohort_detail", args=[cohort.pk]))
    assert response.status_code == 404
    assert cohort.name.encode() not in response.content


def test_trainee_cannot_open_cohort_page(client_for, trainee, cohort):
    response = client_for(trainee).get(reverse("accounts:cohort_detail", args=[cohort.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name,args",
    [
        ("accounts:dashboard", []),
        ("accounts:settings", []),
        ("accounts:cohort_list", []),
        ("accounts:cohort_detail", [1]),
        ("accounts:trainee_detail", [1]),
    ],
)
def test_anonymous_is_sent_to_login(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_cohort_page_lists_only_its_trainees(client_for, coach, cohort, trainee, other_trainee):
    response = client_for(coach).get(reverse("accounts:cohort_detail", args=[cohort.pk]))
    assert response.status_code == 200
    assert b"Tina Trainee" in response.content
    assert b"Otto" not in response.content


def test_cohort_list_queries_do_not_grow(client_for, coach, django_assert_num_queries):
    from tests.factories import CohortFactory, UserFactory

    client = client_for(coach)
    url = reverse("accounts:cohort_list")

    def add_cohorts(n):
        for _ in range(n):
            c = CohortFactory()
            c.coaches.add(coach)
            c.memberships.create(user=UserFactory())

    add_cohorts(1)
    # session, user, cohorts with counts, prefetch of coaches
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    add_cohorts(5)
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.count(b"/coach/cohorts/") == 7  # the fixture's cohort + 6


def test_cohort_page_queries_do_not_grow(
    client_for, coach, cohort, django_assert_num_queries, django_assert_max_num_queries
):
    """Session, user, cohort, trainees, plus a constant number per extra column source."""
    from tests.factories import UserFactory

    client = client_for(coach)
    url = reverse("accounts:cohort_detail", args=[cohort.pk])
    cohort.memberships.create(user=UserFactory())
    client.get(url)
    with django_assert_max_num_queries(12) as first:
        client.get(url)
    for _ in range(5):
        cohort.memberships.create(user=UserFactory())
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.content.count(b"/coach/trainees/") == 6
