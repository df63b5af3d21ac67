"""The OpenAPI schema documents the one error format on every operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    """What every error of the API answers."""

    detail = serializers.CharField(help_text="What went wrong, in the user's language.")
    code = serializers.CharField(help_text="A stable word for programs (e.g. not_found).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Refused input: field name -> messages (non_field_errors: the whole).",
    )

    class Meta:
        ref_name = "Error"


ERRORS = {
    "400": "The input was refused (see fields).",
    "401": "No credentials, or a wrong or revoked token.",
    "403": "Not allowed to do this (a read-only token, a coach writing a trainee's record).",
    "404": "Nothing here within the caller's reach.",
    "429": "Too many requests; Retry-After says when to try again.",
}


class AutoSchema(BaseAutoSchema):
    """Every operation lists the errors it can answer, in the shared Error component,
    unless the view documents its own for that status."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status, description in ERRORS.items():
            if status == "401" and self._open_to_anyone():
                continue
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    ErrorSerializer, status, direction=direction
                )
                responses[status]["description"] = description
        return responses

    def _open_to_anyone(self) -> bool:
        return any(isinstance(p, AllowAny) for p in self.view.get_permissions())
