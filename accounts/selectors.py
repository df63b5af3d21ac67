"""Reads for accounts."""

from collections.abc import Iterator

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Cohort, Membership, Role, User
from .permissions import cohorts_for_viewer


def cohort_list_for_viewer(viewer: User) -> QuerySet[Cohort]:
    """Cohorts the viewer coaches (staff: all), with trainee and pending-invite counts."""
    return (
        cohorts_for_viewer(viewer)
        .annotate(
            trainee_count=Count("memberships", distinct=True),
            pending_invitations=Count(
                "invitations",
                filter=Q(invitations__accepted_at=None, invitations__revoked_at=None),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("coaches", queryset=User.objects.only("first_name", "last_name", "email"))
        )
        .order_by("-start_date", "name")
    )


def cohort_trainees(cohort: Cohort) -> QuerySet[User]:
    return User.objects.filter(memberships__cohort=cohort, role=Role.TRAINEE).order_by(
        "last_name", "first_name", "email"
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("cohort").order_by("-joined_at")


def active_trainees() -> QuerySet[User]:
    """Everyone the scheduled jobs work for: active trainees (staff never plan or score)."""
    return User.objects.filter(role=Role.TRAINEE, is_active=True, is_staff=False)


def ids_in_chunks(users: QuerySet[User], size: int) -> Iterator[list[int]]:
    """The ids of ``users`` in ascending chunks of ``size``, one query per chunk.

    Keyset pages (``pk > last``) keep memory flat in the number of users and need no
    server-side cursor, so the caller may write between chunks.
    """
    if size < 1:
        raise ValueError("A chunk holds at least one id.")
    last = 0
    while True:
        chunk = list(users.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not chunk:
            return
        yield chunk
        if len(chunk) < size:
            return
        last = chunk[-1]
