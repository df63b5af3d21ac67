"""What the API answers to bad input: one handler, one format, no database names."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import translation
from rest_framework.exceptions import ValidationError

from config.exceptions import ApiError, exception_handler
from scoring.models import NetworkState

pytestmark = pytest.mark.django_db


def handle(exc: Exception):
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_a_django_validation_error_is_a_400_with_its_fields():
    status, body = handle(DjangoValidationError({"date": ["Too early."]}, code="too_early"))
    assert status == 400
    assert body == {"detail": "Too early.", "code": "invalid", "fields": {"date": ["Too early."]}}
    status, body = handle(DjangoValidationError("Check the total.", code="total_mismatch"))
    assert body == {
        "detail": "Check the total.",
        "code": "total_mismatch",
        "fields": {"non_field_errors": ["Check the total."]},
    }


def test_several_messages_are_summed_up_and_list_errors_flattened():
    status, body = handle(ValidationError({"working_days": {0: ["Bad day."]}, "a": ["No."]}))
    assert status == 400 and body["detail"] == "Some values are not valid."
    assert body["fields"] == {"working_days": ["Bad day."], "a": ["No."]}


def test_permission_denied_and_404_keep_their_message():
    assert handle(PermissionDenied("Only coaches.")) == (
        403,
        {"detail": "Only coaches.", "code": "permission_denied"},
    )
    assert handle(Http404()) == (404, {"detail": "Not found.", "code": "not_found"})


def test_an_api_error_carries_what_the_client_needs():
    status, body = handle(ApiError("Taken.", code="day_taken", status_code=409, extra={"x": 1}))
    assert (status, body) == (409, {"detail": "Taken.", "code": "day_taken", "x": 1})


def test_a_check_constraint_is_a_field_message_and_never_its_name(trainee):
    state = NetworkState(user=trainee, connections=10, decision_makers=20)
    with translation.override("it"), pytest.raises(DjangoValidationError) as raised:
        state.validate_constraints()
    assert "networkstate_dm_within_connections" in str(raised.value)  # what leaked before
    with translation.override("it"):
        status, body = handle(raised.value)
    assert status == 400 and "networkstate" not in str(body)
    assert set(body["fields"]) == {"decision_makers"}
    assert "non può" in body["detail"]  # in the user's language


def test_a_check_constraint_refused_by_the_database_is_a_field_message(trainee):
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        NetworkState.objects.create(user=trainee, connections=10, decision_makers=20)
    status, body = handle(raised.value)
    assert status == 400 and "networkstate" not in str(body)
    assert body["code"] == "constraint" and set(body["fields"]) == {"decision_makers"}


def test_another_integrity_error_is_left_to_the_server_error_page():
    assert exception_handler(IntegrityError("duplicate key"), {}) is None
