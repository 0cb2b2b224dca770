from django.urls import include, path

urlpatterns = [
    path("", include("myomap.web.urls")),
]
