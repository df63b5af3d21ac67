"""REST endpoints of accounts: who am I, my settings, my cohorts, a token."""

from datetime import date
from typing import Any

from django.db import models
from django.http import HttpResponse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import exports, selectors, services, validation
from .models import SETTINGS_FIELDS, TARGET_KEYWORDS_MAX_LENGTH, Cohort, User
from .permissions import cohort_for_viewer
from .validation import normalise_newlines


class MembershipCohortSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cohort
        fields = ["id", "name", "start_date", "end_date", "target_ssi", "plan_strategy"]


class TextField(serializers.CharField):
    """Text whose length counts a line break once, however the client wrote it."""

    def to_internal_value(self, data: object) -> str:
        return normalise_newlines(super().to_internal_value(data))


class MeSerializer(serializers.ModelSerializer):
    cohorts = serializers.SerializerMethodField()
    is_staff = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", *SETTINGS_FIELDS, "role", "is_staff", "cohorts"]
        read_only_fields = ["id", "email", "role", "is_staff", "cohorts"]
        extra_kwargs = {"target_keywords": {"max_length": TARGET_KEYWORDS_MAX_LENGTH}}

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TextField: TextField,
    }

    @extend_schema(exclude=True)
    def get_cohorts(self, user: User) -> list[dict]:
        return MembershipCohortSerializer(
            [m.cohort for m in selectors.memberships_of(user)], many=True
        ).data

    def validate_working_days(self, value: object) -> list[int]:
        if not isinstance(value, list):
            value = [value]
        return validation.check_working_days(value)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.user_update_settings(user=request.user, **serializer.validated_data)
        return Response(MeSerializer(request.user).data)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class LoginThrottle(AnonRateThrottle):
    scope = "anon"


class ObtainTokenView(APIView):
    """Exchange e-mail (as ``username``) and password for an API token.

    Failed attempts count towards the same lockout as the login page.
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [LoginThrottle]

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request._request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)


# --- Cohort dashboard ----------------------------------------------------------------------


class DashboardTraineeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField()


class DashboardRowSerializer(serializers.Serializer):
    trainee = DashboardTraineeSerializer()
    values = serializers.DictField(
        help_text="Column values by field name (ssi, change_7d, brand, ..., risk); null if unknown."
    )


class DashboardSerializer(serializers.Serializer):
    cohort = serializers.IntegerField()
    fields = serializers.ListField(child=serializers.CharField())
    rows = DashboardRowSerializer(many=True)


DASHBOARD_PARAMETERS = [
    OpenApiParameter("sort", str, description="A field to sort by; prefix with - to reverse."),
    OpenApiParameter("filter", str, description="risk: only trainees who need attention."),
    OpenApiParameter("q", str, description="Part of a trainee's name or e-mail."),
]


def _board(request: Request, cohort_id: int) -> selectors.CohortDashboard:
    cohort = cohort_for_viewer(request.user, cohort_id)
    return selectors.cohort_dashboard(
        cohort,
        today=selectors.user_today(request.user),
        sort=request.query_params.get("sort", "")[:40],
        active_filter=request.query_params.get("filter", "")[:40],
        query=request.query_params.get("q", "")[:100],
    )


class CohortDashboardView(APIView):
    """The cohort dashboard's rows: what the web page shows, for coaches of the cohort."""

    @extend_schema(parameters=DASHBOARD_PARAMETERS, responses=DashboardSerializer)
    def get(self, request: Request, cohort_id: int) -> Response:
        board = _board(request, cohort_id)
        names = [name for column in board.columns for name in column.field_names]
        rows = []
        for row in board.rows:
            values: dict[str, Any] = {}
            for column, cell in zip(board.columns, row.cells, strict=True):
                padded = (list(cell.values) + [None] * len(column.field_names))[
                    : len(column.field_names)
                ]
                values.update(zip(column.field_names, padded, strict=True))
            t = row.trainee
            rows.append(
                {
                    "trainee": {
                        "id": t.pk,
                        "first_name": t.first_name,
                        "last_name": t.last_name,
                        "email": t.email,
                    },
                    "values": {
                        k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()
                    },
                }
            )
        return Response({"cohort": board.cohort.pk, "fields": names, "rows": rows})


class CohortExportView(APIView):
    """The cohort dashboard as CSV (UTF-8 with BOM) or XLSX, as filtered and sorted."""

    @extend_schema(
        parameters=DASHBOARD_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, cohort_id: int, fmt: str) -> HttpResponse:
        if fmt not in exports.FORMATS:
            raise NotFound
        board = _board(request, cohort_id)
        headers, rows = selectors.dashboard_table(board)
        name = slugify(board.cohort.name) or "cohort"
        return exports.table_response(
            fmt, f"{name}-{selectors.user_today(request.user).isoformat()}", headers, rows
        )
