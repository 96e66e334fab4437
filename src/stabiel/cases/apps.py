from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "stabiel.cases"
    verbose_name = _("Casussen")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the event receivers
