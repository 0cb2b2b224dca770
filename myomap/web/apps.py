from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "myomap.web"
    label = "web"

    def ready(self) -> None:
        # Connect the login receivers of the two-factor and session-timeout modules.
        # Register the startup check of the instrument wording file.
        from myomap.web import (  # noqa: F401
            checks,  # noqa: F401
            session_timeout,
            two_factor,
        )
