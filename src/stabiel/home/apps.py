from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The start page of each role, the main menu and the demo loader: the parts that know every
    other app, kept out of core so that core imports none."""

    name = "stabiel.home"
    label = "home"
    verbose_name = _("Start")
