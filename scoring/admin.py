import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacy.audit import AuditedAdmin

from . import calibration, engine, services, vocabulary
from .models import (
    Activity,
    ArchiveImport,
    Estimate,
    NetworkState,
    ProfileState,
    ScoringModel,
    SsiSnapshot,
)


@admin.register(SsiSnapshot)
class SsiSnapshotAdmin(AuditedAdmin):
    list_display = ["user", "date", "total", *vocabulary.PILLARS, "source"]
    list_filter = ["source", "date"]
    search_fields = ["user__email", "user__last_name"]
    date_hierarchy = "date"
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["total", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change) -> None:
        obj.total = services.pillar_sum(obj.pillar_values())
        super().save_model(request, obj, form, change)


@admin.register(Activity)
class ActivityAdmin(AuditedAdmin):
    list_display = ["user", "occurred_on", "kind", "count", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["user__email", "note"]
    date_hierarchy = "occurred_on"
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(ProfileState)
class ProfileStateAdmin(AuditedAdmin):
    list_display = ["user", "source", "updated_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(NetworkState)
class NetworkStateAdmin(AuditedAdmin):
    list_display = ["user", "connections", "decision_maker_share", "source", "updated_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


class ScoringModelForm(forms.ModelForm):
    class Meta:
        model = ScoringModel
        fields = ["weights", "targets", "notes"]

    def clean(self):
        cleaned = super().clean()
        errors = engine.validate_model(cleaned.get("weights") or {}, cleaned.get("targets") or {})
        if errors:
            raise ValidationError(errors)
        return cleaned


@admin.register(ScoringModel)
class ScoringModelAdmin(admin.ModelAdmin):
    form = ScoringModelForm
    list_display = ["__str__", "created_at", "estimate_count"]
    readonly_fields = ["version", "created_at", "pillar_sums"]
    fields = ["version", "weights", "targets", "pillar_sums", "notes", "created_at"]
    actions = ["calibrate"]

    @admin.action(
        description=gettext_lazy("Calibrate the model in use against all official snapshots"),
        permissions=["add"],
    )
    def calibrate(self, request: HttpRequest, queryset) -> None:
        """Fit the weights of the version in use (whatever is selected) to every snapshot."""
        from django.utils import timezone

        run = services.scoring_model_calibrate(today=timezone.localdate())
        fit = run.fit
        if fit.before is None or fit.after is None:
            self.message_user(
                request,
                _(
                    "Not enough official snapshots to calibrate: %(train)s to fit and "
                    "%(held)s to judge by (at least %(min_train)s and %(min_held)s, on two "
                    "days or more). Nothing was changed."
                )
                % {
                    "train": fit.n_train,
                    "held": fit.n_heldout,
                    "min_train": calibration.MIN_TRAIN_POINTS,
                    "min_held": calibration.MIN_HELDOUT_POINTS,
                },
                messages.WARNING,
            )
            return
        errors = {
            "before": f"{fit.before.total:.2f}",
            "after": f"{fit.after.total:.2f}",
            "n": fit.n_heldout,
            "pillars": "; ".join(
                f"{p} {fit.before.pillars[p]:.2f} → {fit.after.pillars[p]:.2f}"
                for p in vocabulary.PILLARS
            ),
        }
        if run.saved is None:
            self.message_user(
                request,
                _(
                    "The fit is not better on the %(n)s held-out snapshots (mean absolute "
                    "error of the total %(before)s → %(after)s; %(pillars)s), so the model "
                    "in use was kept."
                )
                % errors,
                messages.INFO,
            )
            return
        self.message_user(
            request,
            _(
                "Saved version %(version)s, now in use. Mean absolute error on the %(n)s "
                "held-out snapshots: total %(before)s → %(after)s; %(pillars)s."
            )
            % (errors | {"version": run.saved.version}),
            messages.SUCCESS,
        )

    def get_queryset(self, request: HttpRequest):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_estimates=Count("estimates"))

    @admin.display(description=gettext_lazy("estimates"))
    def estimate_count(self, obj: ScoringModel) -> int:
        return getattr(obj, "n_estimates", 0)

    @admin.display(description=gettext_lazy("weight per pillar"))
    def pillar_sums(self, obj: ScoringModel) -> str:
        weights = obj.weights or {}
        sums = {
            p: sum(float(weights.get(k, 0)) for k in keys) for p, keys in vocabulary.FACTORS.items()
        }
        return json.dumps(sums)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        latest = ScoringModel.objects.order_by("-version").first()
        if latest:
            return {"weights": latest.weights, "targets": latest.targets}
        return {"weights": engine.DEFAULT_WEIGHTS, "targets": engine.DEFAULT_TARGETS}

    def save_model(self, request, obj, form, change) -> None:
        original = ScoringModel.objects.filter(pk=obj.pk).first() if change else None
        saved = services.scoring_model_save(
            model=original or ScoringModel(),
            weights=form.cleaned_data["weights"],
            targets=form.cleaned_data["targets"],
            notes=form.cleaned_data["notes"],
        )
        if original is not None and saved.pk != original.pk:
            self.message_user(
                request,
                _(
                    "Version %(old)s already has estimates, so it was kept unchanged and "
                    "your edit was saved as version %(new)s, now in use."
                )
                % {"old": original.version, "new": saved.version},
                messages.WARNING,
            )
        obj.pk, obj.version = saved.pk, saved.version

    def has_delete_permission(self, request: HttpRequest, obj: ScoringModel | None = None) -> bool:
        if obj is not None and obj.estimates.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Estimate)
class EstimateAdmin(admin.ModelAdmin):
    list_display = ["user", "date", "model", "total", *vocabulary.PILLARS]
    list_filter = ["model", "date"]
    search_fields = ["user__email"]
    date_hierarchy = "date"
    list_select_related = ["user", "model"]
    readonly_fields = [f.name for f in Estimate._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Estimate | None = None) -> bool:
        return False


@admin.register(ArchiveImport)
class ArchiveImportAdmin(admin.ModelAdmin):
    """Read-only: imports are started by trainees; staff look at what happened."""

    list_display = ["user", "created_at", "status", "progress", "activities_added", "original_name"]
    list_filter = ["status", "created_at"]
    search_fields = ["user__email", "original_name"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = [f.name for f in ArchiveImport._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ArchiveImport | None = None) -> bool:
        return False
