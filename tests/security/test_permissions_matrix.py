"""Every entry point against every actor: who gets in, who gets 404, and what changes.

Each case names the URL, the method, a body and the status each actor must get. For an
actor who is refused, the database must be exactly as it was; for one who is let
through to a write, something must have changed (so the case proves it can fail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Cohort, Membership
from coaching.models import CoachNote, Notification, Outcome, Plan, Task, TaskTemplate
from scoring.models import Activity, NetworkState, ProfileState, SsiSnapshot
from tests.api_status import ANONYMOUS

from .conftest import ACTORS, TODAY, World

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the login page


def fingerprint() -> dict[str, list]:
    """Everything any of these endpoints could change."""
    return {
        "snapshots": list(
            SsiSnapshot.objects.order_by("pk").values_list(
                "pk", "user", "date", "brand", "total", "verified_by", "verified_at"
            )
        ),
        "activities": list(
            Activity.objects.order_by("pk").values_list("pk", "user", "count", "note")
        ),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "user", "status", "title")),
        "plans": list(Plan.objects.order_by("pk").values_list("pk", "user", "week_start")),
        "notes": list(CoachNote.objects.order_by("pk").values_list("pk", "body", "visibility")),
        "memberships": list(
            Membership.objects.order_by("pk").values_list(
                "pk", "target_ssi", "target_date", "plan_strategy"
            )
        ),
        "cohorts": list(Cohort.objects.order_by("pk").values_list("pk", "plan_strategy")),
        "outcomes": list(
            Outcome.objects.order_by("pk").values_list("pk", "user", "meetings_booked")
        ),
        "profiles": list(
            ProfileState.objects.order_by("pk").values_list("user", "endorsements_received")
        ),
        "networks": list(NetworkState.objects.order_by("pk").values_list("user", "connections")),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
    }


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World, Any], str]
    expect: dict[str, int | str]
    data: dict[str, Any] = field(default_factory=dict)
    api: bool = False
    #: Actors let through whose request leaves nothing to change (a plan that exists
    #: already, a code that the import does not hold).
    unchanged: tuple[str, ...] = ()

    @property
    def writes(self) -> bool:
        return self.method != "get"


def by_actor(
    trainee: int | str,
    other_trainee: int | str,
    coach: int | str,
    other_coach: int | str,
    staff: int | str,
    anonymous: int | str,
) -> dict[str, int | str]:
    return dict(
        zip(ACTORS, [trainee, other_trainee, coach, other_coach, staff, anonymous], strict=True)
    )


# Reads of one trainee's data: the trainee and whoever coaches them (and staff).
READ = by_actor(200, 404, 200, 404, 200, LOGIN)
COACH_READ = by_actor(404, 404, 200, 404, 200, LOGIN)
# The trainee writes their own records; coaches and staff are refused, strangers get 404.
OWN_WRITE = by_actor(302, 404, 403, 403, 403, LOGIN)
TASK_WRITE = by_actor(302, 404, 404, 404, 404, LOGIN)
COACH_WRITE = by_actor(404, 404, 302, 404, 302, LOGIN)

# No credentials: 401, with the scheme to use in WWW-Authenticate.
API_ANONYMOUS = ANONYMOUS
API_READ = by_actor(200, 404, 200, 404, 200, API_ANONYMOUS)
API_OWN_WRITE = {**API_READ, "coach": 403, "staff": 403}

SNAPSHOT_FORM = {
    "date": TODAY.isoformat(),
    "brand": "20",
    "people": "10",
    "insights": "10",
    "relationships": "10",
    "source": "typed",
    "replace": "1",  # the world already has today's entry
}
COACH_TASK = {"title": "Call two prospects", "pillar": "people", "minutes": 10}


def t(w: World, user: Any) -> int:
    return user("trainee").pk


def cohort_of(w: World) -> int:
    return w.plan.user.memberships.get().cohort_id


def notification_of(w: World) -> int:
    """One unread notification of the trainee's (made on first use)."""
    found = Notification.objects.filter(user=w.plan.user).order_by("pk").first()
    if found is None:
        found = Notification.objects.create(
            user=w.plan.user, kind="daily_digest", period_key="matrix"
        )
    return found.pk


def template_slug(w: World) -> str:
    """A short best practice that is not in the trainee's plan yet, and room for it."""
    Plan.objects.filter(pk=w.plan.pk).update(budget_minutes=1200)
    planned = w.plan.tasks.exclude(template=None).values("template")
    free = TaskTemplate.objects.filter(active=True).exclude(pk__in=planned)
    return free.order_by("minutes", "slug").first().slug


WEB_CASES = [
    # --- Reads ---------------------------------------------------------------------------------
    Case(
        "trainee_detail",
        "get",
        lambda w, u: reverse("accounts:trainee_detail", args=[t(w, u)]),
        {**READ, "trainee": 302},
    ),
    Case("history_for", "get", lambda w, u: reverse("scoring:history_for", args=[t(w, u)]), READ),
    Case("charts_for", "get", lambda w, u: reverse("scoring:charts_for", args=[t(w, u)]), READ),
    Case("why_for", "get", lambda w, u: reverse("scoring:why_for", args=[t(w, u)]), READ),
    Case(
        "archive_detail",
        "get",
        lambda w, u: reverse("scoring:archive_import_detail", args=[w.archive_import.pk]),
        READ,
    ),
    Case(
        "coach_trainee_plan",
        "get",
        lambda w, u: reverse("coaching:coach_trainee_plan", args=[t(w, u)]),
        COACH_READ,
    ),
    Case(
        "coach_trainee_plan_week",
        "get",
        lambda w, u: reverse("coaching:coach_trainee_plan_week", args=[t(w, u), w.plan.week_start]),
        COACH_READ,
    ),
    Case(
        "cohort_detail",
        "get",
        lambda w, u: reverse("accounts:cohort_detail", args=[cohort_of(w)]),
        COACH_READ,
    ),
    Case(
        "coach_cohort",
        "get",
        lambda w, u: reverse("coaching:coach_cohort", args=[cohort_of(w)]),
        COACH_READ,
    ),
    # --- The cohort dashboard and what hangs off it -----------------------------------------
    *[
        Case(
            f"cohort_export_{fmt}",
            "get",
            lambda w, u, fmt=fmt: reverse("accounts:cohort_export", args=[cohort_of(w), fmt]),
            COACH_READ,
        )
        for fmt in ("csv", "xlsx")
    ],
    Case(
        "cohort_detail_htmx_sorted",
        "get",
        lambda w, u: (
            reverse("accounts:cohort_detail", args=[cohort_of(w)]) + "?sort=-ssi&filter=risk"
        ),
        COACH_READ,
    ),
    # The leaderboard is off in this cohort: only its coaches (and staff) see it.
    Case(
        "leaderboard",
        "get",
        lambda w, u: reverse("scoring:leaderboard", args=[cohort_of(w)]),
        COACH_READ,
    ),
    Case(
        "history_export_for",
        "get",
        lambda w, u: reverse("scoring:history_export_for", args=[t(w, u), "csv"]),
        READ,
    ),
    Case(
        "activity_for",
        "get",
        lambda w, u: reverse("scoring:activity_for", args=[t(w, u)]),
        COACH_READ,
    ),
    Case(
        "signals_for",
        "get",
        lambda w, u: reverse("scoring:signals_for", args=[t(w, u)]),
        COACH_READ,
    ),
    # --- The trainee's own records, reached by id -------------------------------------------------
    Case(
        "snapshot_edit",
        "post",
        lambda w, u: reverse("scoring:snapshot_edit", args=[w.snapshot.pk]),
        OWN_WRITE,
        SNAPSHOT_FORM,
    ),
    Case(
        "snapshot_delete",
        "post",
        lambda w, u: reverse("scoring:snapshot_delete", args=[w.snapshot.pk]),
        OWN_WRITE,
    ),
    Case(
        "activity_delete",
        "post",
        lambda w, u: reverse("scoring:activity_delete", args=[w.activity.pk]),
        OWN_WRITE,
    ),
    Case(
        "task_complete",
        "post",
        lambda w, u: reverse("coaching:task_complete", args=[w.task.pk]),
        TASK_WRITE,
    ),
    Case(
        "task_skip",
        "post",
        lambda w, u: reverse("coaching:task_skip", args=[w.task.pk]),
        TASK_WRITE,
        {"reason": "no_time"},
    ),
    Case(
        "task_undo",
        "post",
        lambda w, u: reverse("coaching:task_undo", args=[w.done_task.pk]),
        TASK_WRITE,
    ),
    # --- Coaching writes on a trainee -------------------------------------------------------------
    Case(
        "coach_note_create",
        "post",
        lambda w, u: reverse("coaching:coach_note_create", args=[t(w, u)]),
        COACH_WRITE,
        {"body": "Well done", "visibility": "private"},
    ),
    Case(
        "coach_note_delete",
        "post",
        lambda w, u: reverse("coaching:coach_note_delete", args=[w.private_note.pk]),
        COACH_WRITE,
    ),
    Case(
        "coach_task_create",
        "post",
        lambda w, u: reverse("coaching:coach_task_create", args=[t(w, u)]),
        COACH_WRITE,
        {**COACH_TASK, "due_date": TODAY.isoformat()},
    ),
    Case(
        "coach_trainee_strategy",
        "post",
        lambda w, u: reverse("coaching:coach_trainee_strategy", args=[t(w, u)]),
        COACH_WRITE,
        {"strategy": "weakest"},
    ),
    Case(
        "coach_trainee_target",
        "post",
        lambda w, u: reverse("coaching:coach_trainee_target", args=[t(w, u)]),
        COACH_WRITE,
        {"target_ssi": "77", "target_date": ""},
    ),
    Case(
        "coach_cohort_strategy",
        "post",
        lambda w, u: reverse("coaching:coach_cohort", args=[cohort_of(w)]),
        COACH_WRITE,
        {"action": "strategy", "strategy": "weakest"},
    ),
    Case(
        "snapshot_verify",
        "post",
        lambda w, u: reverse("scoring:snapshot_verify", args=[t(w, u), w.snapshot.pk]),
        COACH_WRITE,
        {"verified": "1"},
    ),
    Case(
        "coach_trainee_plan_create",
        "post",
        lambda w, u: reverse("coaching:coach_trainee_plan_create", args=[t(w, u)]),
        COACH_WRITE,
        unchanged=("coach", "staff"),  # this week's plan exists already
    ),
    # --- The trainee's own pages, reached by id or day -----------------------------------------
    Case(
        "archive_import_accept",
        "post",
        lambda w, u: reverse("scoring:archive_import_accept", args=[w.archive_import.pk]),
        by_actor(302, 404, 404, 404, 404, LOGIN),
        {"code": "none-held"},
        unchanged=("trainee",),  # refused by the import itself: it holds no such figure
    ),
    Case(
        "notification_read",
        "post",
        lambda w, u: reverse("coaching:notification_read", args=[notification_of(w)]),
        by_actor(302, 404, 404, 404, 404, LOGIN),
    ),
    # Each trainee makes their own week's plan and adds to it; coaches have no plans.
    Case(
        "plan_create",
        "post",
        lambda w, u: reverse("coaching:plan_create"),
        by_actor(302, 302, 404, 404, 404, LOGIN),
        unchanged=("trainee",),
    ),
    Case(
        "plan_week",
        "get",
        lambda w, u: reverse("coaching:plan_week", args=[w.plan.week_start]),
        by_actor(302, 302, 404, 404, 404, LOGIN),  # this week: the plan page
    ),
    Case(
        "catalogue_add",
        "post",
        lambda w, u: reverse("coaching:catalogue_add", args=[template_slug(w)]),
        by_actor(302, 302, 404, 404, 404, LOGIN),
    ),
    Case(
        "coach_cohort_task",
        "post",
        lambda w, u: reverse("coaching:coach_cohort", args=[cohort_of(w)]),
        COACH_WRITE,
        {"action": "task", **COACH_TASK, "due_date": TODAY.isoformat()},
    ),
]


def api(name: str, *args: Any, query: str = "") -> str:
    return reverse(f"api:{name}", args=args) + query


def q(w: World, u: Any) -> str:
    return f"?trainee={t(w, u)}"


PROFILE_FORM = {
    "summary_length": "0",
    "past_positions": "0",
    "skills_count": "0",
    "endorsements_received": "5",
    "recommendations_received": "0",
    "certifications": "0",
}
NETWORK_FORM = {
    "connections": "500",
    "decision_makers": "0",
    "coworker_connections": "0",
    "pending_invitations": "0",
    "companies_followed": "0",
}


API_CASES = [
    # --- Objects by id ----------------------------------------------------------------------------
    Case("snapshot_get", "get", lambda w, u: api("snapshot-detail", w.snapshot.pk), API_READ),
    Case(
        "snapshot_patch",
        "patch",
        lambda w, u: api("snapshot-detail", w.snapshot.pk),
        API_OWN_WRITE,
        {"brand": "21"},
    ),
    Case(
        "snapshot_delete",
        "delete",
        lambda w, u: api("snapshot-detail", w.snapshot.pk),
        {**API_OWN_WRITE, "trainee": 204},
    ),
    Case("activity_get", "get", lambda w, u: api("activity-detail", w.activity.pk), API_READ),
    Case(
        "activity_delete",
        "delete",
        lambda w, u: api("activity-detail", w.activity.pk),
        {**API_OWN_WRITE, "trainee": 204},
    ),
    Case("estimate_get", "get", lambda w, u: api("estimate-detail", w.estimate.pk), API_READ),
    Case(
        "archive_import_get",
        "get",
        lambda w, u: api("archive-import-detail", w.archive_import.pk),
        API_READ,
    ),
    Case("plan_get", "get", lambda w, u: api("coaching-plan-detail", w.plan.pk), API_READ),
    Case(
        "task_complete",
        "post",
        lambda w, u: api("coaching-task-complete", w.task.pk),
        by_actor(200, 404, 404, 404, 404, 401),
    ),
    Case(
        "task_skip",
        "post",
        lambda w, u: api("coaching-task-skip", w.task.pk),
        by_actor(200, 404, 404, 404, 404, 401),
        {"reason": "no_time"},
    ),
    Case(
        "task_undo",
        "post",
        lambda w, u: api("coaching-task-undo", w.done_task.pk),
        by_actor(200, 404, 404, 404, 404, 401),
    ),
    # --- Coaching writes ---------------------------------------------------------------------
    Case(
        "trainee_tasks_post",
        "post",
        lambda w, u: api("coaching-trainee-tasks", t(w, u)),
        by_actor(403, 404, 201, 404, 201, 401),
        {**COACH_TASK, "due_date": TODAY.isoformat()},
    ),
    Case(
        "notes_get",
        "get",
        lambda w, u: api("coaching-notes", t(w, u)),
        API_READ,
    ),
    Case(
        "notes_post",
        "post",
        lambda w, u: api("coaching-notes", t(w, u)),
        by_actor(403, 404, 201, 404, 201, 401),
        {"body": "Keep going", "visibility": "shared"},
    ),
    Case(
        "trainee_strategy_put",
        "put",
        lambda w, u: api("coaching-trainee-strategy", t(w, u)),
        by_actor(403, 404, 200, 404, 200, 401),
        {"strategy": "weakest"},
    ),
    Case(
        "cohort_tasks_post",
        "post",
        lambda w, u: api("coaching-cohort-tasks", cohort_of(w)),
        by_actor(404, 404, 201, 404, 201, 401),
        {**COACH_TASK, "due_date": TODAY.isoformat()},
    ),
    Case(
        "cohort_strategy_put",
        "put",
        lambda w, u: api("coaching-cohort-strategy", cohort_of(w)),
        by_actor(404, 404, 200, 404, 200, 401),
        {"strategy": "weakest"},
    ),
    Case(
        "snapshot_put",
        "put",
        lambda w, u: api("snapshot-detail", w.snapshot.pk),
        API_OWN_WRITE,
        {**{k: v for k, v in SNAPSHOT_FORM.items() if k != "replace"}, "brand": "21"},
    ),
    Case(
        "plan_current_post",
        "post",
        lambda w, u: api("coaching-plan-current", query=q(w, u)),
        API_READ,
        unchanged=("trainee", "coach", "staff"),  # this week's plan exists already
    ),
    Case(
        "target_put",
        "put",
        lambda w, u: api("coaching-target", query=q(w, u)),
        API_READ,
        {"target_ssi": 77, "target_date": None},
    ),
    # --- The cohort dashboard --------------------------------------------------------------
    *[
        Case(
            name,
            "get",
            lambda w, u, name=name, extra=extra: api(name, cohort_of(w), *extra),
            by_actor(404, 404, 200, 404, 200, 401),
        )
        for name, extra in [
            ("cohort-dashboard", ()),
            ("cohort-at-risk", ()),
            ("cohort-leaderboard", ()),
            ("cohort-export", ("csv",)),
            ("cohort-export", ("xlsx",)),
        ]
    ],
    Case(
        "snapshot_export",
        "get",
        lambda w, u: api("snapshot-export", "csv", query=q(w, u)),
        API_READ,
    ),
    # --- Lists and states of someone else (?trainee=) ---------------------------------------------
    *[
        Case(f"{name}_list", "get", lambda w, u, name=name: api(name, query=q(w, u)), API_READ)
        for name in [
            "snapshot-list",
            "activity-list",
            "estimate-list",
            "estimate-latest",
            "profile-state",
            "network-state",
            "coaching-plans",
            "coaching-plan-current",
            "coaching-outcomes",
            "coaching-target",
        ]
    ],
    Case(
        "profile_patch",
        "patch",
        lambda w, u: api("profile-state", query=q(w, u)),
        API_OWN_WRITE,
        {"endorsements_received": 12},
    ),
    *[
        Case(
            f"{name}_put",
            "put",
            lambda w, u, name=name: api(f"{name}-state", query=q(w, u)),
            API_OWN_WRITE,
            {k: int(v) for k, v in form.items()},
        )
        for name, form in (("profile", PROFILE_FORM), ("network", NETWORK_FORM))
    ],
    Case(
        "network_patch",
        "patch",
        lambda w, u: api("network-state", query=q(w, u)),
        API_OWN_WRITE,
        {"connections": 321},
    ),
]


def _run(case: Case, actor: str, world: World, as_actor: Any, request: Any) -> None:
    web = as_actor(actor)
    url = case.url(world, request.getfixturevalue)
    before = fingerprint()
    if case.api:
        response = getattr(web, case.method)(url, case.data, content_type="application/json")
    else:
        response = getattr(web, case.method)(url, case.data)
    expected = case.expect[actor]
    if expected == LOGIN:
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, (response, response.content[:300])
    after = fingerprint()
    if case.writes and expected != LOGIN and int(expected) < 400 and actor not in case.unchanged:
        assert after != before, "the write was let through but changed nothing"
    else:
        assert after == before, "a refused request (or a read) changed the database"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", WEB_CASES, ids=lambda c: c.name)
def test_web_endpoint(case, actor, world, as_actor, request):
    _run(case, actor, world, as_actor, request)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "case", [Case(**{**c.__dict__, "api": True}) for c in API_CASES], ids=lambda c: c.name
)
def test_api_endpoint(case, actor, world, as_actor, request):
    _run(case, actor, world, as_actor, request)


# --- Pages that write the viewer's own records: trainees only ----------------------------------


def _own_pages(w: World) -> list[tuple[str, dict, int]]:
    return [
        (reverse("scoring:snapshot_new"), SNAPSHOT_FORM, 403),
        (reverse("scoring:snapshot_paste"), {"text": "x", "date": TODAY.isoformat()}, 403),
        (
            reverse("scoring:activity"),
            {"kind": "post", "occurred_on": TODAY.isoformat(), "count": "1"},
            403,
        ),
        (reverse("scoring:profile"), PROFILE_FORM, 403),
        (reverse("scoring:network"), NETWORK_FORM, 403),
        (reverse("scoring:archive_import"), {}, 404),
        (reverse("coaching:target"), {"target_ssi": "90"}, 404),
        (
            reverse("coaching:outcome_save", args=[w.plan.week_start]),
            {"meetings_booked": "9", "opportunities_created": "9", "deals_won": "9"},
            404,
        ),
    ]


@pytest.mark.parametrize("actor", ["coach", "other_coach", "staff"])
def test_coaches_and_staff_cannot_write_records_of_their_own(world, as_actor, actor):
    web = as_actor(actor)
    for url, data, status in _own_pages(world):
        before = fingerprint()
        assert web.post(url, data).status_code == status, url
        assert fingerprint() == before, url


def test_the_trainee_writes_on_the_same_pages(world, as_actor):
    web = as_actor("trainee")
    for url, data, _status in _own_pages(world):
        if url == reverse("scoring:snapshot_paste") or url == reverse("scoring:archive_import"):
            continue  # a preview and an upload form: nothing is stored by these bodies
        before = fingerprint()
        assert web.post(url, data).status_code == 302, url  # saved, then back to the page
        assert fingerprint() != before, url


# --- htmx requests get the same answers as full pages ------------------------------------------

HTMX_CASES = [
    Case("charts_for", "get", lambda w, u: reverse("scoring:charts_for", args=[t(w, u)]), READ),
    Case(
        "archive_detail",
        "get",
        lambda w, u: reverse("scoring:archive_import_detail", args=[w.archive_import.pk]),
        READ,
    ),
    Case(
        "task_complete",
        "post",
        lambda w, u: reverse("coaching:task_complete", args=[w.task.pk]),
        {**TASK_WRITE, "trainee": 200},
    ),
    Case(
        "task_skip",
        "post",
        lambda w, u: reverse("coaching:task_skip", args=[w.task.pk]),
        {**TASK_WRITE, "trainee": 200},
        {"reason": "no_time"},
    ),
    Case(
        "task_undo",
        "post",
        lambda w, u: reverse("coaching:task_undo", args=[w.done_task.pk]),
        {**TASK_WRITE, "trainee": 200},
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", HTMX_CASES, ids=lambda c: c.name)
def test_htmx_endpoint(case, actor, world, as_actor, request):
    web = as_actor(actor)
    url = case.url(world, request.getfixturevalue)
    before = fingerprint()
    response = getattr(web, case.method)(url, case.data, headers={"HX-Request": "true"})
    expected = case.expect[actor]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
    if case.writes and actor == "trainee":
        assert fingerprint() != before
    else:
        assert fingerprint() == before


@pytest.mark.parametrize("actor", ["coach", "staff"])
@pytest.mark.parametrize("body", [{"brand": "99"}, {"date": "garbage"}, {"brand": "21"}])
def test_a_coach_is_refused_a_snapshot_change_whatever_the_body(world, as_actor, actor, body):
    """The refusal comes before validation: a coach learns nothing from the body's errors."""
    before = fingerprint()
    response = as_actor(actor).patch(
        reverse("api:snapshot-detail", args=[world.snapshot.pk]),
        body,
        content_type="application/json",
    )
    assert response.status_code == 403
    assert fingerprint() == before


# --- Anonymous visitors ----------------------------------------------------------------------

ANONYMOUS_WEB = [
    ("get", "accounts:dashboard", []),
    ("get", "accounts:settings", []),
    ("get", "accounts:cohort_list", []),
    ("get", "scoring:history", []),
    ("get", "scoring:history_export", ["csv"]),
    ("get", "scoring:snapshot_new", []),
    ("post", "scoring:snapshot_paste", []),
    ("get", "scoring:charts", []),
    ("get", "scoring:why", []),
    ("get", "scoring:activity", []),
    ("get", "scoring:profile", []),
    ("get", "scoring:network", []),
    ("get", "scoring:archive_import", []),
    ("get", "coaching:plan", []),
    ("get", "coaching:plan_history", []),
    ("get", "coaching:target", []),
    ("get", "coaching:catalogue", []),
    ("post", "coaching:outcome_save", [TODAY]),
    ("post", "privacy:export", []),
    ("get", "privacy:delete", []),
    ("post", "privacy:delete", []),
]

ANONYMOUS_API = [
    ("get", "api:me"),
    ("patch", "api:me"),
    ("post", "api:snapshot-parse"),
    ("get", "api:archive-import-list"),
    ("post", "api:archive-import-list"),
    ("post", "api:snapshot-list"),
    ("post", "api:activity-list"),
    ("get", "api:coaching-task-templates"),
    ("post", "api:coaching-outcomes"),
]


@pytest.mark.parametrize(("method", "name", "args"), ANONYMOUS_WEB)
def test_anonymous_web_goes_to_login(client, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(("method", "name"), ANONYMOUS_API)
def test_anonymous_api_is_refused(client, method, name):
    response = getattr(client, method)(reverse(name), {}, content_type="application/json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


# --- Pages and endpoints of one's own, for anyone signed in ------------------------------------

#: Routes that act on the signed-in user alone (their settings, notifications, password):
#: every actor reaches their own; anonymous visitors are sent to log in (or refused).
SIGNED_IN_WEB = [
    ("get", "password_change", [], 200),
    ("get", "password_change_done", [], 200),
    ("get", "coaching:notifications", [], 200),
    # the bell's fragment is htmx's; a plain request goes to the notifications page
    ("get", "coaching:notification_bell", [], 302),
    ("post", "coaching:notifications_read_all", [], 302),
]
SIGNED_IN_API = [
    ("get", "api:me"),
    ("patch", "api:me"),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "name", "args", "status"), SIGNED_IN_WEB)
def test_own_pages_for_anyone_signed_in(world, as_actor, actor, method, name, args, status):
    response = getattr(as_actor(actor), method)(reverse(name, args=args))
    if actor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    else:
        assert response.status_code == status


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "name"), SIGNED_IN_API)
def test_own_endpoints_for_anyone_signed_in(world, as_actor, actor, method, name):
    web = as_actor(actor)
    response = getattr(web, method)(reverse(name), {}, content_type="application/json")
    if actor == "anonymous":
        assert response.status_code == API_ANONYMOUS
    elif method == "get":
        assert response.status_code == 200
        assert response.json()["email"] == world.plan.user.email or actor != "trainee"
    else:
        # an empty PATCH changes nothing and answers the account as it is
        assert response.status_code == 200
        assert response.json()["email"] == response.wsgi_request.user.email


# --- Named API tokens: made by anyone signed in, seen and revoked by their owner only ------

TOKEN_WEB = [
    ("post", "accounts:api_token_create", []),
    ("post", "accounts:api_token_revoke", [0]),
]


@pytest.mark.parametrize("actor", ACTORS)
def test_an_api_token_is_made_by_anyone_signed_in_for_themselves(world, as_actor, actor):
    from accounts.models import ApiToken

    response = as_actor(actor).post(
        reverse("accounts:api_token_create"), {"token-name": "CRM sync", "token-scope": "read"}
    )
    if actor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
        assert not ApiToken.objects.exists()
    else:
        assert response.status_code == 201
        (token,) = ApiToken.objects.all()
        assert token.user == response.wsgi_request.user and token.name == "CRM sync"


@pytest.mark.parametrize("actor", ACTORS)
def test_an_api_token_is_revoked_by_its_owner_only(world, as_actor, actor):
    from accounts import services
    from accounts.models import ApiToken

    token, _key = services.api_token_create(user=world.plan.user, name="CRM", scope="write")
    response = as_actor(actor).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    if actor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    elif actor == "trainee":
        assert response.status_code == 302 and response["Location"] == reverse("accounts:settings")
    else:  # another trainee, a coach, staff: as if there were no such token
        assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists() is (actor != "trainee")
