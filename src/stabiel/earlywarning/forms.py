from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stabiel.accounts.models import PartnerOrganisation
from stabiel.core.forms import StabielForm, StabielModelForm
from stabiel.signals.forms import DutchDateField

from .ddas import ContactKind, Outcome, PartOfDay
from .models import EarlyWarningSettings


class UploadForm(StabielForm):
    partner = forms.ModelChoiceField(
        label=_("Van welke partner komt het bestand?"),
        queryset=PartnerOrganisation.objects.none(),
        help_text=_("De schuldeiser zelf, of het portaal dat de signalen doorstuurt."),
        error_messages={"required": _("Kies de partner die het bestand stuurde.")},
    )
    file = forms.FileField(
        label=_("Bestand (CSV, Excel of JSON)"),
        help_text=_(
            "CSV met ; of , (UTF-8 of Windows-1252), XLSX, of JSON volgens het Model "
            "Vroegsignalering. Eén bestand wordt helemaal of helemaal niet ingelezen."
        ),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerOrganisation.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["partner"].error_messages["invalid_choice"] = _(
            "Deze partner bestaat niet in uw gemeente."
        )


class AttemptForm(StabielForm):
    kind = forms.ChoiceField(
        label=_("Hoe probeerde u contact te krijgen?"),
        choices=[("", _("Kies een soort contact")), *ContactKind.choices],
        error_messages={
            "required": _("Kies hoe u contact zocht."),
            "invalid_choice": _("Kies een soort contact uit de lijst."),
        },
    )
    reached = forms.TypedChoiceField(
        label=_("Heeft u de inwoner gesproken of bereikt?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies ja of nee."),
            "invalid_choice": _("Kies ja of nee."),
        },
    )
    on = DutchDateField(
        label=_("Datum"),
        help_text=_("Bijvoorbeeld 15-11-2026."),
        error_messages={"required": _("Vul de datum in.")},
    )
    part_of_day = forms.ChoiceField(
        label=_("Dagdeel (alleen bij bellen of een huisbezoek)"),
        choices=PartOfDay.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Kies een dagdeel uit de lijst.")},
    )
    note = forms.CharField(
        label=_("Korte notitie"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen wat een collega nodig heeft. Geen medische gegevens."),
    )

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return day


class OutcomeForm(StabielForm):
    outcome = forms.ChoiceField(
        label=_("Eindresultaat"),
        choices=[("", _("Kies het eindresultaat")), *Outcome.choices],
        error_messages={
            "required": _("Kies het eindresultaat."),
            "invalid_choice": _("Kies een eindresultaat uit de lijst."),
        },
    )
    reason = forms.CharField(
        label=_("Reden (alleen bij 'Niet opgepakt: andere reden')"),
        required=False,
        max_length=300,
        help_text=_("Blijft bij de gemeente. De schuldeiser hoort alleen: niet opgepakt."),
    )


class DeliveryForm(StabielForm):
    period_start = DutchDateField(
        label=_("Van"),
        help_text=_("Bijvoorbeeld 01-10-2026."),
        error_messages={"required": _("Vul de begindatum in.")},
    )
    period_end = DutchDateField(
        label=_("Tot en met"),
        help_text=_("Bijvoorbeeld 31-10-2026."),
        error_messages={"required": _("Vul de einddatum in.")},
    )


class SettingsForm(StabielModelForm):
    class Meta:
        model = EarlyWarningSettings
        fields = [
            "threshold_amount",
            "repeat_months",
            "repeat_only_if_grown",
            "supplier_code",
            "organisation_name",
            "kvk_number",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_title",
        ]
        error_messages = {
            "threshold_amount": {
                "invalid": _("Vul een bedrag in hele euro's in."),
                "min_value": _("Het drempelbedrag kan niet negatief zijn."),
            },
            "repeat_months": {"invalid": _("Vul een aantal maanden in.")},
        }

    def clean_repeat_months(self):
        months = self.cleaned_data["repeat_months"]
        if months is None or not 1 <= months <= 24:
            raise forms.ValidationError(_("Kies tussen 1 en 24 maanden."))
        return months
