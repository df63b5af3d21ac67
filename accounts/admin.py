from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from privacy.audit import AuditedAdmin
from privacy.models import AuditAction

from . import services
from .forms import CsvInviteForm
from .models import PREFERENCE_FIELDS, ApiToken, Cohort, Invitation, Membership, User

admin.site.site_header = _("SSI Coach administration")
admin.site.site_title = _("SSI Coach")
admin.site.index_title = _("Cohorts, people and content")


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "role")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    audit_trainee_field = None
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active", "language", "cohorts"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "role")}),
        (_("Preferences"), {"fields": PREFERENCE_FIELDS}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "role", "password1", "password2"),
            },
        ),
    )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Staff setting a trainee's password is logged too (that it changed, no value)."""
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None and request.method == "POST":
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    self._record(
                        request,
                        AuditAction.ADMIN_CHANGE,
                        user,
                        None,
                        {"password": before},
                        {"password": user.password},
                    )
        return response


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "joined_at", "target_ssi", "target_date", "plan_strategy"]
    readonly_fields = ["joined_at"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = [
        "email",
        "first_name",
        "last_name",
        "language",
        "created_at",
        "expires_at",
        "sent_at",
        "status",
    ]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("status"))
    def status(self, obj: Invitation) -> str:
        return str(INVITATION_STATUS_LABELS[obj.status])


INVITATION_STATUS_LABELS = {
    "pending": _("pending"),
    "accepted": _("accepted"),
    "revoked": _("revoked"),
    "expired": _("expired"),
}


@admin.register(Cohort)
class CohortAdmin(AuditedAdmin):
    list_display = ["name", "company", "start_date", "end_date", "target_ssi", "trainee_count"]
    list_filter = ["plan_strategy", "leaderboard_enabled", "start_date"]
    search_fields = ["name", "company"]
    filter_horizontal = ["coaches"]
    inlines = [MembershipInline, InvitationInline]
    date_hierarchy = "start_date"
    fieldsets = (
        (None, {"fields": ("name", "company", ("start_date", "end_date"), "target_ssi")}),
        (_("Coaching"), {"fields": ("coaches", "plan_strategy", "leaderboard_enabled")}),
        (
            _("Needs attention"),
            {
                "fields": (
                    "risk_no_ssi_days",
                    ("risk_drop_points", "risk_drop_days"),
                    ("risk_low_completion_percent", "risk_low_completion_weeks"),
                    "risk_no_login_days",
                    "shared_drop_percent",
                )
            },
        ),
        (
            _("Target market"),
            {"fields": ("target_industries", "target_companies", "target_keywords")},
        ),
    )
    change_form_template = "admin/accounts/cohort/change_form.html"

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(_trainees=Count("memberships"))

    @admin.display(description=_("trainees"), ordering="_trainees")
    def trainee_count(self, obj: Cohort) -> int:
        return obj._trainees  # type: ignore[attr-defined]

    def get_urls(self):
        urls = [
            path(
                "<int:cohort_id>/invite-csv/",
                self.admin_site.admin_view(self.invite_csv_view),
                name="accounts_cohort_invite_csv",
            )
        ]
        return urls + super().get_urls()

    def invite_csv_view(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = get_object_or_404(Cohort, pk=cohort_id)
        if not self.has_change_permission(request, cohort):
            raise PermissionDenied
        form = CsvInviteForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                result = services.invitations_bulk_from_csv(
                    cohort=cohort, raw=form.cleaned_data["file"].read(), invited_by=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                if result.ok:
                    count = len(result.invitations)
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d invitation created and sent.",
                            "%(count)d invitations created and sent.",
                            count,
                        )
                        % {"count": count},
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:accounts_cohort_change", args=[cohort.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "cohort": cohort,
            "form": form,
            "result": result,
            "title": _("Invite trainees from a CSV file"),
        }
        return TemplateResponse(request, "admin/accounts/cohort/invite_csv.html", context)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "cohort", "created_at", "expires_at", "send_count", "status_label"]
    list_filter = ["cohort", ("accepted_at", admin.EmptyFieldListFilter), "revoked_at"]
    search_fields = ["email", "first_name", "last_name", "cohort__name"]
    readonly_fields = [
        "created_at",
        "sent_at",
        "send_count",
        "accepted_at",
        "revoked_at",
        "accepted_user",
    ]
    fields = [
        "cohort",
        "email",
        "first_name",
        "last_name",
        "language",
        "expires_at",
        *readonly_fields,
    ]
    actions = ["resend", "revoke"]
    list_select_related = ["cohort"]

    @admin.display(description=_("status"))
    def status_label(self, obj: Invitation) -> str:
        return str(INVITATION_STATUS_LABELS[obj.status])

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Invitation, form, change: bool) -> None:
        # New invitations go through the service so they are validated and e-mailed.
        created = services.invitation_create(
            cohort=obj.cohort,
            email=obj.email,
            first_name=obj.first_name,
            last_name=obj.last_name,
            language=obj.language,
            invited_by=request.user,
        )
        obj.pk = created.pk

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["exclude"] = ["expires_at"]
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["cohort", "email", "first_name", "last_name", "language"]
        return super().get_fields(request, obj)

    @admin.action(description=_("Send the selected invitations again"))
    def resend(self, request: HttpRequest, queryset) -> None:
        sent = skipped = 0
        for invitation in queryset.filter(accepted_at=None, revoked_at=None):
            services.invitation_resend(invitation=invitation, language=request.user.language)
            sent += 1
        skipped = queryset.count() - sent
        self.message_user(
            request,
            _("%(sent)d sent again, %(skipped)d skipped (accepted or revoked).")
            % {"sent": sent, "skipped": skipped},
        )

    @admin.action(description=_("Revoke the selected invitations"))
    def revoke(self, request: HttpRequest, queryset) -> None:
        revoked = sum(services.invitation_revoke(invitation=i) for i in queryset)
        self.message_user(request, _("%(count)d invitations revoked.") % {"count": revoked})


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "cohort", "joined_at", "target_ssi"]
    list_filter = ["cohort"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "cohort__name"]
    autocomplete_fields = ["user", "cohort"]
    list_select_related = ["user", "cohort"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Every API token, to see who holds one and to revoke it (deleting it, as its owner
    does on the settings page). Nothing is made or edited here: only a hash of the key is
    kept, and the key is shown once, to its owner."""

    list_display = ["name", "user", "prefix", "scope", "created_at", "last_used_at"]
    list_filter = ["scope", ("last_used_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = readonly_fields = ["user", "name", "prefix", "scope", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
