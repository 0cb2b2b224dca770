from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "myomap.accounts"
    label = "accounts"
    verbose_name = "Clinics, people and audit"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from myomap.accounts import signals  # noqa: F401  (connects the audit receivers)

        post_migrate.connect(signals.audit_log_start, sender=self)
