"""REST endpoints of scoring under /api/v1/.

Same permissions as the web: a trainee reads and writes their own data; a coach reads
(never writes) the trainees of their cohorts with ``?trainee=<id>``; anyone else gets
404. Every lookup goes through ``accounts.permissions``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import exports, validation
from accounts.models import User
from accounts.permissions import (
    leaderboard_cohort_for,
    record_writer,
    records_writer,
    trainee_for_viewer,
    trainees_for_viewer,
)
from accounts.selectors import user_today
from config.exceptions import ApiError
from config.schema import ErrorSerializer

from . import paste, selectors, services
from .explain import paste_error_message, paste_found_message
from .models import (
    Activity,
    ActivitySource,
    Estimate,
    NetworkState,
    ProfileState,
    SignalSource,
    SnapshotSource,
    SsiSnapshot,
)
from .vocabulary import FACTOR_TEXT, PILLAR_NAMES

TRAINEE_PARAM = OpenApiParameter(
    "trainee",
    OpenApiTypes.INT,
    description="A trainee of a cohort you coach (coaches and staff); default: yourself.",
)


def subject(request: Request) -> User:
    """Whose data: ``?trainee=<id>`` if the viewer may see them (else 404), or the viewer."""
    trainee_id = request.query_params.get("trainee")
    if trainee_id in (None, ""):
        return request.user  # type: ignore[return-value]
    return trainee_for_viewer(request.user, trainee_id)


# --- Snapshots -------------------------------------------------------------------------------


SOURCE_FIELD_HELP = "Where the record came from (typed, pasted, api / manual, task, import / form)."


def _source_field() -> serializers.CharField:
    return serializers.CharField(read_only=True, help_text=SOURCE_FIELD_HELP)


class SnapshotSerializer(serializers.ModelSerializer):
    source = _source_field()
    typed_total = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        required=False,
        allow_null=True,
        write_only=True,
        help_text="LinkedIn's total, to double-check: refused if more than 1 point from the sum.",
    )
    replace = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text="Replace the entry already recorded for that day (else 409 with both).",
    )
    confirm_zero = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text="Confirm that all four pillars really are 0 (else refused).",
    )

    class Meta:
        model = SsiSnapshot
        fields = [
            "id",
            "date",
            "brand",
            "people",
            "insights",
            "relationships",
            "total",
            "typed_total",
            "replace",
            "confirm_zero",
            "industry_rank",
            "network_rank",
            "industry_average",
            "network_average",
            "source",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "total", "created_at", "updated_at"]
        # One per day is enforced by the service (same day replaces), not refused.
        validators: list = []
        extra_kwargs = {"date": {"validators": [validation.ssi_day]}}


class DayTakenSerializer(ErrorSerializer):
    existing = SnapshotSerializer(help_text="The entry the day has (nothing was saved).")
    total = serializers.CharField(help_text="The total the refused entry would have had.")

    class Meta:
        ref_name = "DayTakenError"


DAY_TAKEN = OpenApiResponse(
    DayTakenSerializer, description="The day has an entry: send replace to replace it."
)


@contextmanager
def _day_taken_as_conflict() -> Iterator[None]:
    """409: the day has an entry; both are in the answer, nothing was saved."""
    try:
        yield
    except services.SnapshotDayTaken as taken:
        raise ApiError(
            " ".join(taken.messages),
            code="day_taken",
            status_code=status.HTTP_409_CONFLICT,
            extra={
                "existing": SnapshotSerializer(taken.existing).data,
                "total": f"{taken.new_total:.6f}",
            },
        ) from None


@extend_schema_view(
    get=extend_schema(parameters=[TRAINEE_PARAM]),
    post=extend_schema(responses={201: SnapshotSerializer, 409: DAY_TAKEN}),
)
class SnapshotListView(generics.ListCreateAPIView):
    """Official SSI snapshots: one per day; posting a day again replaces its entry."""

    serializer_class = SnapshotSerializer

    def get_queryset(self) -> QuerySet[SsiSnapshot]:
        return selectors.snapshots_of(subject(self.request))

    def perform_create(self, serializer: SnapshotSerializer) -> None:
        user = records_writer(self.request.user)
        data = dict(serializer.validated_data)
        total = data.pop("typed_total", None)
        with _day_taken_as_conflict():
            serializer.instance = services.snapshot_record(
                user=user, total=total, source=SnapshotSource.API, **data
            )


@extend_schema_view(
    put=extend_schema(responses={200: SnapshotSerializer, 409: DAY_TAKEN}),
    patch=extend_schema(responses={200: SnapshotSerializer, 409: DAY_TAKEN}),
)
class SnapshotDetailView(generics.RetrieveUpdateDestroyAPIView):
    """One official SSI snapshot: its trainee changes or deletes it; coaches read it."""

    serializer_class = SnapshotSerializer

    def get_queryset(self) -> QuerySet[SsiSnapshot]:
        return SsiSnapshot.objects.filter(user__in=trainees_for_viewer(self.request.user))

    def get_object(self) -> SsiSnapshot:
        snapshot = super().get_object()
        # Refuse a reader's write before the body is validated, whatever the body holds.
        if self.request.method not in SAFE_METHODS:
            record_writer(self.request.user, snapshot.user)
        return snapshot

    def perform_update(self, serializer: SnapshotSerializer) -> None:
        snapshot = serializer.instance
        record_writer(self.request.user, snapshot.user)
        data = dict(serializer.validated_data)
        total = data.pop("typed_total", None)
        with _day_taken_as_conflict():
            serializer.instance = services.snapshot_update(snapshot=snapshot, total=total, **data)

    def perform_destroy(self, instance: SsiSnapshot) -> None:
        record_writer(self.request.user, instance.user)
        services.snapshot_delete(snapshot=instance)


class PasteRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=paste.MAX_CHARS, allow_blank=True)


class ParsedSsiSerializer(serializers.Serializer):
    language = serializers.CharField()
    brand = serializers.DecimalField(max_digits=9, decimal_places=6)
    people = serializers.DecimalField(max_digits=9, decimal_places=6)
    insights = serializers.DecimalField(max_digits=9, decimal_places=6)
    relationships = serializers.DecimalField(max_digits=9, decimal_places=6)
    total = serializers.DecimalField(max_digits=9, decimal_places=6)
    page_total = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    industry_rank = serializers.IntegerField(allow_null=True)
    network_rank = serializers.IntegerField(allow_null=True)
    industry_average = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    network_average = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    found = serializers.ListField(
        child=serializers.CharField(), help_text="The optional fields read from the page."
    )
    not_found = serializers.ListField(
        child=serializers.CharField(), help_text="The optional fields the page did not show."
    )
    message = serializers.CharField(help_text="What was found and what was not, in words.")


class PasteErrorSerializer(ErrorSerializer):
    missing = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="A page that is not a full SSI page: the parts it lacks.",
    )

    class Meta:
        ref_name = "PasteError"


class PasteParseView(APIView):
    """Read a pasted SSI page and return what was found; nothing is saved."""

    @extend_schema(
        request=PasteRequestSerializer,
        responses={200: ParsedSsiSerializer, 400: PasteErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = PasteRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            parsed = paste.parse_ssi_page(serializer.validated_data["text"])
        except paste.PasteError as error:
            raise ApiError(
                paste_error_message(error),
                code=error.code,
                status_code=status.HTTP_400_BAD_REQUEST,
                extra={"missing": list(error.missing)},
            ) from None
        data = {"language": parsed.language, "total": parsed.total, **parsed.pillars()}
        for name in (
            "page_total",
            "industry_rank",
            "network_rank",
            "industry_average",
            "network_average",
        ):
            data[name] = getattr(parsed, name)
        data |= {
            "found": list(parsed.found()),
            "not_found": list(parsed.not_found()),
            "message": paste_found_message(parsed),
        }
        return Response(ParsedSsiSerializer(data).data)


# --- Activities --------------------------------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    source = _source_field()

    class Meta:
        model = Activity
        fields = ["id", "kind", "occurred_on", "count", "words", "note", "source", "created_at"]
        read_only_fields = ["id", "source", "created_at"]
        extra_kwargs = {"occurred_on": {"validators": [validation.activity_day]}}

    def to_representation(self, instance: Activity) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and instance.user_id != request.user.pk:
            data["note"] = ""  # a trainee's own notes stay theirs; coaches see counts
        return data


@extend_schema_view(get=extend_schema(parameters=[TRAINEE_PARAM]))
class ActivityListView(generics.ListCreateAPIView):
    """Activities that feed the estimate (logged by hand, by tasks or from the archive)."""

    serializer_class = ActivitySerializer

    def get_queryset(self) -> QuerySet[Activity]:
        return selectors.activities_of(subject(self.request))

    def perform_create(self, serializer: ActivitySerializer) -> None:
        user = records_writer(self.request.user)
        serializer.instance = services.activity_log(
            user=user, source=ActivitySource.MANUAL, **serializer.validated_data
        )


class ActivityDetailView(generics.RetrieveDestroyAPIView):
    """One activity: its trainee deletes it; coaches read it."""

    serializer_class = ActivitySerializer

    def get_queryset(self) -> QuerySet[Activity]:
        return Activity.objects.filter(user__in=trainees_for_viewer(self.request.user))

    def perform_destroy(self, instance: Activity) -> None:
        record_writer(self.request.user, instance.user)
        services.activity_delete(activity=instance)


# --- Profile and network ----------------------------------------------------------------------


def _updated_at_field() -> serializers.DateTimeField:
    return serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When it was last saved; null if never."
    )


class ProfileStateSerializer(serializers.ModelSerializer):
    source = _source_field()
    updated_at = _updated_at_field()
    completeness = serializers.SerializerMethodField()

    class Meta:
        model = ProfileState
        fields = [*services.PROFILE_FIELDS, "completeness", "source", "updated_at"]
        read_only_fields = ["completeness", "source", "updated_at"]
        extra_kwargs = {"profile_updated_on": {"validators": [validation.linkedin_day]}}

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_completeness(self, state: ProfileState) -> float:
        return round(state.completeness(), 4)


class NetworkStateSerializer(serializers.ModelSerializer):
    source = _source_field()
    updated_at = _updated_at_field()

    class Meta:
        model = NetworkState
        fields = [*services.NETWORK_FIELDS, "source", "updated_at"]
        read_only_fields = ["source", "updated_at"]


class _StateView(APIView):
    serializer_class: type[serializers.ModelSerializer]

    def _read(self, request: Request) -> Any:
        raise NotImplementedError

    def _write(self, user: User, data: dict) -> Any:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        return Response(self.serializer_class(self._read(request)).data)

    def _save(self, request: Request, partial: bool) -> Response:
        user = record_writer(request.user, subject(request))
        serializer = self.serializer_class(self._read(request), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        state = self._write(user, dict(serializer.validated_data))
        return Response(self.serializer_class(state).data)

    def put(self, request: Request) -> Response:
        return self._save(request, partial=False)

    def patch(self, request: Request) -> Response:
        return self._save(request, partial=True)


@extend_schema_view(
    get=extend_schema(parameters=[TRAINEE_PARAM], responses=ProfileStateSerializer),
    put=extend_schema(request=ProfileStateSerializer, responses=ProfileStateSerializer),
    patch=extend_schema(request=ProfileStateSerializer, responses=ProfileStateSerializer),
)
class ProfileStateView(_StateView):
    """The profile checklist behind "Establish your professional brand"."""

    serializer_class = ProfileStateSerializer

    def _read(self, request: Request) -> ProfileState:
        return selectors.profile_state_of(subject(request))

    def _write(self, user: User, data: dict) -> ProfileState:
        return services.profile_state_update(user=user, source=SignalSource.API, **data)


@extend_schema_view(
    get=extend_schema(parameters=[TRAINEE_PARAM], responses=NetworkStateSerializer),
    put=extend_schema(request=NetworkStateSerializer, responses=NetworkStateSerializer),
    patch=extend_schema(request=NetworkStateSerializer, responses=NetworkStateSerializer),
)
class NetworkStateView(_StateView):
    """Network facts: connections, decision makers, target market, acceptance rate."""

    serializer_class = NetworkStateSerializer

    def _read(self, request: Request) -> NetworkState:
        return selectors.network_state_of(subject(request))

    def _write(self, user: User, data: dict) -> NetworkState:
        return services.network_state_update(user=user, source=SignalSource.API, **data)


# --- Estimates ---------------------------------------------------------------------------------


class FactorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    what = serializers.CharField()
    how = serializers.CharField()
    value = serializers.FloatField()
    target = serializers.FloatField()
    weight = serializers.FloatField()
    points = serializers.FloatField()
    available = serializers.FloatField()


class PillarSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    points = serializers.FloatField()
    available = serializers.FloatField()
    factors = FactorSerializer(many=True)


class EstimateSerializer(serializers.ModelSerializer):
    model_version = serializers.IntegerField(source="model.version", read_only=True)

    class Meta:
        model = Estimate
        fields = [
            "id",
            "date",
            "model_version",
            "brand",
            "people",
            "insights",
            "relationships",
            "total",
            "computed_at",
        ]


class EstimateDetailSerializer(EstimateSerializer):
    explanation = serializers.SerializerMethodField()

    class Meta(EstimateSerializer.Meta):
        fields = [*EstimateSerializer.Meta.fields, "explanation"]

    @extend_schema_field(PillarSerializer(many=True))
    def get_explanation(self, estimate: Estimate) -> list[dict[str, Any]]:
        result = estimate.result()
        return [
            {
                "key": pillar.key,
                "name": str(PILLAR_NAMES[pillar.key]),
                "points": pillar.points,
                "available": pillar.available,
                "factors": [
                    {
                        "key": f.key,
                        "label": str(FACTOR_TEXT[f.key].label),
                        "what": str(FACTOR_TEXT[f.key].what),
                        "how": str(FACTOR_TEXT[f.key].how),
                        "value": f.value,
                        "target": f.target,
                        "weight": f.weight,
                        "points": f.points,
                        "available": f.available,
                    }
                    for f in pillar.by_available()
                ],
            }
            for pillar in result.pillars
        ]


@extend_schema_view(get=extend_schema(parameters=[TRAINEE_PARAM]))
class EstimateListView(generics.ListAPIView):
    """Estimates per day and model version, newest first."""

    serializer_class = EstimateSerializer

    def get_queryset(self) -> QuerySet[Estimate]:
        return selectors.estimates_of(subject(self.request)).defer("explanation")


class EstimateDetailView(generics.RetrieveAPIView):
    """One estimate, with every factor explained."""

    serializer_class = EstimateDetailSerializer

    def get_queryset(self) -> QuerySet[Estimate]:
        return Estimate.objects.filter(
            user__in=trainees_for_viewer(self.request.user)
        ).select_related("model")


class LatestEstimateView(APIView):
    """The latest estimate, with every factor explained (404 before the first)."""

    @extend_schema(parameters=[TRAINEE_PARAM], responses=EstimateDetailSerializer)
    def get(self, request: Request) -> Response:
        estimate = selectors.latest_estimate(subject(request))
        if estimate is None:
            raise NotFound(_("No estimate yet."))
        return Response(EstimateDetailSerializer(estimate).data)


# --- Leaderboard and exports ------------------------------------------------------------------


class LeaderboardEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    trainee = serializers.IntegerField(source="trainee.pk")
    name = serializers.SerializerMethodField()
    ssi = serializers.FloatField()
    change_7d = serializers.FloatField(allow_null=True)
    is_you = serializers.BooleanField(source="is_viewer")

    def get_name(self, entry: selectors.LeaderboardEntry) -> str:
        return entry.trainee.get_full_name() or entry.trainee.email


class LeaderboardSerializer(serializers.Serializer):
    entries = LeaderboardEntrySerializer(many=True)
    leaders = serializers.DictField(
        child=serializers.IntegerField(), help_text="Pillar -> the trainee id who leads it."
    )


class LeaderboardView(APIView):
    """The cohort's leaderboard: its coaches, and its trainees if the cohort enables it.
    Only trainees who opted in appear."""

    @extend_schema(responses=LeaderboardSerializer)
    def get(self, request: Request, cohort_id: int) -> Response:
        cohort = leaderboard_cohort_for(request.user, cohort_id)
        board = selectors.leaderboard(cohort, today=user_today(request.user), viewer=request.user)
        return Response(
            {
                "entries": LeaderboardEntrySerializer(board.entries, many=True).data,
                "leaders": {k: e.trainee.pk for k, e in board.leaders.items()},
            }
        )


class HistoryExportView(APIView):
    """A trainee's SSI history as CSV (UTF-8 with BOM) or XLSX (yours, or ``?trainee=``)."""

    @extend_schema(parameters=[TRAINEE_PARAM], responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request: Request, fmt: str) -> HttpResponse:
        if fmt not in exports.FORMATS:
            raise NotFound
        trainee = subject(request)
        headers, rows = selectors.history_table(trainee)
        return exports.table_response(fmt, f"ssi-{trainee.pk}", headers, rows)
