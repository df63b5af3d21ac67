"""The OpenAPI schema validates, and documents the one error format everywhere."""

from functools import cache

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_a_warning(tmp_path):
    # --fail-on-warn exits non-zero (SystemExit) on any warning or error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")


@cache
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations():
    schema = _schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_documents_its_errors_in_the_error_format():
    missing = []
    for path, method, operation in _operations():
        for status in ("400", "403", "404", "429"):
            response = operation["responses"].get(status)
            ref = response and response["content"]["application/json"]["schema"]["$ref"]
            if not ref or ref.rsplit("/", 1)[1] not in {"Error", "PasteError", "DayTakenError"}:
                missing.append(f"{method.upper()} {path} {status}")
    assert missing == []


def test_401_is_documented_where_credentials_are_needed():
    needing = {(p, m) for p, m, op in _operations() if "401" in op["responses"]}
    assert ("/api/v1/me/", "get") in needing
    assert ("/api/v1/auth/token/", "post") not in needing


def test_a_state_never_saved_has_no_date_and_the_schema_says_so(client_for, trainee):
    schema = _schema()
    for name, url in (("ProfileState", "/api/v1/profile/"), ("NetworkState", "/api/v1/network/")):
        assert schema["components"]["schemas"][name]["properties"]["updated_at"]["nullable"]
        assert client_for(trainee).get(url).json()["updated_at"] is None
