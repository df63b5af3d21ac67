"""The API against its own OpenAPI schema, as each of six actors (Schemathesis).

For every operation Schemathesis generates requests from the schema (a few examples
each, a deadline per example) and sends them to the application in-process, with the
actor's token; every answer must be no server error and must match the schema: status
code, content type, headers and body. Path ids are the real objects of one trainee's
world, so that reads and writes reach something as well as 404s.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as account_services
from tests.security.conftest import ACTORS, World

pytestmark = pytest.mark.django_db

EXAMPLES = 20  # per operation and actor: the six runs take about two minutes
CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _path_values(w: World, trainee: Any, cohort: Any) -> dict[str, dict[str, Any]]:
    """Real ids for each path's parameters, by the path's first word."""
    return {
        "snapshots": {"pk": w.snapshot.pk, "fmt": "csv"},
        "activities": {"pk": w.activity.pk},
        "estimates": {"pk": w.estimate.pk},
        "plans": {"pk": w.plan.pk},
        "tasks": {"task_id": w.task.pk},
        "trainees": {"trainee_id": trainee.pk},
        "cohorts": {"cohort_id": cohort.pk, "fmt": "csv"},
        "archive-imports": {"pk": w.archive_import.pk},
    }


@pytest.fixture
def in_process_requests():
    """Requests through the WSGI app share the test's transaction (as Django's test client
    does, the connection is not closed at the end of each request)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("actor", ACTORS)
def test_every_operation_matches_the_schema(
    actor, world, trainee, cohort, request, in_process_requests
):
    api = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    api.app = in_process_requests
    headers = {}
    if actor != "anonymous":
        user = request.getfixturevalue(actor)
        _token, key = account_services.api_token_create(
            user=user, name="conformance", scope="write"
        )
        headers = {"Authorization": f"Token {key}"}
    values = _path_values(world, trainee, cohort)
    failures: list[str] = []
    sent: list[int] = []
    for result in api.get_all_operations():
        operation = result.ok()
        word = operation.path.removeprefix("/api/v1/").split("/")[0]
        known = values.get(word, {})
        # drf-spectacular names a detail view's pk "id".
        params = {
            p.name: known["pk" if p.name == "id" else p.name] for p in operation.path_parameters
        }
        strategy = operation.as_strategy(path_parameters=params, headers=headers)

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=5000,  # ms per example, on a loaded machine
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call()
            sent.append(response.status_code)
            try:
                case.validate_response(response, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as error:  # a group of failed checks
                where = f"{case.method} {case.formatted_path} {response.status_code}"
                failures.append(f"{where}: {str(error)[:300]}")
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        run()
    assert failures == [], "\n".join(failures)
    assert len(sent) >= 2 * len(values)  # it did send requests, for every kind of path


def test_the_checks_catch_an_answer_that_breaks_the_schema(trainee, in_process_requests):
    """The run above can fail: a never-saved profile's updated_at is null, which a schema
    that said "string" (as it once did) refuses."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    document["components"]["schemas"]["ProfileState"]["properties"]["updated_at"].pop("nullable")
    api = schemathesis.openapi.from_dict(document)
    api.app = in_process_requests
    _token, key = account_services.api_token_create(user=trainee, name="check", scope="read")
    case = api["/api/v1/profile/"]["GET"].Case(headers={"Authorization": f"Token {key}"})
    response = case.call()
    assert response.status_code == 200 and response.json()["updated_at"] is None
    with pytest.raises(BaseException) as raised:  # a group of the failed checks
        case.validate_response(response, checks=CHECKS)
    found = getattr(raised.value, "exceptions", [raised.value])
    assert any("violates schema" in str(error) for error in found)
