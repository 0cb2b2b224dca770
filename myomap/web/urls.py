"""URLs of the staff pages, grouped by the record they are under (`include` of a list keeps
each group's prefix in one place; the names are what the templates reverse)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from myomap.web.forms.account import LoginForm
from myomap.web.views import (
    assessments,
    bodychart,
    client_data,
    clients,
    diary,
    episodes,
    handouts,
    home,
    plans,
    progress,
    safety,
    sessions,
    sources,
)

client_pages = [
    path("", clients.client_detail, name="client_detail"),
    path("edit/", clients.client_edit, name="client_edit"),
    path("export/", client_data.client_export, name="client_export"),
    path("erasure/", client_data.client_erasure, name="client_erasure"),
    path("episodes/new/", episodes.episode_new, name="episode_new"),
]

episode_pages = [
    path("", episodes.episode_detail, name="episode_detail"),
    path("status/", episodes.episode_status, name="episode_status"),
    path("discharge/", episodes.episode_discharge_view, name="episode_discharge"),
    path("reopen/", episodes.episode_reopen_view, name="episode_reopen"),
    path("maintenance-check/", episodes.maintenance_check_view, name="maintenance_check"),
    path("exercises/stop/", episodes.exercise_stop_view, name="exercise_stop"),
    path("assessments/new/", assessments.assessment_new, name="assessment_new"),
    path("sessions/new/", sessions.session_new, name="session_new"),
    path("progress/", progress.progress_page, name="episode_progress"),
    path("progress/decide/", progress.progress_decide_view, name="progress_decide"),
    # The client's diary between visits: reminder cadence and alert review
    path("diary/reminders/", diary.diary_settings_view, name="diary_settings"),
    path("diary/alert-reviewed/", diary.diary_alert_review_view, name="diary_alert_review"),
    path("discharge-summary/", handouts.discharge_summary_page, name="discharge_summary"),
    path("discharge-summary.pdf", handouts.discharge_summary_pdf, name="discharge_summary_pdf"),
    path("home-programme/", handouts.home_programme_page, name="home_programme"),
    path("home-programme.pdf", handouts.home_programme_pdf, name="home_programme_pdf"),
]

assessment_pages = [
    path("", assessments.assessment_detail, name="assessment_detail"),
    path(
        "steps/measures/<slug:instrument>/",
        assessments.assessment_measure_step,
        name="assessment_measure_step",
    ),
    path("steps/<slug:step>/", assessments.assessment_step, name="assessment_step"),
    path("sections/<slug:section>/", assessments.assessment_section, name="assessment_section"),
    path(
        "red-flag-action/",
        assessments.assessment_red_flag_action,
        name="assessment_red_flag_action",
    ),
    path("findings/", assessments.muscle_finding, name="muscle_finding_add"),
    path("findings/<uuid:finding_id>/", assessments.muscle_finding, name="muscle_finding_update"),
    path(
        "findings/<uuid:finding_id>/delete/",
        assessments.muscle_finding,
        {"delete": True},
        name="muscle_finding_delete",
    ),
    path("pain-map/", bodychart.pain_map_page, name="pain_map_page"),
    path("pain-map/save/", bodychart.pain_map_save, name="pain_map_save"),
    path("plan/", plans.plan_generate_view, name="plan_generate"),
]

plan_pages = [
    path("", plans.plan_detail, name="plan_detail"),
    path("edit/", plans.plan_edit_view, name="plan_edit"),
    path("compare/", plans.plan_compare_view, name="plan_compare"),
]

session_pages = [
    path("", sessions.session_detail, name="session_detail"),
    path("safety/", safety.session_safety_check, name="session_safety_check"),
    path("sign/", sessions.session_sign_view, name="session_sign"),
    path("delete/", sessions.session_delete_view, name="session_delete"),
    path("addenda/", sessions.addendum_add_view, name="addendum_add"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/myomap/favicon.svg", permanent=True)),
    path("sources/<str:key>/", sources.source_card, name="source_card"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("myomap.web.account_urls")),
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_new, name="client_new"),
    path("clients/<uuid:client_id>/", include(client_pages)),
    path("clinic/retention/", client_data.clinic_retention, name="clinic_retention"),
    path("episodes/<uuid:episode_id>/", include(episode_pages)),
    path("assessments/<uuid:assessment_id>/", include(assessment_pages)),
    path("plans/<uuid:plan_id>/", include(plan_pages)),
    path("sessions/outstanding/", sessions.session_outstanding, name="session_outstanding"),
    path("sessions/<uuid:session_id>/", include(session_pages)),
]
