"""Startup checks for settings the pages depend on, reported by `myomap manage check`."""

from __future__ import annotations

from django.core.checks import Error, register


@register()
def instrument_wording_check(app_configs, **kwargs) -> list[Error]:
    """A wording file that is named but cannot be used is reported before anyone sees neutral
    labels where the clinic expected its licensed wording."""
    from myomap.web.forms.questionnaires import clinic_wording

    state = clinic_wording()
    if state.error is None:
        return []
    return [
        Error(
            state.error,
            hint="Fix the file (format in docs/questionnaires.md) or unset "
            "MYOMAP_INSTRUMENT_WORDING_FILE.",
            id="myomap.E001",
        )
    ]
