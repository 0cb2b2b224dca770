"""URLs of accounts, passwords, two-factor and the owner's clinic pages."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from myomap.web.views import account, audit_page, clinic_admin

staff_member_pages = [
    path("", clinic_admin.staff_member, name="staff_member"),
    path("role/", clinic_admin.staff_role, name="staff_role"),
    path("active/", clinic_admin.staff_active, name="staff_active"),
    path("password-link/", clinic_admin.staff_password_link, name="staff_password_link"),
    path("two-factor/", clinic_admin.staff_two_factor, name="staff_two_factor"),
]

account_pages = [
    path("", account.account, name="account"),
    path("two-factor/", account.two_factor, name="two_factor"),
    path("two-factor/confirm/", account.two_factor_confirm, name="two_factor_confirm"),
    path("two-factor/verify/", account.two_factor_verify, name="two_factor_verify"),
    path("two-factor/backup-codes/", account.backup_codes_new, name="backup_codes_new"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="account/password_change.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="account/password_done.html"),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("account/", include(account_pages)),
    path(
        "password-reset/",
        account.PasswordResetOnce.as_view(
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
    path("clinic/staff/<int:membership_id>/", include(staff_member_pages)),
]
