from django.urls import include, path

from myomap.portal import diary_views, previsit_views, staff_views, views

# Client pages live under /p/ (the portal cookie's path); staff pages under the clients'.
client_pages = [
    path("open", views.portal_open, name="portal_open"),
    path("confirm", views.portal_confirm, name="portal_confirm"),
    path("", views.portal_home, name="portal_home"),
    path("leave", views.portal_leave, name="portal_leave"),
    path("before/", previsit_views.portal_previsit, name="portal_previsit"),
    path("before/send/", previsit_views.portal_previsit_send, name="portal_previsit_send"),
    path("before/<slug:step>/", previsit_views.portal_previsit_step, name="portal_previsit_step"),
    # Between visits: the diary and the home programme (diary_views)
    path("diary/", diary_views.portal_diary, name="portal_diary"),
    path("programme/", diary_views.portal_programme, name="portal_programme"),
]

urlpatterns = [
    path("p/", include(client_pages)),
    path(
        "clients/<uuid:client_id>/portal-links/",
        staff_views.portal_links,
        name="portal_links",
    ),
    path(
        "assessments/<uuid:assessment_id>/client-reported/<uuid:answers_id>/accept/",
        staff_views.previsit_accept_view,
        name="previsit_accept",
    ),
    path(
        "portal-links/<uuid:link_id>/revoke/",
        staff_views.portal_link_revoke_view,
        name="portal_link_revoke",
    ),
]
