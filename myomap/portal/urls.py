from django.urls import path

from myomap.portal import staff_views, views

# Client pages live under /p/ (the portal cookie's path); staff pages under the clients'.
urlpatterns = [
    path("p/open", views.portal_open, name="portal_open"),
    path("p/confirm", views.portal_confirm, name="portal_confirm"),
    path("p/", views.portal_home, name="portal_home"),
    path("p/leave", views.portal_leave, name="portal_leave"),
    path(
        "clients/<uuid:client_id>/portal-links/",
        staff_views.portal_links,
        name="portal_links",
    ),
    path(
        "portal-links/<uuid:link_id>/revoke/",
        staff_views.portal_link_revoke_view,
        name="portal_link_revoke",
    ),
]
