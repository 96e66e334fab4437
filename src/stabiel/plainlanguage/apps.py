from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlainLanguageConfig(AppConfig):
    name = "stabiel.plainlanguage"
    verbose_name = _("Brieven op B1")
