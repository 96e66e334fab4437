from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "stabiel.safety"
    verbose_name = _("Veiligheid en netwerk")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the event receivers
