"""Who may do what: the one place that answers it, for reading and for writing.

* a trainee reads and writes their own records and nobody else's;
* a coach reads the trainees of the cohorts they coach (and the cohorts themselves) and
  steers them: notes, tasks, strategies, targets, verified entries; a coach never
  writes a trainee's own records (snapshots, activity, signals, imports, tasks' status);
* staff read everyone and steer everyone, and write nobody's own records either.

Anything outside the viewer's reach answers 404, so that nobody can even learn whether
a trainee or cohort exists; something the viewer may read but not change answers 403.
Pages that exist for one side only (a trainee's week, a coach's tools) answer 404 to
the other side. Every view, API endpoint, service and template asks here (templates
through ``User.is_coach`` and what their view passed on).

Records of the other apps belong to one trainee: their rights are the rights on that
trainee (``record_writer``), so this module never needs to know their models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import ApiToken, Cohort, Role, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    Viewer = User | AnonymousUser | None


def _signed_in(viewer: Viewer) -> User | None:
    """The viewer as a user who may act at all (logged in and active), else None."""
    if viewer is not None and viewer.is_authenticated and viewer.is_active:
        assert isinstance(viewer, User)
        return viewer
    return None


def _one_or_404[T: Model](queryset: QuerySet[T], object_id: int | str | None) -> T:
    try:
        pk = int(object_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Http404 from None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- Sides of the product -----------------------------------------------------------------


def is_coach(viewer: Viewer) -> bool:
    """Whether the viewer is on the coach's side (a coach, or staff)."""
    user = _signed_in(viewer)
    return bool(user and user.is_coach)


def trainee_only(viewer: Viewer) -> User:
    """The trainee on a page of their own (their week, target, outcomes); 404 for coaches
    and staff, who have no such records."""
    user = _signed_in(viewer)
    if user is None or user.is_coach:
        raise Http404
    return user


def coach_only(viewer: Viewer) -> User:
    """The coach (or staff) on a coach's page; 404 for trainees, for whom it does not exist."""
    user = _signed_in(viewer)
    if user is None or not user.is_coach:
        raise Http404
    return user


def records_writer(viewer: Viewer) -> User:
    """The trainee writing their own records; coaches and staff only read (403)."""
    user = _signed_in(viewer)
    if user is None or not user.is_trainee:
        raise PermissionDenied(_("Only the trainee can change their own records."))
    return user


def record_writer(viewer: Viewer, owner: User | int) -> User:
    """The viewer, if they may change a record that belongs to ``owner`` (a snapshot, an
    activity, a signal): only the trainee themselves. The caller has already reached the
    record through ``trainees_for_viewer``, so a refusal here is a 403."""
    user = records_writer(viewer)
    if user.pk != (owner if isinstance(owner, int) else owner.pk):
        raise PermissionDenied(_("Only the trainee can change their own records."))
    return user


# --- Trainees -----------------------------------------------------------------------------


def trainees_for_viewer(viewer: Viewer) -> QuerySet[User]:
    """The trainees whose data the viewer may read."""
    user = _signed_in(viewer)
    if user is None:
        return User.objects.none()
    if user.is_staff:
        return User.objects.filter(role=Role.TRAINEE)
    if user.role == Role.COACH:
        return User.objects.filter(role=Role.TRAINEE, memberships__cohort__coaches=user).distinct()
    return User.objects.filter(pk=user.pk)


def coaches(viewer: Viewer, trainee: User) -> bool:
    """Whether the viewer steers this trainee: staff, or a coach of a cohort they are in.
    Nobody steers themselves."""
    user = _signed_in(viewer)
    if user is None or user.pk == trainee.pk or not user.is_coach:
        return False
    return user.is_staff or cohorts_coached_with(user, trainee).exists()


def cohorts_coached_with(viewer: Viewer, trainee: User) -> QuerySet[Cohort]:
    """The trainee's cohorts that the viewer coaches (staff: all the trainee's cohorts)."""
    return cohorts_for_viewer(viewer).filter(memberships__user=trainee)


@dataclass(frozen=True)
class TraineeAccess:
    """A trainee the viewer may read, with what else the viewer may do about them."""

    trainee: User
    #: The viewer is this trainee.
    own: bool
    #: The viewer steers this trainee (their coach, or staff): notes, tasks, strategy,
    #: target, verification.
    steer: bool

    @property
    def write(self) -> bool:
        """May change the trainee's own records: only the trainee."""
        return self.own

    @property
    def set_target(self) -> bool:
        return self.own or self.steer

    def require_steer(self, message: str) -> User:
        """The trainee, if the viewer steers them; a reader who does not gets 403."""
        if not self.steer:
            raise PermissionDenied(message)
        return self.trainee


def trainee_access(viewer: Viewer, trainee_id: int | str | None) -> TraineeAccess:
    """The trainee with this id and the viewer's rights on them; 404 if out of reach."""
    trainee = _one_or_404(trainees_for_viewer(viewer), trainee_id)
    own = trainee.pk == getattr(viewer, "pk", None)
    # Reaching someone else means coaching them (or being staff): no second query.
    return TraineeAccess(trainee=trainee, own=own, steer=not own and is_coach(viewer))


def trainee_for_viewer(viewer: Viewer, trainee_id: int | str | None) -> User:
    """The trainee with this id if the viewer may see them, else 404."""
    return _one_or_404(trainees_for_viewer(viewer), trainee_id)


def trainee_for_coach(viewer: Viewer, trainee_id: int | str | None) -> User:
    """A trainee on a coach's page: the viewer coaches them (staff: anyone), else 404."""
    coach_only(viewer)
    return trainee_for_viewer(viewer, trainee_id)


def trainee_for_planner(viewer: Viewer, trainee_id: int | str | None) -> User:
    """The active trainee whose weekly plan the viewer may make, else 404.

    A trainee makes their own; a coach makes one for a trainee of a cohort they coach;
    staff for any trainee. Coaches and staff have no plans of their own.
    """
    reachable = trainees_for_viewer(viewer).filter(
        role=Role.TRAINEE, is_active=True, is_staff=False
    )
    return _one_or_404(reachable, trainee_id)


def record_for_owner[T: Model](viewer: Viewer, queryset: QuerySet[T], object_id: Any) -> T:
    """A record of the viewer's own (``queryset`` has a ``user`` field), else 404: the
    records that only their trainee acts on (tasks), whoever else may read them."""
    user = _signed_in(viewer)
    if user is None:
        raise Http404
    return _one_or_404(queryset.filter(user=user), object_id)


# --- Cohorts ------------------------------------------------------------------------------


def cohorts_for_viewer(viewer: Viewer) -> QuerySet[Cohort]:
    """The cohorts whose dashboards the viewer may open, and steer: their coaches', or
    staff's (all)."""
    user = _signed_in(viewer)
    if user is None:
        return Cohort.objects.none()
    if user.is_staff:
        return Cohort.objects.all()
    if user.role == Role.COACH:
        return Cohort.objects.filter(coaches=user)
    return Cohort.objects.none()


def cohort_for_viewer(viewer: Viewer, cohort_id: int | str | None) -> Cohort:
    """The cohort with this id if the viewer may open it, else 404."""
    return _one_or_404(cohorts_for_viewer(viewer), cohort_id)


def coaches_cohort(viewer: Viewer, cohort: Cohort) -> bool:
    """Whether the viewer steers this cohort (its coach, or staff)."""
    return cohorts_for_viewer(viewer).filter(pk=cohort.pk).exists()


def leaderboard_cohorts_for(viewer: Viewer) -> QuerySet[Cohort]:
    """Cohorts whose leaderboard the viewer may open: a coach's cohorts (staff: all); for
    a trainee, their own cohorts that have the leaderboard turned on."""
    user = _signed_in(viewer)
    if user is None:
        return Cohort.objects.none()
    if user.is_coach:
        return cohorts_for_viewer(user)
    return Cohort.objects.filter(memberships__user=user, leaderboard_enabled=True)


def leaderboard_cohort_for(viewer: Viewer, cohort_id: int | str | None) -> Cohort:
    """The cohort whose leaderboard the viewer may open, else 404."""
    return _one_or_404(leaderboard_cohorts_for(viewer), cohort_id)


# --- Coach notes ----------------------------------------------------------------------------


def may_delete_note(viewer: Viewer, note: Any) -> bool:
    """A note is deleted by its author, or by staff (``note`` is a coaching note: only its
    ``author_id`` is read)."""
    user = _signed_in(viewer)
    return bool(user and (user.is_staff or note.author_id == user.pk))


# --- Accounts -------------------------------------------------------------------------------


def may_delete_account(viewer: Viewer, user: User) -> bool:
    """An account is deleted by its owner, or by staff; nobody else (a coach never deletes
    a trainee)."""
    actor = _signed_in(viewer)
    return bool(actor and (actor.pk == user.pk or actor.is_staff))


def api_token_for_owner(viewer: Viewer, token_id: int | str | None) -> ApiToken:
    """One of the viewer's own API tokens; anyone else's (or none) is a 404: nobody but
    its owner sees, names or revokes a token, staff included."""
    user = _signed_in(viewer)
    if user is None:
        raise Http404
    return _one_or_404(ApiToken.objects.filter(user=user), token_id)
