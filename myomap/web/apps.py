from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "myomap.web"
    label = "web"
