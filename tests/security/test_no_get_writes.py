"""No GET writes: every route of the URL resolver, requested as every actor.

The walker lists every URL pattern (pages, API, admin, schema), fills its path
parameters with the ids of real objects (``world``: the trainee's snapshot, plan, task,
note, import, ...; the admin's object ids are the first row of each model) and sends a
GET as each actor. Two checks:

* per request, the SQL it ran: no INSERT, UPDATE or DELETE, except on ``django_session``
  (Django's own session machinery: the password-reset link stores its token in the
  session on GET, and a session may be re-saved when it was modified; the user's
  ``last_login`` is written by logging in, which happens before the walk);
* per actor, a fingerprint of every table (each model's rows, hashed) before and after
  the walk, which also catches a write made on another connection.

A pattern whose parameters the walker does not know how to fill fails the test by name
(no silent skip): add it to ``ROUTE_VALUES`` or ``PARAM_VALUES``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services as account_services
from coaching import services as coaching_services
from coaching.models import TaskTemplate

from .conftest import ACTORS, TODAY, World

pytestmark = pytest.mark.django_db

ALLOWED_WRITE_TABLES = {
    "django_session",
    # An API call with a named token records when the token was last used, at most once
    # a minute per token (its owner sees it on the settings page); nothing else of it
    # changes on a GET. tests/accounts/test_api_tokens.py holds it to that.
    "accounts_apitoken",
}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE)\b", re.IGNORECASE)
TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, e.g. "coach/trainees/<int:trainee_id>/plan/"
    name: str | None
    params: tuple[str, ...]
    callback: Callable[..., Any]


def walk(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    """Every URL pattern below ``resolver``, with the names of all its parameters."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            groups = REGEX_GROUP.findall(route)
            params = tuple(groups) + tuple(PATH_PARAM.findall(REGEX_GROUP.sub("", route)))
            yield Route(route, name, params, pattern.callback)


# ``(?P<pk>[^/.]+)`` in a regex pattern, ``<int:pk>`` in a path pattern.
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")
PATH_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def fill(route: str, values: dict[str, Any]) -> str:
    path = REGEX_GROUP.sub(lambda m: str(values[m.group(1)]), route)
    path = PATH_PARAM.sub(lambda m: str(values[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")


# --- What each parameter is --------------------------------------------------------------------


@dataclass
class Things:
    world: World
    trainee: Any
    cohort: Any
    invitation_token: str
    past_week: Any
    api_token: Any


# Parameters whose meaning is the same in every route that has them.
PARAM_VALUES: dict[str, Callable[[Things], Any]] = {
    "trainee_id": lambda t: t.trainee.pk,
    "token_id": lambda t: t.api_token.pk,
    "cohort_id": lambda t: t.cohort.pk,
    "task_id": lambda t: t.world.task.pk,
    "note_id": lambda t: t.world.shared_note.pk,
    "import_id": lambda t: t.world.archive_import.pk,
    "week": lambda t: t.past_week.isoformat(),
    "notification_id": lambda t: t.trainee.notifications.order_by("pk").first().pk,
    # Exports: the CSV of each (the spreadsheet is the same rows, and slower to build).
    "fmt": lambda t: "csv",
}

# Parameters that mean different things in different routes (``pk``, tokens).
ROUTE_VALUES: dict[str, Callable[[Things], dict[str, Any]]] = {
    "password/reset/<uidb64>/<token>/": lambda t: {
        "uidb64": urlsafe_base64_encode(force_bytes(t.trainee.pk)),
        "token": default_token_generator.make_token(t.trainee),
    },
    "invite/<str:token>/": lambda t: {"token": t.invitation_token},
    # The unsubscribe page's GET only shows its confirm button (the POST unsubscribes).
    "unsubscribe/<str:token>/": lambda t: {
        "token": account_services.unsubscribe_token(user=t.trainee, kind="daily_digest")
    },
    "ssi/<int:pk>/edit/": lambda t: {"pk": t.world.snapshot.pk},
    "plan/best-practices/<slug:slug>/add/": lambda t: {
        "slug": TaskTemplate.objects.filter(active=True).order_by("slug").first().slug
    },
    "ssi/<int:pk>/delete/": lambda t: {"pk": t.world.snapshot.pk},
    # The coach's verification is a POST; its GET must change nothing.
    "coach/trainees/<int:trainee_id>/ssi/<int:pk>/verify/": lambda t: {
        "trainee_id": t.trainee.pk,
        "pk": t.world.snapshot.pk,
    },
    "signals/activity/<int:pk>/delete/": lambda t: {"pk": t.world.activity.pk},
    "api/v1/archive-imports/<int:pk>/": lambda t: {"pk": t.world.archive_import.pk},
    "api/v1/snapshots/<int:pk>/": lambda t: {"pk": t.world.snapshot.pk},
    "api/v1/activities/<int:pk>/": lambda t: {"pk": t.world.activity.pk},
    "api/v1/estimates/<int:pk>/": lambda t: {"pk": t.world.estimate.pk},
    "api/v1/plans/<int:pk>/": lambda t: {"pk": t.world.plan.pk},
}


def _admin_models() -> dict[str, type]:
    return {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}


def admin_values(route: Route, things: Things) -> dict[str, Any] | None:
    """The admin's parameters: the first row of the page's model, the user's content type."""
    if not route.route.startswith("admin/"):
        return None
    values: dict[str, Any] = {}
    model = next(
        (m for key, m in _admin_models().items() if route.route.startswith(f"admin/{key}")),
        None,
    )
    for param in route.params:
        if param in ("object_id", "id") and model is not None:
            first = model._base_manager.order_by("pk").first()
            if first is None:
                return None  # no row to open: the test fails and names the model
            values[param] = first.pk
        elif param == "app_label":
            values[param] = "accounts"
        elif param == "content_type_id":
            values[param] = ContentType.objects.get_for_model(type(things.trainee)).pk
        elif param == "object_id":
            values[param] = things.trainee.pk
        elif param == "url":
            values[param] = "no-such-page/"
        elif param in PARAM_VALUES:
            values[param] = PARAM_VALUES[param](things)
        else:
            return None
    return values


def values_for(route: Route, things: Things) -> dict[str, Any] | None:
    if not route.params:
        return {}
    if route.route in ROUTE_VALUES:
        return ROUTE_VALUES[route.route](things)
    if route.route.startswith("admin/"):
        return admin_values(route, things)
    if all(p in PARAM_VALUES for p in route.params):
        return {p: PARAM_VALUES[p](things) for p in route.params}
    return None


def urls_to_get(things: Things) -> tuple[list[tuple[Route, str]], list[str]]:
    """(route, filled URL) for every pattern, and the patterns that could not be filled."""
    found, unfilled = [], []
    for route in walk():
        values = values_for(route, things)
        if values is None:
            unfilled.append(route.route)
            continue
        url = fill(route.route, values)
        # A filled URL must reach its own view (not an earlier pattern that also matches).
        try:
            reached = resolve(url).func
        except Resolver404:
            reached = None
        if reached is not route.callback:
            unfilled.append(f"{route.route} (filled as {url}, reaches another view)")
            continue
        found.append((route, url))
    return found, unfilled


# --- The database, before and after -----------------------------------------------------------


def fingerprint() -> dict[str, str]:
    """A hash of every table's rows (sessions aside: they are Django's own)."""
    prints = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in ALLOWED_WRITE_TABLES or model._meta.proxy or not model._meta.managed:
            continue
        columns = [f.attname for f in model._meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*columns)
        prints[table] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return prints


def writes_in(queries: list[dict]) -> list[str]:
    found = []
    for query in queries:
        sql = query["sql"]
        if not WRITE.match(sql):
            continue
        table = TABLE.match(sql)
        if table and table.group(1) in ALLOWED_WRITE_TABLES:
            continue
        found.append(sql[:200])
    return found


def get_every_route(client, things: Things) -> tuple[list[str], list[str]]:
    """GET each filled URL; returns (writes seen, server errors)."""
    urls, unfilled = urls_to_get(things)
    assert not unfilled, (
        "The GET walker cannot fill these URL patterns; say in ROUTE_VALUES or "
        f"PARAM_VALUES which real object each parameter is: {unfilled}"
    )
    writes, errors = [], []
    for route, url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        writes += [f"GET {url}: {sql}" for sql in writes_in(captured.captured_queries)]
        if response.status_code >= 500 and route.name != "healthz":
            errors.append(f"GET {url}: {response.status_code}")
    return writes, errors


@pytest.fixture
def things(world, trainee, cohort, coach) -> Things:
    invitation = account_services.invitation_create(
        cohort=cohort, email="newcomer@example.com", invited_by=coach
    )
    past_week = world.plan.week_start - timedelta(days=7)
    coaching_services.plan_generate(user=trainee, week_start=past_week, today=TODAY)
    _one_row_for_every_admin_page(trainee)
    return Things(
        world=world,
        trainee=trainee,
        cohort=cohort,
        invitation_token=account_services.invitation_token(invitation),
        past_week=past_week,
        api_token=account_services.api_token_create(user=trainee, name="walker", scope="read")[0],
    )


def _one_row_for_every_admin_page(trainee) -> None:
    """A row in each table the admin lists, so that its change pages have an id to open."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from coaching.models import Notification
    from scoring import services as scoring_services

    Group.objects.create(name="Reviewers")
    Token.objects.create(user=trainee)
    scoring_services.profile_state_update(user=trainee, recompute=False, has_photo=True)
    scoring_services.network_state_update(user=trainee, recompute=False, connections=500)
    Notification.objects.create(user=trainee, kind="weekly_ssi", period_key="2026-W48")
    # Not a walker: logging in (AXES_RESET_ON_SUCCESS) clears that user's attempts.
    seen = {"username": "intruder@example.com", "ip_address": "192.0.2.1", "user_agent": "test"}
    AccessAttempt.objects.create(**seen, failures_since_start=1, get_data="", post_data="")
    AccessFailureLog.objects.create(**seen, locked_out=False)
    AccessLog.objects.create(**seen)


def test_no_get_route_writes_for_any_actor(things, request):
    """One test for all six actors: the world they walk is built once (it takes seconds)."""
    from django.test import Client

    users = {name: request.getfixturevalue(name) for name in ACTORS if name != "anonymous"}
    problems: dict[str, dict[str, list[str]]] = {}
    for actor in ACTORS:
        client = Client()
        if actor in users:
            client.force_login(users[actor], backend="django.contrib.auth.backends.ModelBackend")
        before = fingerprint()
        writes, errors = get_every_route(client, things)
        changed = [table for table, value in fingerprint().items() if before.get(table) != value]
        if writes or changed or errors:
            problems[actor] = {"writes": writes, "changed tables": changed, "errors": errors}
    assert problems == {}


def test_the_walker_reaches_pages_api_and_admin(things):
    urls, _unfilled = urls_to_get(things)
    paths = {url for _route, url in urls}
    assert "/plan/" in paths and "/api/v1/plans/current/" in paths
    assert f"/coach/trainees/{things.trainee.pk}/plan/{things.past_week.isoformat()}/" in paths
    assert f"/api/v1/snapshots/{things.world.snapshot.pk}/" in paths
    first_user = type(things.trainee).objects.order_by("pk").first()
    assert f"/admin/accounts/user/{first_user.pk}/change/" in paths
    assert len(urls) > 150


# --- The walker fails when it should -----------------------------------------------------------


def _writing_view(request):
    from django.http import HttpResponse

    from coaching.models import Plan

    Plan.objects.filter(pk=-1).update(budget_minutes=1)  # a write, even of no row
    return HttpResponse("ok")


@pytest.fixture
def extra_routes(settings):
    """Put one more route before the project's own (a module made for the test)."""
    import sys
    import types

    from django.urls import include, path

    def install(extra: list) -> None:
        module = types.ModuleType("tests_extra_urls")
        module.urlpatterns = [*extra, path("", include("config.urls"))]  # type: ignore[attr-defined]
        sys.modules["tests_extra_urls"] = module
        settings.ROOT_URLCONF = "tests_extra_urls"

    yield install
    sys.modules.pop("tests_extra_urls", None)


def test_a_get_route_that_writes_is_caught(extra_routes, things, client):
    from django.urls import path

    extra_routes([path("writes-on-get/", _writing_view, name="writes_on_get")])
    writes, _errors = get_every_route(client, things)
    assert any(w.startswith("GET /writes-on-get/: UPDATE") for w in writes)


def test_a_route_the_walker_cannot_fill_fails_by_name(extra_routes, things, client):
    from django.urls import path

    extra_routes([path("mystery/<int:widget_id>/", _writing_view, name="mystery")])
    with pytest.raises(AssertionError, match=r"mystery/<int:widget_id>/"):
        get_every_route(client, things)
