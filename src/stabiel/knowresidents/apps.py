from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowResidentsConfig(AppConfig):
    name = "stabiel.knowresidents"
    verbose_name = _("Ken je inwoners")
