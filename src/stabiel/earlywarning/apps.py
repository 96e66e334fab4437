from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlyWarningConfig(AppConfig):
    name = "stabiel.earlywarning"
    verbose_name = _("Vroegsignalering")

    def ready(self):
        # An early-warning file is one more kind of batch for the signals importer.
        from stabiel.signals.importing.specs import SPECS

        from .importing import KIND, check_row, spec

        SPECS.setdefault(KIND, (spec(), check_row))
