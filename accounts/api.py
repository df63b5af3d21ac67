"""REST endpoints of accounts: who am I, my settings, my cohorts, a token."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import selectors, services
from .models import SETTINGS_FIELDS, TARGET_KEYWORDS_MAX_LENGTH, Cohort, User
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
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(d, int) and 0 <= d <= 6 for d in value)
        ):
            raise serializers.ValidationError(
                _("Give a non-empty list of weekdays from 0 (Monday) to 6 (Sunday).")
            )
        return sorted(set(value))


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
