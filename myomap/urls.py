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
    path("", include("myomap.web.urls")),
]
