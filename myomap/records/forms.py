"""Input validation for client demographics, shared by the pages and the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from myomap.records.models import Client

CLIENT_FIELDS = [
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "occupation",
    "phone",
    "email",
    "notes",
]


class ClientForm(forms.ModelForm):
    label_suffix = ""

    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"notes": "Administrative notes"}
        help_texts = {"notes": "Contact preferences, access needs. Not for clinical details."}

    def clean_given_name(self) -> str:
        return _required_text(self.cleaned_data["given_name"], "Given name")

    def clean_family_name(self) -> str:
        return _required_text(self.cleaned_data["family_name"], "Family name")

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("Date of birth cannot be in the future.")
        if born.year < today.year - 120:
            raise forms.ValidationError("Date of birth is more than 120 years ago.")
        return born


def _required_text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(f"{label} cannot be empty.")
    return value
