"""REST endpoints of coaching, with the same permissions as the web pages.

A trainee reads and writes their own plans, tasks, outcomes and target; a coach reads
the trainees of their cohorts (``?trainee=<id>``), adds tasks and writes notes; notes
marked private never reach a trainee. Anything out of reach answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import (
    cohort_for_viewer,
    cohorts_coached_with,
    is_coach,
    record_for_owner,
    trainee_access,
    trainee_for_planner,
    trainee_for_viewer,
    trainees_for_viewer,
)
from accounts.selectors import user_today

from . import labels, risk, selectors, services, summaries
from .forms import CoachTaskForm
from .models import (
    CoachNote,
    NoteVisibility,
    Outcome,
    Plan,
    SkipReason,
    Task,
    TaskTemplate,
)

TRAINEE_PARAM = OpenApiParameter(
    "trainee",
    OpenApiTypes.INT,
    description="A trainee you coach (default: yourself).",
    required=False,
)


def _trainee_from(request: Request) -> User:
    raw = request.query_params.get("trainee")
    if raw in (None, ""):
        return request.user  # type: ignore[return-value]
    return trainee_for_viewer(request.user, raw)


# --- Serializers ------------------------------------------------------------------------------


class TaskSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="display_title")
    howto = serializers.CharField(source="display_howto")
    template = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    assigned_by = serializers.SerializerMethodField()
    # Plain strings in the schema: choice enums named "status" collide across apps.
    status = serializers.CharField(read_only=True, help_text="todo, done or skipped")
    skip_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "due_date",
            "title",
            "howto",
            "template",
            "pillar",
            "factor",
            "minutes",
            "is_habit",
            "status",
            "skip_reason",
            "skip_note",
            "completed_on",
            "source",
            "assigned_by",
        ]
        read_only_fields = fields

    def get_assigned_by(self, task: Task) -> str | None:
        if task.assigned_by is None:
            return None
        return task.assigned_by.get_full_name() or task.assigned_by.email


class PlanSummarySerializer(serializers.ModelSerializer):
    tasks_total = serializers.IntegerField(read_only=True)
    tasks_done = serializers.IntegerField(read_only=True)
    tasks_skipped = serializers.IntegerField(read_only=True)
    focus_pillar = serializers.CharField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "user",
            "week_start",
            "strategy",
            "focus_pillar",
            "budget_minutes",
            "tasks_total",
            "tasks_done",
            "tasks_skipped",
        ]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    tasks = TaskSerializer(many=True, read_only=True)
    focus_pillar = serializers.CharField(read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "user", "week_start", "strategy", "focus_pillar", "budget_minutes", "tasks"]
        read_only_fields = fields


class SkipSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=SkipReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class OutcomeSerializer(serializers.ModelSerializer):
    warnings = serializers.SerializerMethodField(
        help_text="What looks odd but was saved (e.g. more deals than opportunities)."
    )

    class Meta:
        model = Outcome
        fields = [
            "id",
            "user",
            "week_start",
            "meetings_booked",
            "opportunities_created",
            "deals_won",
            "warnings",
        ]
        read_only_fields = ["id", "user", "warnings"]
        # A week's outcome is all three numbers (the service takes each); a missing one
        # is refused rather than taken for 0.
        extra_kwargs = {
            name: {"required": True}
            for name in ("meetings_booked", "opportunities_created", "deals_won")
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, outcome: Outcome) -> list[str]:
        return services.outcome_warnings(outcome)

    def validate_week_start(self, value: Any) -> Any:
        if value.weekday() != 0:
            raise serializers.ValidationError(_("A week starts on a Monday."))
        return value


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = CoachNote
        fields = ["id", "trainee", "cohort", "author", "visibility", "body", "created_at"]
        read_only_fields = ["id", "trainee", "cohort", "author", "created_at"]

    def get_author(self, note: CoachNote) -> str | None:
        if note.author is None:
            return None
        return note.author.get_full_name() or note.author.email


class CoachTaskSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    howto = serializers.CharField(required=False, allow_blank=True, default="")
    pillar = serializers.CharField()
    factor = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.IntegerField(min_value=1, max_value=480)
    due_date = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        form = CoachTaskForm(data=attrs)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        return form.cleaned_data


class TaskTemplateSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    howto = serializers.CharField(read_only=True)

    class Meta:
        model = TaskTemplate
        fields = [
            "slug",
            "pillar",
            "factor",
            "minutes",
            "cadence",
            "per_week",
            "routine",
            "activity_kind",
            "title",
            "howto",
        ]
        read_only_fields = fields


class StrategySerializer(serializers.Serializer):
    strategy = serializers.CharField(allow_blank=True)


class TargetSerializer(serializers.Serializer):
    target_ssi = serializers.IntegerField(min_value=1, max_value=100, allow_null=True)
    target_date = serializers.DateField(allow_null=True)


# --- Plans and tasks --------------------------------------------------------------------------


@extend_schema_view(get=extend_schema(parameters=[TRAINEE_PARAM]))
class PlanListView(generics.ListAPIView):
    """Weekly plans, newest first, with how many tasks were done and skipped."""

    serializer_class = PlanSummarySerializer

    def get_queryset(self) -> QuerySet[Plan]:
        return selectors.plans_with_counts(_trainee_from(self.request))


class CurrentPlanView(APIView):
    """This week's plan. Reading never makes it: without one yet, GET answers 404 and a
    POST makes it (the trainee for themself, a coach for a trainee they coach)."""

    @extend_schema(parameters=[TRAINEE_PARAM], responses=PlanSerializer)
    def get(self, request: Request) -> Response:
        trainee = _trainee_from(request)
        if not trainee.is_trainee:
            raise Http404
        today = user_today(trainee)
        plan = selectors.plan_with_tasks(trainee, services.week_start_of(today))
        if plan is None:
            raise NotFound(_("There is no plan for this week yet; a POST here makes it."))
        return Response(PlanSerializer(plan).data)

    @extend_schema(
        parameters=[TRAINEE_PARAM],
        request=None,
        responses={201: PlanSerializer, 200: PlanSerializer},
    )
    def post(self, request: Request) -> Response:
        raw = request.query_params.get("trainee") or request.user.pk
        trainee = trainee_for_planner(request.user, raw)
        today = user_today(trainee)
        week = services.week_start_of(today)
        existed = Plan.objects.filter(user=trainee, week_start=week).exists()
        services.plan_generate(user=trainee, today=today)
        plan = selectors.plan_with_tasks(trainee, week)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(PlanSerializer(plan).data, status=code)


class PlanDetailView(generics.RetrieveAPIView):
    serializer_class = PlanSerializer

    def get_queryset(self) -> QuerySet[Plan]:
        tasks = Task.objects.select_related("template", "assigned_by")
        return Plan.objects.filter(
            user__in=trainees_for_viewer(self.request.user)
        ).prefetch_related(Prefetch("tasks", queryset=tasks))


def _own_task(request: Request, task_id: int) -> Task:
    return record_for_owner(
        request.user, Task.objects.select_related("template", "user", "assigned_by"), task_id
    )


class TaskCompleteView(APIView):
    @extend_schema(request=None, responses=TaskSerializer)
    def post(self, request: Request, task_id: int) -> Response:
        task = _own_task(request, task_id)
        task = services.task_complete(task=task, actor=request.user)  # type: ignore[arg-type]
        return Response(TaskSerializer(task).data)


class TaskSkipView(APIView):
    @extend_schema(request=SkipSerializer, responses=TaskSerializer)
    def post(self, request: Request, task_id: int) -> Response:
        task = _own_task(request, task_id)
        data = SkipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_skip(task=task, actor=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(TaskSerializer(task).data)


class TaskUndoView(APIView):
    @extend_schema(request=None, responses=TaskSerializer)
    def post(self, request: Request, task_id: int) -> Response:
        task = _own_task(request, task_id)
        task = services.task_undo(task=task, actor=request.user)  # type: ignore[arg-type]
        return Response(TaskSerializer(task).data)


class TraineeTaskCreateView(APIView):
    """A coach adds a task to a trainee's plan (the week of its day)."""

    @extend_schema(request=CoachTaskSerializer, responses={201: TaskSerializer(many=True)})
    def post(self, request: Request, trainee_id: int) -> Response:
        trainee = trainee_access(request.user, trainee_id).require_steer(
            _("Only coaches add tasks to a trainee's plan.")
        )
        data = CoachTaskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tasks = services.coach_task_add(
            coach=request.user,  # type: ignore[arg-type]
            trainees=[trainee],
            **data.validated_data,
        )
        return Response(TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)


class CohortTaskCreateView(APIView):
    """A coach adds a task to the plan of every trainee of a cohort."""

    @extend_schema(request=CoachTaskSerializer, responses={201: TaskSerializer(many=True)})
    def post(self, request: Request, cohort_id: int) -> Response:
        cohort = cohort_for_viewer(request.user, cohort_id)
        data = CoachTaskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tasks = services.coach_task_add_to_cohort(
            coach=request.user,  # type: ignore[arg-type]
            cohort=cohort,
            **data.validated_data,
        )
        return Response(TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)


# --- Catalogue and strategies ----------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("factor", OpenApiTypes.STR, required=False),
            OpenApiParameter("pillar", OpenApiTypes.STR, required=False),
        ]
    )
)
class CatalogueListView(generics.ListAPIView):
    """The active best practices; ``?factor=`` or ``?pillar=`` narrow them down."""

    serializer_class = TaskTemplateSerializer

    def get_queryset(self) -> QuerySet[TaskTemplate]:
        params = self.request.query_params
        return selectors.catalogue_templates(
            factor=params.get("factor"), pillar=params.get("pillar")
        )


class CohortStrategyView(APIView):
    """A coach sets the cohort's default plan strategy."""

    @extend_schema(request=StrategySerializer, responses=StrategySerializer)
    def put(self, request: Request, cohort_id: int) -> Response:
        cohort = cohort_for_viewer(request.user, cohort_id)
        data = StrategySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.strategy_set(
            actor=request.user,  # type: ignore[arg-type]
            cohort=cohort,
            strategy=data.validated_data["strategy"],
        )
        return Response({"strategy": cohort.plan_strategy})


class TraineeStrategyView(APIView):
    """A coach overrides one trainee's strategy ('' goes back to the cohort's)."""

    @extend_schema(request=StrategySerializer, responses=StrategySerializer)
    def put(self, request: Request, trainee_id: int) -> Response:
        trainee = trainee_for_viewer(request.user, trainee_id)
        cohort = cohorts_coached_with(request.user, trainee).order_by("-start_date").first()
        if cohort is None:
            raise PermissionDenied(_("Only the trainee's coaches choose their strategy."))
        data = StrategySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.strategy_set(
            actor=request.user,  # type: ignore[arg-type]
            cohort=cohort,
            trainee=trainee,
            strategy=data.validated_data["strategy"],
        )
        return Response({"strategy": selectors.effective_strategy(trainee)})


# --- Outcomes, notes, targets -----------------------------------------------------------------


@extend_schema_view(get=extend_schema(parameters=[TRAINEE_PARAM]))
class OutcomeListView(generics.ListCreateAPIView):
    """Weekly outcomes; posting one for a week that has one replaces its numbers."""

    serializer_class = OutcomeSerializer

    def get_queryset(self) -> QuerySet[Outcome]:
        return Outcome.objects.filter(user=_trainee_from(self.request)).order_by("-week_start")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if is_coach(request.user):
            raise PermissionDenied(_("Only the trainee logs their outcomes."))
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.outcome_record(user=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)


class NoteListView(generics.ListCreateAPIView):
    """Notes on a trainee: coaches read and write; the trainee reads only shared notes."""

    serializer_class = NoteSerializer

    def trainee(self) -> User:
        return trainee_for_viewer(self.request.user, self.kwargs["trainee_id"])

    def get_queryset(self) -> QuerySet[CoachNote]:
        return selectors.notes_for_viewer(self.request.user, self.trainee())  # type: ignore[arg-type]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        trainee = trainee_access(request.user, self.kwargs["trainee_id"]).require_steer(
            _("Only coaches write notes.")
        )
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.note_create(
            author=request.user,  # type: ignore[arg-type]
            trainee=trainee,
            body=data.validated_data["body"],
            visibility=data.validated_data.get("visibility", NoteVisibility.PRIVATE),
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


def _target_payload(trainee: User) -> dict[str, Any]:
    today = user_today(trainee)
    view = selectors.forecast_of(trainee, today)
    result = view.result
    return {
        "target_ssi": view.target.ssi,
        "target_date": view.target.date,
        "own": view.target.own,
        # A target of the trainee's own set by a coach is the coach's, not the trainee's.
        "set_by_coach": view.target.by_coach,
        "forecast": {
            "status": result.status,
            "source": result.source,
            "current": result.current,
            "projected": result.projected,
            "slope_per_week": result.slope_per_week,
            "points_behind": result.points_behind,
            "message": view.message,
        },
    }


class TargetView(APIView):
    """The trainee's target (their own, else the cohort's) and the forecast in plain words."""

    @extend_schema(parameters=[TRAINEE_PARAM], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response(_target_payload(_trainee_from(request)))

    @extend_schema(
        parameters=[TRAINEE_PARAM], request=TargetSerializer, responses=OpenApiTypes.OBJECT
    )
    def put(self, request: Request) -> Response:
        trainee = _trainee_from(request)
        data = TargetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.target_set(actor=request.user, trainee=trainee, **data.validated_data)  # type: ignore[arg-type]
        return Response(_target_payload(trainee))


# --- Who needs attention ------------------------------------------------------------------


class RiskFlagSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=risk.CODES)
    text = serializers.CharField()
    days = serializers.IntegerField(allow_null=True)
    points = serializers.FloatField(allow_null=True)
    weeks = serializers.IntegerField(allow_null=True)


class AtRiskSerializer(serializers.Serializer):
    trainee = serializers.IntegerField()
    name = serializers.CharField()
    flags = RiskFlagSerializer(many=True)


class CohortAtRiskView(APIView):
    """Trainees of the cohort who need attention, with the reasons (coaches of it)."""

    pagination_class = None

    @extend_schema(responses=AtRiskSerializer(many=True))
    def get(self, request: Request, cohort_id: int) -> Response:
        cohort = cohort_for_viewer(request.user, cohort_id)
        # The rules of coaching.risk under the cohort's settings, as on the web page.
        judged = summaries.cohort_at_risk(cohort, timezone.now())
        data = [
            {
                "trainee": t.pk,
                "name": t.get_full_name() or t.email,
                "flags": [
                    {
                        "code": f.code,
                        "text": labels.risk_text(f),
                        "days": f.days,
                        "points": f.points,
                        "weeks": f.weeks,
                    }
                    for f in flags
                ],
            }
            for t, flags in judged
            if flags
        ]
        return Response(AtRiskSerializer(data, many=True).data)
