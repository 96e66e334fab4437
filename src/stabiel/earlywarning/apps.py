from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlyWarningConfig(AppConfig):
    name = "stabiel.earlywarning"
    verbose_name = _("Vroegsignalering")
