from django.contrib.auth import views as auth_views
from django.urls import path

from myomap.web.views import clients, episodes, home

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_new, name="client_new"),
    path("clients/<uuid:client_id>/", clients.client_detail, name="client_detail"),
    path("clients/<uuid:client_id>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<uuid:client_id>/episodes/new/", episodes.episode_new, name="episode_new"),
    path("episodes/<uuid:episode_id>/", episodes.episode_detail, name="episode_detail"),
    path("episodes/<uuid:episode_id>/status/", episodes.episode_status, name="episode_status"),
]
