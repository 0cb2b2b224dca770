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
    path("clients/<uuid:client_id>/", clients.client_detail, name="client_detail"),
    path("clients/<uuid:client_id>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<uuid:client_id>/export/", client_data.client_export, name="client_export"),
    path("clients/<uuid:client_id>/erasure/", client_data.client_erasure, name="client_erasure"),
    path("clinic/retention/", client_data.clinic_retention, name="clinic_retention"),
    path("clients/<uuid:client_id>/episodes/new/", episodes.episode_new, name="episode_new"),
    path("episodes/<uuid:episode_id>/", episodes.episode_detail, name="episode_detail"),
    path("episodes/<uuid:episode_id>/status/", episodes.episode_status, name="episode_status"),
    path(
        "episodes/<uuid:episode_id>/discharge/",
        episodes.episode_discharge_view,
        name="episode_discharge",
    ),
    path("episodes/<uuid:episode_id>/reopen/", episodes.episode_reopen_view, name="episode_reopen"),
    path(
        "episodes/<uuid:episode_id>/maintenance-check/",
        episodes.maintenance_check_view,
        name="maintenance_check",
    ),
    path(
        "episodes/<uuid:episode_id>/exercises/stop/",
        episodes.exercise_stop_view,
        name="exercise_stop",
    ),
    # Assessments
    path(
        "episodes/<uuid:episode_id>/assessments/new/",
        assessments.assessment_new,
        name="assessment_new",
    ),
    path(
        "assessments/<uuid:assessment_id>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "assessments/<uuid:assessment_id>/steps/measures/<slug:instrument>/",
        assessments.assessment_measure_step,
        name="assessment_measure_step",
    ),
    path(
        "assessments/<uuid:assessment_id>/steps/<slug:step>/",
        assessments.assessment_step,
        name="assessment_step",
    ),
    path(
        "assessments/<uuid:assessment_id>/sections/<slug:section>/",
        assessments.assessment_section,
        name="assessment_section",
    ),
    path(
        "assessments/<uuid:assessment_id>/red-flag-action/",
        assessments.assessment_red_flag_action,
        name="assessment_red_flag_action",
    ),
    path(
        "assessments/<uuid:assessment_id>/findings/",
        assessments.muscle_finding,
        name="muscle_finding_add",
    ),
    path(
        "assessments/<uuid:assessment_id>/findings/<uuid:finding_id>/",
        assessments.muscle_finding,
        name="muscle_finding_update",
    ),
    path(
        "assessments/<uuid:assessment_id>/findings/<uuid:finding_id>/delete/",
        assessments.muscle_finding,
        {"delete": True},
        name="muscle_finding_delete",
    ),
    path(
        "assessments/<uuid:assessment_id>/pain-map/",
        bodychart.pain_map_page,
        name="pain_map_page",
    ),
    path(
        "assessments/<uuid:assessment_id>/pain-map/save/",
        bodychart.pain_map_save,
        name="pain_map_save",
    ),
    path(
        "assessments/<uuid:assessment_id>/plan/",
        plans.plan_generate_view,
        name="plan_generate",
    ),
    path("plans/<uuid:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:plan_id>/edit/", plans.plan_edit_view, name="plan_edit"),
    path("plans/<uuid:plan_id>/compare/", plans.plan_compare_view, name="plan_compare"),
    # Sessions, progress, discharge and handouts
    path("episodes/<uuid:episode_id>/sessions/new/", sessions.session_new, name="session_new"),
    path("sessions/<uuid:session_id>/", sessions.session_detail, name="session_detail"),
    path(
        "sessions/<uuid:session_id>/safety/",
        safety.session_safety_check,
        name="session_safety_check",
    ),
    path("sessions/<uuid:session_id>/sign/", sessions.session_sign_view, name="session_sign"),
    path("sessions/<uuid:session_id>/delete/", sessions.session_delete_view, name="session_delete"),
    path("sessions/<uuid:session_id>/addenda/", sessions.addendum_add_view, name="addendum_add"),
    path("sessions/outstanding/", sessions.session_outstanding, name="session_outstanding"),
    path("episodes/<uuid:episode_id>/progress/", progress.progress_page, name="episode_progress"),
    path(
        "episodes/<uuid:episode_id>/progress/decide/",
        progress.progress_decide_view,
        name="progress_decide",
    ),
    # The client's diary between visits: reminder cadence and alert review
    path(
        "episodes/<uuid:episode_id>/diary/reminders/",
        diary.diary_settings_view,
        name="diary_settings",
    ),
    path(
        "episodes/<uuid:episode_id>/diary/alert-reviewed/",
        diary.diary_alert_review_view,
        name="diary_alert_review",
    ),
    path(
        "episodes/<uuid:episode_id>/discharge-summary/",
        handouts.discharge_summary_page,
        name="discharge_summary",
    ),
    path(
        "episodes/<uuid:episode_id>/discharge-summary.pdf",
        handouts.discharge_summary_pdf,
        name="discharge_summary_pdf",
    ),
    path(
        "episodes/<uuid:episode_id>/home-programme/",
        handouts.home_programme_page,
        name="home_programme",
    ),
    path(
        "episodes/<uuid:episode_id>/home-programme.pdf",
        handouts.home_programme_pdf,
        name="home_programme_pdf",
    ),
]
