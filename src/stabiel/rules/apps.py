from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "stabiel.rules"
    verbose_name = _("Stapelingsregels")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the event receivers
