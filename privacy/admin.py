from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin as AccountsUserAdmin
from accounts.models import User

from . import services
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the services, never by hand."""

    list_display = ["at", "actor_label", "actor_role", "action", "trainee_display", "object_repr"]
    list_filter = ["action", "actor_role", "at", "cohort", "redacted"]
    search_fields = ["actor_label", "object_repr", "object_type", "=trainee_ref", "=object_id"]
    date_hierarchy = "at"
    list_select_related = ["trainee"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    @admin.display(description=_("trainee"), ordering="trainee_ref")
    def trainee_display(self, obj: AuditEntry) -> str:
        if obj.trainee is not None:
            return str(obj.trainee)
        return f"#{obj.trainee_ref}" if obj.trainee_ref else "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Deleting a trainee in the admin is the same deletion as the trainee's own: one service
# (uploads out of storage, cohort averages computed again, one audit entry).
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        if obj.is_trainee:
            services.account_delete(user=obj, actor=request.user)  # type: ignore[arg-type]
        else:
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        trainees = [user for user in queryset if user.is_trainee]
        for user in trainees:
            services.account_delete(user=user, actor=request.user)  # type: ignore[arg-type]
        super().delete_queryset(request, queryset.exclude(pk__in=[u.pk for u in trainees]))
