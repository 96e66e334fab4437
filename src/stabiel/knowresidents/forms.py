"""Input of "Ken je inwoners": which figures to load, and the anonymous stories."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm

from .cbs import newest_shipped_year
from .indicators import KERNCIJFERS_TABLES
from .models import Observation

MAX_UPLOAD = 5_000_000


def _year_choices():
    return [(y, str(y)) for y in sorted(KERNCIJFERS_TABLES, reverse=True)]


class CbsLoadForm(StabielForm):
    SHIPPED = "opname"
    ONLINE = "online"
    FILE = "bestand"

    jaar = forms.TypedChoiceField(
        label=_("Jaar"),
        coerce=int,
        choices=_year_choices,
        initial=newest_shipped_year,  # so the first try works offline
        error_messages={"invalid_choice": _("Kies een jaar uit de lijst.")},
    )
    manier = forms.ChoiceField(
        label=_("Waar komen de cijfers vandaan?"),
        widget=forms.RadioSelect,
        choices=[
            (
                SHIPPED,
                _(
                    "De voorbeeldopname die met Stabiel is meegeleverd (verzonnen cijfers, werkt "
                    "zonder internet)"
                ),
            ),
            (ONLINE, _("Nu ophalen bij CBS StatLine (alleen als de server internet heeft)")),
            (FILE, _("Een eerder opgeslagen CBS-opname (JSON-bestand)")),
        ],
        initial=SHIPPED,
        error_messages={"required": _("Kies waar de cijfers vandaan komen.")},
    )
    opname = forms.FileField(
        label=_("Opgeslagen CBS-opname"),
        required=False,
        help_text=_("Alleen nodig bij 'een eerder opgeslagen CBS-opname'."),
    )

    def clean(self):
        data = super().clean()
        if data.get("manier") == self.FILE and not data.get("opname"):
            self.add_error("opname", _("Kies het bestand met de CBS-opname."))
        upload = data.get("opname")
        if upload and upload.size > MAX_UPLOAD:
            self.add_error("opname", _("Het bestand is groter dan 5 MB."))
        return data


class CsvLoadForm(StabielForm):
    jaar = forms.IntegerField(
        label=_("Jaar van de cijfers"),
        min_value=2000,
        error_messages={
            "required": _("Vul het jaar van de cijfers in."),
            "invalid": _("Vul een jaar in als getal, bijvoorbeeld 2024."),
            "min_value": _("Vul een jaar vanaf 2000 in."),
        },
    )
    bron = forms.CharField(
        label=_("Bron"),
        max_length=200,
        help_text=_("Bijvoorbeeld 'GGD Gezondheidsmonitor Volwassenen en Ouderen 2024'."),
        error_messages={"required": _("Vul de bron van de cijfers in.")},
    )
    bestand = forms.FileField(
        label=_("CSV-bestand"),
        error_messages={"required": _("Kies het CSV-bestand.")},
    )

    def clean_jaar(self):
        year = self.cleaned_data["jaar"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Het jaar ligt in de toekomst."))
        return year

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        return upload


class HardCaseForm(StabielForm):
    title = forms.CharField(
        label=_("Korte titel"),
        max_length=120,
        help_text=_("Bijvoorbeeld 'Jonge moeder met schulden en een kind in jeugdzorg'."),
    )
    situation = forms.CharField(
        label=_("Wat speelde er?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    why_hard = forms.CharField(
        label=_("Waarom was een stabiele situatie moeilijk te bereiken?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    what_helped = forms.CharField(
        label=_("Wat hielp, of wat had geholpen?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Vul dit veld in.")
            field.error_messages["max_length"] = _("Maak de tekst korter.")


class ObservationForm(StabielForm):
    kind = forms.ChoiceField(
        label=_("Wat legt u vast?"),
        widget=forms.RadioSelect,
        choices=Observation.Kind.choices,
        error_messages={"required": _("Kies wat u vastlegt.")},
    )
    source = forms.ChoiceField(
        label=_("Van wie komt het?"),
        required=False,
        choices=[("", _("— kies —"))]
        + [c for c in Observation.Source.choices if c[0] != Observation.Source.FRONT_DESK],
        help_text=_("Alleen bij 'wat echt hielp'."),
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    place = forms.CharField(
        label=_("Welke balie?"),
        max_length=120,
        required=False,
        help_text=_("Bijvoorbeeld 'receptie sociale dienst' of 'buurthuis De Linde'."),
    )
    observed_on = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 2026-03-14.")},
    )
    text = forms.CharField(
        label=_("Wat zag of hoorde u?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Vul dit veld in."),
            "max_length": _("Maak de tekst korter."),
        },
    )

    def clean_observed_on(self):
        day = self.cleaned_data.get("observed_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("De datum ligt in de toekomst."))
        return day
