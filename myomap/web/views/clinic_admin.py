"""The owner's pages: the clinic's details and its staff (invite, role, deactivate, reset
two-factor). Owner-only; another clinic's staff are not found."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from myomap.accounts.actor import Actor
from myomap.accounts.staff import (
    clinic_details_save,
    staff_active_set,
    staff_get_for_user,
    staff_invite,
    staff_list_for_user,
    staff_password_link_new,
    staff_role_change,
    staff_two_factor_reset,
)
from myomap.errors import ValidationFailed
from myomap.web.forms.account import (
    ClinicDetailsForm,
    StaffInviteForm,
    StaffRoleForm,
    refused,
)
from myomap.web.forms.errors import refusal_shown_on
from myomap.web.http.access import owner_view
from myomap.web.http.form_tokens import once_per_token


@owner_view
def clinic_details(request: HttpRequest, actor: Actor) -> HttpResponse:
    clinic = actor.clinic
    initial = {
        name: getattr(clinic, name)
        for name in ("name", "address", "phone", "letterhead", "time_zone", "require_two_factor")
    }
    form = ClinicDetailsForm(data=request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusal_shown_on(form):
                clinic_details_save(actor=actor, data=form.cleaned_data)
                messages.success(request, "Clinic details saved.")
                return redirect("clinic_details")
        status = refused(form)
    return render(request, "clinic/details.html", {"form": form}, status=status)


def _link_page(request: HttpRequest, membership, link: str, **extra) -> HttpResponse:
    """The set-password link, shown once. A resend of the same form writes nothing and goes to
    the member's page, where a new link can be asked for deliberately."""
    context = {"member": membership, "link": link, **extra}
    response = render(request, "clinic/staff_invited.html", context)
    response.replay_url = reverse("staff_member", args=[membership.pk])  # type: ignore[attr-defined]
    return response


@owner_view
@once_per_token
def staff_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = StaffInviteForm(data=request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusal_shown_on(form):
                membership, link = staff_invite(
                    actor=actor, base_url=request.build_absolute_uri("/"), **form.cleaned_data
                )
                return _link_page(request, membership, link)
        status = refused(form)
    context = {"staff": staff_list_for_user(actor=actor), "form": form}
    return render(request, "clinic/staff.html", context, status=status)


@owner_view
def staff_member(request: HttpRequest, actor: Actor, membership_id) -> HttpResponse:
    member = staff_get_for_user(actor=actor, membership_id=membership_id)
    form = StaffRoleForm(initial={"role": member.role})
    return render(request, "clinic/staff_member.html", {"member": member, "form": form})


def _staff_action(request, actor, membership_id, action, done: str) -> HttpResponse:
    try:
        action()
    except ValidationFailed as exc:
        messages.error(request, exc.message.split(": ", 1)[-1])
    else:
        messages.success(request, done)
    return redirect("staff_member", membership_id=membership_id)


@owner_view
@require_POST
def staff_role(request: HttpRequest, actor: Actor, membership_id) -> HttpResponse:
    role = request.POST.get("role", "")
    return _staff_action(
        request,
        actor,
        membership_id,
        lambda: staff_role_change(actor=actor, membership_id=membership_id, role=role),
        "Role changed.",
    )


@owner_view
@require_POST
def staff_active(request: HttpRequest, actor: Actor, membership_id) -> HttpResponse:
    raw = request.POST.get("active", "")
    active = raw == "1"

    def change() -> None:
        if raw not in ("0", "1"):  # never read an unknown value as "deactivate"
            staff_get_for_user(actor=actor, membership_id=membership_id)  # another clinic's: 404
            raise ValidationFailed({"active": [f"Allowed: 1 (active) or 0; got {raw[:40]!r}."]})
        staff_active_set(actor=actor, membership_id=membership_id, active=active)

    return _staff_action(
        request,
        actor,
        membership_id,
        change,
        "Account reactivated." if active else "Account deactivated; their sessions have ended.",
    )


@owner_view
@require_POST
def staff_two_factor(request: HttpRequest, actor: Actor, membership_id) -> HttpResponse:
    return _staff_action(
        request,
        actor,
        membership_id,
        lambda: staff_two_factor_reset(actor=actor, membership_id=membership_id),
        "Two-factor reset: they set up a new authenticator at their next login.",
    )


@owner_view
@require_POST
@once_per_token
def staff_password_link(request: HttpRequest, actor: Actor, membership_id) -> HttpResponse:
    try:
        membership, link = staff_password_link_new(
            actor=actor, membership_id=membership_id, base_url=request.build_absolute_uri("/")
        )
    except ValidationFailed as exc:
        messages.error(request, exc.message.split(": ", 1)[-1])
        return redirect("staff_member", membership_id=membership_id)
    return _link_page(request, membership, link, resent=True)
