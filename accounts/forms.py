from functools import cache
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from . import validation
from .models import (
    COACH_REMINDER_KINDS,
    EMAIL_KIND_FIELDS,
    SETTINGS_FIELDS,
    TARGET_KEYWORDS_MAX_LENGTH,
    TRAINEE_REMINDER_KINDS,
    ApiToken,
    Role,
    User,
    time_zone_choices,
)
from .validation import normalise_newlines

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("That e-mail address and password do not match. Please try again."),
        "inactive": _("This account is inactive."),
    }


class TextareaField(forms.CharField):
    """A text area's text with its line breaks as the member typed them.

    Browsers send each line break as CRLF but count it as one character (``maxlength``
    too): normalising before the length is checked makes the limit the one they see.
    """

    widget = forms.Textarea

    def to_python(self, value: Any) -> str:
        return normalise_newlines(super().to_python(value))


@cache
def time_zone_datalist() -> SafeString:
    """Every IANA time zone as one ``<datalist>``, built once per process."""
    return format_html(
        '<datalist id="time-zones">{}</datalist>',
        format_html_join(
            "", '<option value="{}">{}</option>', ((n, label) for n, label in time_zone_choices())
        ),
    )


class TimeZoneInput(forms.TextInput):
    """A text field that suggests the time zones as the member types (no JavaScript).

    A select of some 600 zones cost every view of the settings page five times a plain
    page in widget rendering; the datalist is the same markup each time, so it is built
    once. The form field still accepts only a known zone.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"list": "time-zones", "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        return format_html(
            "{}{}", super().render(name, value, attrs, renderer), time_zone_datalist()
        )


class SettingsForm(forms.ModelForm):
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tasks are planned on these days only."),
    )

    class Meta:
        model = User
        fields = list(SETTINGS_FIELDS)
        widgets = {
            "target_keywords": forms.Textarea(attrs={"rows": 3}),
            "time_zone": TimeZoneInput,
        }
        field_classes = {"target_keywords": TextareaField}

    # Settings that only shape a trainee's own plan and leaderboard; a coach or staff
    # member does not see them.
    TRAINEE_ONLY = (
        "working_days",
        "weekly_minutes",
        "target_keywords",
        "show_on_leaderboard",
        *(EMAIL_KIND_FIELDS[kind] for kind in TRAINEE_REMINDER_KINDS),
    )
    # Only coaches receive the digest of their cohorts.
    COACH_ONLY = tuple(EMAIL_KIND_FIELDS[kind] for kind in COACH_REMINDER_KINDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keywords = self.fields["target_keywords"]
        keywords.max_length = TARGET_KEYWORDS_MAX_LENGTH  # type: ignore[attr-defined]
        keywords.validators.append(MaxLengthValidator(TARGET_KEYWORDS_MAX_LENGTH))
        keywords.widget.attrs["maxlength"] = str(TARGET_KEYWORDS_MAX_LENGTH)
        if not self.instance.is_trainee:
            for name in self.TRAINEE_ONLY:
                self.fields.pop(name, None)
        if self.instance.role != Role.COACH:
            for name in self.COACH_ONLY:
                self.fields.pop(name, None)

    def clean_working_days(self) -> list[int]:
        return validation.check_working_days(self.cleaned_data["working_days"])


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            candidate = User(
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class CsvInviteForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: email, first name, last name, language (en or it, optional). "
            "A header row is expected; commas or semicolons, as Excel saves them."
        ),
    )


class ApiTokenForm(forms.ModelForm):
    prefix = "token"  # its fields apart from the settings form's on the same page

    class Meta:
        model = ApiToken
        fields = ["name", "scope"]
        help_texts = {
            "name": _("Where you will use it, e.g. “CRM sync”."),
            "scope": _("A read-only token can read your data but not change it."),
        }
