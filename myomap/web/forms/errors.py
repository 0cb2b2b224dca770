"""Service errors onto the page's form. Input is validated once, by the records or accounts
service (docs/architecture.md, validation); a page's form only shows fields, values and the
service's field-named messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.forms.utils import ErrorDict

from myomap.errors import ValidationFailed


def errors_onto(form: forms.BaseForm, error: ValidationFailed) -> None:
    """Add the service's messages to the form, each beside its field (others above the form)."""
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def form_showing(form: forms.BaseForm, error: ValidationFailed) -> forms.BaseForm:
    """The bound form, re-displayed with the service's errors. The service already ran the same
    checks, so the form does not clean the data a second time."""
    # An empty error dict marks the form as cleaned (Django's own attribute, stable since 1.0);
    # add_error then only records the messages.
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    form.cleaned_data = {}
    errors_onto(form, error)
    return form


@contextmanager
def refusal_shown_on(form: forms.BaseForm) -> Iterator[None]:
    """Around the service call of a posted form: a `ValidationFailed` it raises goes onto the
    form (`form_showing`) instead of up, and the view carries on to draw the form again."""
    try:
        yield
    except ValidationFailed as exc:
        form_showing(form, exc)
