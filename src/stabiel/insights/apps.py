from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "stabiel.insights"
    verbose_name = _("Inzicht en cijfers")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the event receivers
