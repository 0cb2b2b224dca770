from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "myomap.web"
    label = "web"

    def ready(self) -> None:
        # Connect the login receivers of the two-factor and session-timeout modules.
        # Register the startup check of the instrument wording file.
        from myomap.web import checks  # noqa: F401
        from myomap.web.http import session_timeout, two_factor  # noqa: F401
