"""Input validation for client demographics, shared by the pages and the services."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator

from myomap.inputs import NOTE_MAX, REASON_MAX
from myomap.records.models import Client, Episode
from myomap.today import clinic_today

CLIENT_FIELDS = [
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "occupation",
    "phone",
    "email",
    "address",
    "emergency_contact",
    "gp_name",
    "gp_practice",
    "consent_treatment_on",
    "consent_communications",
    "notes",
]


# Free text without a length of its own in the database (TextField) gets one here; any other
# such field of a Myomap form gets NOTE_MAX. See docs/input-validation.md.
TEXT_LIMITS = {"complaint": NOTE_MAX, "notes": NOTE_MAX, "status_note": REASON_MAX}


class CalmModelForm(forms.ModelForm):
    """Labels without Django's trailing colon, and a length limit on every free-text field, as
    on every Myomap form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = TEXT_LIMITS.get(name, NOTE_MAX)
                field.validators.append(MaxLengthValidator(field.max_length))


class ClientForm(CalmModelForm):
    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "gp_practice": forms.Textarea(attrs={"rows": 3}),
            "consent_treatment_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"notes": "Administrative notes"}
        help_texts = {"notes": "Contact preferences, access needs. Not for clinical details."}

    def clean_given_name(self) -> str:
        return _required_text(self.cleaned_data["given_name"], "Given name")

    def clean_family_name(self) -> str:
        return _required_text(self.cleaned_data["family_name"], "Family name")

    def clean_consent_treatment_on(self):
        given = self.cleaned_data.get("consent_treatment_on")
        if given and given > clinic_today():
            raise forms.ValidationError("Consent cannot be dated in the future.")
        return given

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = clinic_today()
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


class EpisodeForm(CalmModelForm):
    class Meta:
        model = Episode
        fields = ["onset_date", "complaint", "recurrent"]
        widgets = {
            "onset_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "complaint": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "onset_date": "Onset date",
            "complaint": "Presenting complaint",
            "recurrent": "Recurrent episode (similar pain before)",
        }

    def clean_onset_date(self):
        onset = self.cleaned_data["onset_date"]
        if onset > clinic_today():
            raise forms.ValidationError("Onset date cannot be in the future.")
        return onset

    def clean_complaint(self) -> str:
        return _required_text(self.cleaned_data["complaint"], "Presenting complaint")


class EpisodeStatusForm(CalmModelForm):
    class Meta:
        model = Episode
        fields = ["status", "status_note"]
        labels = {"status_note": "Reason or note"}
        widgets = {"status_note": forms.Textarea(attrs={"rows": 2})}
