"""Every route has a row in the permission matrix: a new page or endpoint without one fails.

The web side walks the URL resolver (every named pattern); the API side walks the
OpenAPI schema that drf-spectacular builds (every path and method). A route counts as
covered when a case of ``test_permissions_matrix`` requests it (the case's URL is
resolved back to its route), or when it is listed below as open to everyone, with why.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

from . import test_permissions_matrix as matrix
from .test_no_get_writes import walk

pytestmark = pytest.mark.django_db

#: Routes anyone may open, logged in or not: what each is for says why.
PUBLIC = {
    "home": "the landing page (or a redirect to one's own page)",
    "login": "logging in",
    "logout": "logging out (a POST)",
    "password_reset": "asking for a reset link by e-mail",
    "password_reset_done": "the page after asking",
    "password_reset_confirm": "the signed link of the e-mail is the proof",
    "password_reset_complete": "the page after resetting",
    "accounts:language_switch": "switching the interface language",
    "accounts:invitation_accept": "the signed invitation token is the proof",
    "accounts:unsubscribe": "the signed unsubscribe token is the proof (RFC 8058)",
    "healthz": "the load balancer's probe",
    "privacy:deleted": "the goodbye page after deleting one's account (logged out by then)",
    "api:token": "obtaining an API token with one's credentials",
    "schema": "the API's description",
    "swagger-ui": "the API's documentation",
}
#: Django's admin checks staff status and model permissions itself; the matrix holds one
#: row for its index and the walker of ``test_no_get_writes`` opens every admin page.
DELEGATED = ("admin:", "admin/")


def _route_names() -> dict[str, str]:
    return {r.name or r.route: r.route for r in walk()}


def _covered_web(world: Any, request: Any) -> set[str]:
    urls = [case.url(world, request.getfixturevalue) for case in matrix.WEB_CASES]
    urls += [case.url(world, request.getfixturevalue) for case in matrix.HTMX_CASES]
    urls += [url for url, _data, _status in matrix._own_pages(world)]
    names = {resolve(url.split("?")[0]).view_name for url in urls}
    names |= {name for _method, name, _args in matrix.ANONYMOUS_WEB}
    names |= {row[1] for row in matrix.SIGNED_IN_WEB}
    names |= {name for _method, name, _args in matrix.TOKEN_WEB}
    return names


def _covered_api(world: Any, request: Any) -> set[tuple[str, str]]:
    covered = {
        (resolve(case.url(world, request.getfixturevalue).split("?")[0]).view_name, case.method)
        for case in matrix.API_CASES
    }
    covered |= {(name, method) for method, name in matrix.ANONYMOUS_API}
    covered |= {(name, method) for method, name in matrix.SIGNED_IN_API}
    return covered


def _api_routes() -> set[tuple[str, str, str]]:
    """(route name, method, schema path) for every operation of the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = set()
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{fmt\}", "csv", path)
        concrete = re.sub(r"\{[^}]+\}", "1", concrete)
        name = resolve(concrete).view_name
        for method in operations:
            found.add((name, method, path))
    return found


def test_every_page_has_a_row_in_the_matrix(world, request):
    covered = _covered_web(world, request)
    missing = sorted(
        f"{name} ({route})"
        for name, route in _route_names().items()
        if not route.startswith("api/")
        and name not in covered
        and name not in PUBLIC
        and not name.startswith(DELEGATED)
    )
    assert not missing, "pages without a row in the permission matrix:\n" + "\n".join(missing)


def test_every_api_operation_has_a_row_in_the_matrix(world, request):
    covered = _covered_api(world, request)
    missing = sorted(
        f"{method.upper()} {path} ({name})"
        for name, method, path in _api_routes()
        if (name, method) not in covered and name not in PUBLIC
    )
    assert not missing, "API operations without a row in the matrix:\n" + "\n".join(missing)


def test_the_public_list_names_real_routes():
    """A route that was removed (or renamed) must leave the list too."""
    names = set(_route_names())
    assert not sorted(set(PUBLIC) - names)


def test_the_walk_finds_what_the_matrix_misses(world, request, monkeypatch):
    """The check can fail: without its rows, a covered page is reported missing."""
    monkeypatch.setattr(matrix, "WEB_CASES", [c for c in matrix.WEB_CASES if c.name != "why_for"])
    assert "scoring:why_for" not in _covered_web(world, request)
