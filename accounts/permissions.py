"""Who may see whom: the one place that answers it.

* a trainee sees only themselves;
* a coach sees the trainees of the cohorts they coach (and the cohorts themselves);
* staff see everyone.

Everything outside the viewer's reach answers 404, so that nobody can even learn
whether a trainee or cohort exists. Every view and API endpoint goes through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model, QuerySet
from django.http import Http404

from .models import Cohort, Role, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def _is_authenticated(viewer: User | AnonymousUser | None) -> bool:
    return bool(viewer is not None and viewer.is_authenticated and viewer.is_active)


def cohorts_for_viewer(viewer: User | AnonymousUser | None) -> QuerySet[Cohort]:
    """The cohorts whose dashboards the viewer may open."""
    if not _is_authenticated(viewer):
        return Cohort.objects.none()
    assert isinstance(viewer, User)
    if viewer.is_staff:
        return Cohort.objects.all()
    if viewer.role == Role.COACH:
        return Cohort.objects.filter(coaches=viewer)
    return Cohort.objects.none()


def trainees_for_viewer(viewer: User | AnonymousUser | None) -> QuerySet[User]:
    """The trainees whose data the viewer may read."""
    if not _is_authenticated(viewer):
        return User.objects.none()
    assert isinstance(viewer, User)
    if viewer.is_staff:
        return User.objects.filter(role=Role.TRAINEE)
    if viewer.role == Role.COACH:
        return User.objects.filter(
            role=Role.TRAINEE, memberships__cohort__coaches=viewer
        ).distinct()
    return User.objects.filter(pk=viewer.pk)


def can_view_trainee(viewer: User | AnonymousUser | None, trainee: User) -> bool:
    if not _is_authenticated(viewer):
        return False
    assert isinstance(viewer, User)
    if viewer.pk == trainee.pk or viewer.is_staff:
        return True
    if viewer.role != Role.COACH:
        return False
    return Cohort.objects.filter(coaches=viewer, memberships__user=trainee).exists()


def can_edit_trainee(viewer: User | AnonymousUser | None, trainee: User) -> bool:
    """Only the trainee writes their own records; coaches and staff read."""
    return _is_authenticated(viewer) and viewer.pk == trainee.pk  # type: ignore[union-attr]


def _one_or_404[T: Model](queryset: QuerySet[T], object_id: int | str | None) -> T:
    try:
        pk = int(object_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Http404 from None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def trainee_for_viewer(viewer: User | AnonymousUser | None, trainee_id: int | str | None) -> User:
    """The trainee with this id if the viewer may see them, else 404."""
    return _one_or_404(trainees_for_viewer(viewer), trainee_id)


def cohort_for_viewer(viewer: User | AnonymousUser | None, cohort_id: int | str | None) -> Cohort:
    """The cohort with this id if the viewer may open it, else 404."""
    return _one_or_404(cohorts_for_viewer(viewer), cohort_id)


def coaches_trainee(coach: User, trainee: User) -> bool:
    """True when ``coach`` coaches a cohort that ``trainee`` belongs to."""
    return Cohort.objects.filter(coaches=coach, memberships__user=trainee).exists()


def trainee_for_planner(viewer: User | AnonymousUser | None, trainee_id: int | str | None) -> User:
    """The active trainee whose weekly plan the viewer may make, else 404.

    A trainee makes their own; a coach makes one for a trainee of a cohort they coach;
    staff for any trainee. Coaches and staff have no plans of their own.
    """
    reachable = trainees_for_viewer(viewer).filter(
        role=Role.TRAINEE, is_active=True, is_staff=False
    )
    return _one_or_404(reachable, trainee_id)


def leaderboard_cohorts_for(viewer: User | AnonymousUser | None) -> QuerySet[Cohort]:
    """Cohorts whose leaderboard the viewer may open: a coach's cohorts (staff: all); for
    a trainee, their own cohorts that have the leaderboard turned on."""
    if not _is_authenticated(viewer):
        return Cohort.objects.none()
    assert isinstance(viewer, User)
    if viewer.is_staff or viewer.role == Role.COACH:
        return cohorts_for_viewer(viewer)
    return Cohort.objects.filter(memberships__user=viewer, leaderboard_enabled=True)


def leaderboard_cohort_for(
    viewer: User | AnonymousUser | None, cohort_id: int | str | None
) -> Cohort:
    """The cohort whose leaderboard the viewer may open, else 404."""
    return _one_or_404(leaderboard_cohorts_for(viewer), cohort_id)
