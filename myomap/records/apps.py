from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "myomap.records"
    label = "records"
    verbose_name = "Client records"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from myomap.records.db_session import connection_settings

        connection_created.connect(connection_settings, dispatch_uid="myomap_connection_settings")
