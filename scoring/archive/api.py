"""API of the archive import: upload (returns at once) and status."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import trainee_for_viewer
from config.exceptions import ApiError
from config.schema import ErrorSerializer

from ..models import ArchiveImport
from . import ArchiveError, selectors, services
from .messages import Notice, render


def _notice(data: dict) -> dict:
    return {**data, "message": render(data["code"], data.get("params"))}


class ArchiveImportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveImport
        fields = [
            "id",
            "url",
            "status",
            "progress",
            "original_name",
            "size",
            "activities_added",
            "counts",
            "files",
            "warnings",
            "error",
            "reference_date",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_url(self, record: ArchiveImport) -> str:
        return reverse("api:archive-import-detail", args=[record.pk])

    def get_warnings(self, record: ArchiveImport) -> list[dict]:
        return [_notice(w) for w in record.warnings or []]

    def get_error(self, record: ArchiveImport) -> dict | None:
        return _notice(record.error) if record.error else None


class ArchiveImportSummarySerializer(ArchiveImportSerializer):
    class Meta(ArchiveImportSerializer.Meta):
        fields = [f for f in ArchiveImportSerializer.Meta.fields if f not in ("files", "warnings")]
        read_only_fields = fields


class ArchiveUploadSerializer(serializers.Serializer):
    file = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class ArchiveImportListView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=ArchiveImportSummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        """The caller's own imports, newest first."""
        trainee = trainee_for_viewer(request.user, str(request.user.pk))
        records = selectors.archive_imports_of(trainee, limit=50)
        return Response(ArchiveImportSummarySerializer(records, many=True).data)

    @extend_schema(
        request=ArchiveUploadSerializer,
        responses={202: ArchiveImportSerializer, 409: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        """Upload the archive ZIP (or CSV files) as ``file``; the import runs in the background."""
        trainee = trainee_for_viewer(request.user, str(request.user.pk))
        files = request.FILES.getlist("file")
        if not files:
            raise ValidationError({"file": [render("empty_upload")]}, code="empty_upload")
        try:
            record = services.archive_import_start(user=trainee, files=files)
        except ArchiveError as error:
            raise ValidationError({"file": [str(error)]}, code=error.notice.code) from None
        except services.ImportBusy:
            raise ApiError(
                Notice("busy").text(), code="busy", status_code=status.HTTP_409_CONFLICT
            ) from None
        return Response(ArchiveImportSerializer(record).data, status=status.HTTP_202_ACCEPTED)


class ArchiveImportDetailView(APIView):
    @extend_schema(responses=ArchiveImportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """Status and result of one import (poll until ``status`` is done or failed)."""
        record = selectors.archive_import_for_viewer(request.user, pk)
        return Response(ArchiveImportSerializer(record).data)
