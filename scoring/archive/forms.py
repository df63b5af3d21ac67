from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One ZIP, or several CSV files from it."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv,.html"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ArchiveUploadForm(forms.Form):
    archive = MultipleFileField(
        label=_("LinkedIn archive"),
        help_text=_(
            "The ZIP file LinkedIn e-mailed you (Settings > Data privacy > Get a copy of your "
            "data), or one or more CSV files from it."
        ),
    )
