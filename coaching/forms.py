from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import TextareaField
from accounts.models import PlanStrategy
from scoring.vocabulary import FACTOR_PILLAR

from .models import FACTOR_CHOICES, PILLAR_CHOICES, NoteVisibility, Outcome, SkipReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SkipForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you skipping it?"), choices=SkipReason.choices)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["meetings_booked", "opportunities_created", "deals_won"]
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "max": 1000})
            for name in ["meetings_booked", "opportunities_created", "deals_won"]
        }


class TargetForm(forms.Form):
    target_ssi = forms.IntegerField(
        label=_("Target SSI"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Leave empty to follow the cohort's target."),
    )
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to use the end of the cohort."),
    )


class CoachTaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=160)
    howto = TextareaField(
        label=_("How to do it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=PILLAR_CHOICES)
    factor = forms.ChoiceField(
        label=_("Factor it raises"), choices=[("", _("(none)")), *FACTOR_CHOICES], required=False
    )
    minutes = forms.IntegerField(
        label=_("Effort (minutes)"), min_value=1, max_value=480, initial=15
    )
    due_date = forms.DateField(label=_("Day"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        factor, pillar = data.get("factor"), data.get("pillar")
        if factor and pillar and FACTOR_PILLAR.get(factor) != pillar:
            self.add_error("factor", _("This factor belongs to another pillar."))
        return data


class NoteForm(forms.Form):
    body = TextareaField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=NoteVisibility.choices,
        initial=NoteVisibility.PRIVATE,
        widget=forms.RadioSelect,
    )


class StrategyForm(forms.Form):
    strategy = forms.ChoiceField(label=_("Plan strategy"), choices=PlanStrategy.choices)

    def __init__(self, *args: Any, allow_default: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allow_default:
            self.fields["strategy"].choices = [
                ("", _("The cohort's default")),
                *PlanStrategy.choices,
            ]
            self.fields["strategy"].required = False
