"""URLs of accounts, passwords, two-factor and the owner's clinic pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from myomap.web.views import account, audit_page, clinic_admin

urlpatterns = [
    path("account/", account.account, name="account"),
    path("account/two-factor/", account.two_factor, name="two_factor"),
    path("account/two-factor/confirm/", account.two_factor_confirm, name="two_factor_confirm"),
    path("account/two-factor/verify/", account.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/backup-codes/", account.backup_codes_new, name="backup_codes_new"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(template_name="account/password_change.html"),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="account/password_done.html"),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="account/password_reset.html",
            email_template_name="account/password_reset_email.txt",
            subject_template_name="account/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="account/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="account/password_set.html"),
        name="password_reset_confirm",
    ),
    path(
        "password/set/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="account/password_set_done.html"
        ),
        name="password_reset_complete",
    ),
    path("clinic/", clinic_admin.clinic_details, name="clinic_details"),
    path("clinic/audit/", audit_page.audit_log, name="audit_log"),
    path("clinic/audit.csv", audit_page.audit_log_csv, name="audit_log_csv"),
    path("clinic/audit/verify/", audit_page.audit_log_verify, name="audit_log_verify"),
    path("clinic/staff/", clinic_admin.staff_list, name="staff_list"),
    path("clinic/staff/<int:membership_id>/", clinic_admin.staff_member, name="staff_member"),
    path("clinic/staff/<int:membership_id>/role/", clinic_admin.staff_role, name="staff_role"),
    path(
        "clinic/staff/<int:membership_id>/active/", clinic_admin.staff_active, name="staff_active"
    ),
    path(
        "clinic/staff/<int:membership_id>/password-link/",
        clinic_admin.staff_password_link,
        name="staff_password_link",
    ),
    path(
        "clinic/staff/<int:membership_id>/two-factor/",
        clinic_admin.staff_two_factor,
        name="staff_two_factor",
    ),
]
