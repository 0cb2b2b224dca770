from django.apps import AppConfig


class HandoutsConfig(AppConfig):
    # An app only so Django finds its templates and static files; it has no models.
    name = "myomap.handouts"
    label = "handouts"
