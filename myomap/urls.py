from django.urls import include, path

from myomap.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("myomap.web.urls")),
]
