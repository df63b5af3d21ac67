"""Ids in chunks: every id once, in order, one query per chunk."""

import pytest

from accounts.models import User
from accounts.selectors import active_trainees, ids_in_chunks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_ids_in_chunks_covers_every_id_once(django_assert_num_queries):
    ids = [UserFactory().pk for _ in range(7)]
    # three full chunks of 3, 3 and 1: the short last one ends the walk
    with django_assert_num_queries(3):
        chunks = list(ids_in_chunks(User.objects.all(), 3))
    assert chunks == [ids[0:3], ids[3:6], ids[6:7]]


def test_ids_in_chunks_of_an_exact_multiple_and_of_nothing(django_assert_num_queries):
    ids = [UserFactory().pk for _ in range(4)]
    with django_assert_num_queries(3):  # two full chunks, then an empty page
        assert list(ids_in_chunks(User.objects.all(), 2)) == [ids[:2], ids[2:]]
    assert list(ids_in_chunks(User.objects.none(), 2)) == []
    with pytest.raises(ValueError):
        next(ids_in_chunks(User.objects.all(), 0))


def test_active_trainees_leaves_out_coaches_staff_and_the_inactive():
    trainee = UserFactory()
    UserFactory(role="coach")
    UserFactory(is_staff=True)
    UserFactory(is_active=False)
    assert list(active_trainees()) == [trainee]
