from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm
from stabiel.signals.forms import DutchDateField


class AccessLogFilterForm(StabielForm):
    household = forms.CharField(
        label=_("Huishouden of persoon (kenmerk)"),
        required=False,
        max_length=16,
        help_text=_("Bijvoorbeeld HH-4F2A9C."),
    )
    username = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    since = DutchDateField(label=_("Vanaf"), required=False)
    until = DutchDateField(label=_("Tot en met"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["until"] < cleaned["since"]:
            self.add_error("until", _("Deze datum ligt vóór de begindatum."))
        return cleaned
