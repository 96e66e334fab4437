from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "stabiel.signals"
    label = "stabiel_signals"  # "signals" would clash with Django's vocabulary in people's heads
    verbose_name = _("Signalen")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the event receivers
