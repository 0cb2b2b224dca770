"""Plain forms for the account and clinic pages: they show fields and errors; the services in
myomap.accounts.staff decide what is valid."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from myomap.accounts.models import Role, ScopeOfPractice
from myomap.errors import ValidationFailed


def refused(form: forms.Form) -> int:
    """A form the page refuses: its errors become a `ValidationFailed` (noted like any service
    refusal, so a one-time form token stays usable for the corrected post), and the page is
    drawn again with status 400."""
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    note_refusal(errors or {"__all__": ["The form was not accepted."]})
    return 400


def note_refusal(errors: dict[str, list[str]]) -> ValidationFailed:
    """A refusal a page shows itself (not raised): made, so it is noted like a raised one."""
    return ValidationFailed(errors)


class CalmForm(forms.Form):
    """Labels without Django's trailing colon, as on every Myomap form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ClinicDetailsForm(CalmForm):
    name = forms.CharField(max_length=200)
    address = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(max_length=40, required=False)
    letterhead = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Printed at the top of handouts and letters.",
    )
    time_zone = forms.ChoiceField(
        choices=[("", "The installation's time zone")]
        + [(name, name) for name in sorted(zoneinfo.available_timezones())],
        required=False,
    )
    require_two_factor = forms.BooleanField(
        required=False,
        label="Require two-factor authentication for all staff",
        help_text="Staff without an authenticator can then reach only the page that sets one up.",
    )


class StaffInviteForm(CalmForm):
    email = forms.EmailField(max_length=150)
    full_name = forms.CharField(max_length=150, required=False)
    role = forms.ChoiceField(choices=Role.choices)


class StaffRoleForm(CalmForm):
    role = forms.ChoiceField(choices=Role.choices)


class ProfileForm(CalmForm):
    profession = forms.CharField(
        max_length=100, required=False, help_text="Printed on letters, for example Physiotherapist."
    )
    registration_number = forms.CharField(
        max_length=60, required=False, help_text="Your professional registration, on letters."
    )
    scope_of_practice = forms.ChoiceField(
        choices=[("", "—")] + list(ScopeOfPractice.choices), required=False
    )


class TokenForm(CalmForm):
    token = forms.CharField(
        max_length=16,
        label="Code",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class LoginForm(AuthenticationForm):
    """Django's sign-in form, refusing a username longer than any account's before it is tried:
    a failed try is recorded by the lockout, whose column would not hold it (a server error on
    PostgreSQL)."""

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username") or ""
        limit = self.username_field.max_length or 150
        if len(username) > limit:
            raise forms.ValidationError(
                f"username: at most {limit} characters; this one has {len(username)}."
            )
        return username
