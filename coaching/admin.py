from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from privacy.audit import AuditedAdmin

from . import summaries
from .models import CoachNote, Notification, Outcome, Plan, Task, TaskTemplate
from .seed import catalogue_sync


class DashboardRowsAdmin(AuditedAdmin):
    """An admin edit of what the cohort dashboard's stored rows sum up (tasks, outcomes)
    refreshes those trainees' rows in the same transaction, as the services do."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            summaries.trainee_summaries_refresh(user_ids=[obj.user_id])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        user_id = obj.user_id
        with transaction.atomic():
            super().delete_model(request, obj)
            summaries.trainee_summaries_refresh(user_ids=[user_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        user_ids = list(queryset.values_list("user_id", flat=True).distinct())
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            summaries.trainee_summaries_refresh(user_ids=user_ids)


@admin.register(TaskTemplate)
class TaskTemplateAdmin(admin.ModelAdmin):
    list_display = ["title_en", "slug", "pillar", "factor", "cadence", "minutes", "active"]
    list_filter = ["pillar", "cadence", "active", "routine"]
    list_editable = ["active"]
    search_fields = ["slug", "title_en", "title_it", "howto_en", "howto_it"]
    readonly_fields = ["updated_at"]
    actions = ["sync_catalogue"]
    fieldsets = [
        (
            None,
            {"fields": ["slug", "active", "pillar", "factor", "minutes", "cadence", "per_week"]},
        ),
        (_("English"), {"fields": ["title_en", "howto_en"]}),
        (_("Italian"), {"fields": ["title_it", "howto_it"]}),
        (
            _("Planning"),
            {
                "fields": [
                    "routine",
                    "conditions",
                    "activity_kind",
                    "activity_count",
                    "activity_words",
                ]
            },
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    @admin.action(description=_("Restore the built-in catalogue (texts, efforts, conditions)"))
    def sync_catalogue(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = catalogue_sync()
        self.message_user(
            request,
            ngettext(
                "%(count)d template restored from the catalogue.",
                "%(count)d templates restored from the catalogue.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["due_date", "template", "title", "pillar", "minutes", "status", "source"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ["user", "week_start", "strategy", "focus_pillar", "budget_minutes"]
    list_filter = ["strategy", "focus_pillar", "week_start"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    date_hierarchy = "week_start"
    raw_id_fields = ["user"]
    inlines = [TaskInline]


@admin.register(Task)
class TaskAdmin(DashboardRowsAdmin):
    list_display = ["__str__", "user", "due_date", "pillar", "status", "source"]
    list_filter = ["status", "source", "pillar", "is_habit"]
    search_fields = ["user__email", "title", "template__slug"]
    raw_id_fields = ["plan", "user", "assigned_by", "template"]
    date_hierarchy = "due_date"


@admin.register(Outcome)
class OutcomeAdmin(DashboardRowsAdmin):
    list_display = ["user", "week_start", "meetings_booked", "opportunities_created", "deals_won"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    date_hierarchy = "week_start"


@admin.register(CoachNote)
class CoachNoteAdmin(AuditedAdmin):
    audit_trainee_field = "trainee"
    list_display = ["trainee", "cohort", "author", "visibility", "created_at"]
    list_filter = ["visibility", "cohort"]
    search_fields = ["trainee__email", "body"]
    raw_id_fields = ["trainee", "author"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "kind",
        "period_key",
        "status",
        "emailed",
        "attempts",
        "created_at",
        "sent_at",
        "read_at",
    ]
    list_filter = ["kind", "status", "emailed"]
    search_fields = ["user__email", "period_key"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "claimed_at", "attempts", "last_error", "failed_at"]
