from django.urls import include, path

from myomap.api import views as api_views
from myomap.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("settings/api-tokens/", api_views.api_tokens, name="api_tokens"),
    path(
        "settings/api-tokens/<uuid:token_id>/revoke/",
        api_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("", include("myomap.portal.urls")),
    path("", include("myomap.web.urls")),
]

# Styled pages for what Django itself refuses (unknown address, permission, crash).
handler400 = "myomap.web.views.errors.bad_request"
handler403 = "myomap.web.views.errors.permission_denied"
handler404 = "myomap.web.views.errors.page_not_found"
handler500 = "myomap.web.views.errors.server_error"
