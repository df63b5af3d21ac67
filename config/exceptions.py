"""What the API answers to bad input: one exception handler, one error format.

Every error the API returns is an object with ``detail`` (what went wrong, in the
user's language) and ``code`` (a stable word for programs); refused input adds
``fields`` (field name -> messages, ``non_field_errors`` for the whole). A few errors add
what the client needs to go on (``missing`` for a pasted page, ``existing`` for a day
that has an entry); those are raised as ``ApiError``.

Services raise Django's ``ValidationError`` and ``PermissionDenied``; views let them
through and this handler translates them once (the pattern of HackSoft's Django
styleguide), so that no view catches them. A database check constraint that refuses a
value is answered as a message on the field it checks, never with its name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class ApiError(exceptions.APIException):
    """An error with more to say than ``detail`` and ``code`` (``extra`` goes in the body)."""

    def __init__(
        self, detail: str, *, code: str, status_code: int, extra: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(detail, code)
        self.status_code = status_code
        self.extra = dict(extra or {})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django answers 500 and logs it
    assert isinstance(exc, exceptions.APIException)
    response.data = error_body(exc)
    return response


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, DjangoValidationError):
        errors = as_serializer_error(exc)
        if NON_FIELD_ERRORS in errors:  # a model's clean() or constraints: the whole input
            errors.setdefault(_whole(), []).extend(errors.pop(NON_FIELD_ERRORS))
        return exceptions.ValidationError(_fields_of_constraints(errors))
    if isinstance(exc, IntegrityError):
        found = _constraint_named(_constraint_name(exc))
        if found is not None:
            field, message = found
            return exceptions.ValidationError({field: [message]}, code="constraint")
        return exc
    if isinstance(exc, DataError):
        # A number the database cannot hold (an id or a count past 64 bits): bad input.
        return exceptions.ValidationError(
            {_whole(): [_("A value you gave is out of range.")]}, code="out_of_range"
        )
    return exc


def _whole() -> str:
    """The key of errors about the whole input rather than one field."""
    return api_settings.NON_FIELD_ERRORS_KEY


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        codes = list(_messages(exc.get_codes()))
        messages = [m for ms in fields.values() for m in ms]
        return {
            "detail": messages[0] if len(messages) == 1 else _("Some values are not valid."),
            "code": codes[0] if len(set(codes)) == 1 else "invalid",
            "fields": fields,
        }
    detail = exc.detail
    if isinstance(detail, list | dict):  # an APIException raised with a structure
        detail = " ".join(m for ms in _flatten(detail).values() for m in ms)
    codes = exc.get_codes()
    body = {"detail": str(detail), "code": codes if isinstance(codes, str) else "error"}
    if isinstance(exc, ApiError):
        body.update(exc.extra)
    return body


def _flatten(detail: Any) -> dict[str, list[str]]:
    """Field name -> every message under it (a list field's errors are keyed by index)."""
    if isinstance(detail, Mapping):
        return {str(key): list(_messages(value)) for key, value in detail.items()}
    return {_whole(): list(_messages(detail))}


def _messages(value: Any) -> Iterator[str]:
    """The strings at the leaves of an error structure (messages, or their codes)."""
    if isinstance(value, Mapping):
        for inner in value.values():
            yield from _messages(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _messages(inner)
    else:
        yield str(value)


# --- Check constraints as field messages --------------------------------------------------


@cache
def _check_constraints() -> dict[str, tuple[type[models.Model], models.CheckConstraint]]:
    return {
        constraint.name: (model, constraint)
        for model in apps.get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
    }


def _first_field(condition: Q) -> str | None:
    for child in condition.children:
        name = _first_field(child) if isinstance(child, Q) else child[0].split("__")[0]
        if name:
            return name
    return None


def _constraint_named(name: str | None) -> tuple[str, str] | None:
    """The field a check constraint is about and a message for it, in the active language."""
    if name is None or name not in _check_constraints():
        return None
    model, constraint = _check_constraints()[name]
    field_name = _first_field(constraint.condition) or _whole()
    if constraint.violation_error_message != constraint.default_violation_error_message:
        return field_name, str(constraint.get_violation_error_message())
    try:
        label = str(model._meta.get_field(field_name).verbose_name)
    except Exception:
        label = field_name
    return field_name, _(
        "“%(field)s” cannot take this value (alone or with the other values you gave)."
    ) % {"field": label}


def _constraint_name(exc: IntegrityError) -> str | None:
    """The refused constraint's name: PostgreSQL names it in the error's diagnostics;
    other databases only in the message ("CHECK constraint failed: <name>" on SQLite)."""
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name is not None:
        return name
    text = str(exc)
    named = [known for known in _check_constraints() if known in text]
    return max(named, key=len) if named else None


def _fields_of_constraints(errors: dict[str, Any]) -> dict[str, Any]:
    """Move a constraint's default message ("Constraint “x” is violated.") to its field."""
    whole = errors.get(_whole())
    if not whole:
        return errors
    by_message = {
        str(constraint.get_violation_error_message()): name
        for name, (_model, constraint) in _check_constraints().items()
    }
    kept = []
    result = {key: list(value) for key, value in errors.items() if key != _whole()}
    for message in whole:
        name = by_message.get(str(message))
        found = _constraint_named(name)
        if found is None:
            kept.append(message)
        else:
            field, text = found
            result.setdefault(field, []).append(exceptions.ErrorDetail(text, code="constraint"))
    if kept:
        result[_whole()] = kept
    return result
