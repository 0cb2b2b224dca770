from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "myomap.records"
    label = "records"
    verbose_name = "Client records"
