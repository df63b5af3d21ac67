from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from accounts import validation

from . import services
from .models import (
    ActivityKind,
    NetworkState,
    ProfileState,
    SnapshotSource,
)
from .paste import MAX_CHARS
from .vocabulary import PILLAR_NAMES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FlexibleDecimalField(forms.DecimalField):
    """A decimal that accepts a comma as the decimal separator in any language.

    LinkedIn shows "13,118" on Italian pages and "13.118" on English ones; members
    paste either, whatever language they use here.
    """

    def prepare_value(self, value: Any) -> Any:
        # Show 13.5 rather than 13.500000; the stored value keeps its six places.
        # The decimal separator follows the active language (13,5 in Italian), as in the
        # help text; to_python reads either.
        if isinstance(value, Decimal):
            text = f"{value:f}"
            text = text.rstrip("0").rstrip(".") if "." in text else text
            return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))
        return value

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


def _pillar_field(key: str) -> FlexibleDecimalField:
    return FlexibleDecimalField(
        label=PILLAR_NAMES[key],
        min_value=0,
        max_value=25,
        max_digits=9,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("0 to 25, up to six decimals (e.g. 13.118002)."),
    )


class SnapshotForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, validators=[validation.ssi_day])
    brand = _pillar_field("brand")
    people = _pillar_field("people")
    insights = _pillar_field("insights")
    relationships = _pillar_field("relationships")
    total = FlexibleDecimalField(
        label=_("Total (optional)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=9,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("We add up the pillars; type LinkedIn's total only to double-check."),
    )
    industry_rank = forms.IntegerField(
        label=_("Industry SSI rank: top %"), required=False, min_value=1, max_value=100
    )
    network_rank = forms.IntegerField(
        label=_("Network SSI rank: top %"), required=False, min_value=1, max_value=100
    )
    industry_average = FlexibleDecimalField(
        label=_("Average SSI of people in your industry"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    network_average = FlexibleDecimalField(
        label=_("Average SSI of people in your network"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    source = forms.ChoiceField(
        choices=[(SnapshotSource.TYPED, ""), (SnapshotSource.PASTED, "")],
        initial=SnapshotSource.TYPED,
        widget=forms.HiddenInput,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pillars = {k: cleaned.get(k) for k in ("brand", "people", "insights", "relationships")}
        if all(v is not None for v in pillars.values()):
            try:
                services.check_typed_total(pillars, cleaned.get("total"))  # type: ignore[arg-type]
            except ValidationError as error:
                self.add_error("total", error)
        return cleaned


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Your SSI page"),
        max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "On LinkedIn, open your Social Selling Index page, select everything "
            "(Ctrl+A or ⌘+A), copy it and paste it here. English and Italian pages work."
        ),
    )
    date = forms.DateField(
        label=_("Date of the page"),
        widget=DATE_WIDGET,
        validators=[validation.ssi_day],
    )


MANUAL_KINDS = [
    ActivityKind.POST,
    ActivityKind.ARTICLE,
    ActivityKind.MEDIA,
    ActivityKind.COMMENT,
    ActivityKind.REACTION,
    ActivityKind.SHARE,
    ActivityKind.GROUP_POST,
    ActivityKind.GROUP_COMMENT,
    ActivityKind.MESSAGE_SENT,
    ActivityKind.MESSAGE_RECEIVED,
    ActivityKind.INVITATION_SENT,
    ActivityKind.INVITATION_ACCEPTED,
    ActivityKind.CONNECTION,
    ActivityKind.SEARCH,
    ActivityKind.PROFILE_UPDATE,
    ActivityKind.ENDORSEMENT_GIVEN,
    ActivityKind.RECOMMENDATION_GIVEN,
    ActivityKind.LEARNING_COMPLETED,
    ActivityKind.LINKEDIN_SESSION,
    ActivityKind.MEETING,
    ActivityKind.OPPORTUNITY,
]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=[(k.value, k.label) for k in MANUAL_KINDS])
    occurred_on = forms.DateField(
        label=_("When"), widget=DATE_WIDGET, validators=[validation.activity_day]
    )
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=1000, initial=1)
    words = forms.IntegerField(
        label=_("Words per comment or post (optional)"),
        required=False,
        min_value=0,
        max_value=10_000,
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class ProfileStateForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile_updated_on"].validators.append(validation.linkedin_day)

    class Meta:
        model = ProfileState
        fields = list(services.PROFILE_FIELDS)
        widgets = {"profile_updated_on": DATE_WIDGET}
        help_texts = {
            "summary_length": _("Count the characters of your About section; 300 or more counts."),
            "past_positions": _("Two or more past positions count."),
            "skills_count": _("Five or more skills count."),
        }


class PercentField(forms.DecimalField):
    """A share stored as 0..1 and typed as a percentage (0..100)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return (Decimal(str(value)) * 100).quantize(Decimal("0.01")).normalize()
        return value

    def clean(self, value: Any) -> Decimal | None:
        percent = super().clean(value)
        return None if percent is None else (percent / 100).quantize(Decimal("0.0001"))


class NetworkStateForm(forms.ModelForm):
    decision_maker_share = PercentField(
        label=_("Decision makers among your connections (%)"), required=False
    )
    target_market_share = PercentField(
        label=_("Connections in your target market (%)"), required=False
    )
    acceptance_rate = PercentField(
        label=_("Invitations you sent that were accepted (%)"),
        required=False,
        help_text=_("Leave empty to let us compute it from the invitations you log."),
    )

    class Meta:
        model = NetworkState
        fields = list(services.NETWORK_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("decision_maker_share", "target_market_share"):
            if cleaned.get(name) is None:
                cleaned[name] = Decimal(0)
        connections = cleaned.get("connections")
        parts = {
            "decision_makers": _("Decision-maker connections"),
            "coworker_connections": _("Connections at your company"),
        }
        for name, label in parts.items():
            try:
                validation.check_part_of_whole(
                    part=cleaned.get(name),
                    whole=connections,
                    part_label=str(label),
                    whole_label=str(_("connections")),
                )
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned
