from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stabiel.accounts.models import PartnerOrganisation
from stabiel.catalogue.queries import signal_types_for, signal_types_switched_off
from stabiel.core.forms import StabielForm
from stabiel.residents import identities
from stabiel.residents.picking import HouseholdPickField

from .models import ImportBatch
from .services import not_accepted


class DutchDateField(forms.DateField):
    input_formats = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
    default_error_messages = {"invalid": _("Dit is geen datum. Schrijf bijvoorbeeld 31-12-2026.")}


def identity_clean(parse, value: str) -> str:
    """An optional BSN, postcode or house number through the one parser (residents.identities)."""
    if not value.strip():
        return ""
    try:
        return parse(value)
    except identities.IdentityError as error:
        raise forms.ValidationError(str(error)) from error


class SignalTypeField(forms.ChoiceField):
    """A choice of signal type; a type the municipality switched off gets its own message."""

    refused: dict[str, str] = {}

    def validate(self, value):
        if value in self.refused:
            raise forms.ValidationError(self.refused[value], code="not_accepted")
        super().validate(value)


class SignalForm(StabielForm):
    """A partner reports one signal. They learn only that it was received and later picked up."""

    signal_type = SignalTypeField(
        label=_("Wat is er aan de hand?"),
        error_messages={"required": _("Kies in de lijst wat er aan de hand is.")},
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        help_text=_("Vul een BSN in, of een adres, of allebei."),
    )
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    house_number = forms.CharField(
        label=_("Huisnummer met toevoeging"), required=False, max_length=16
    )
    observed_on = DutchDateField(
        label=_("Wanneer zag u dit?"),
        help_text=_("Bijvoorbeeld 15-11-2026."),
        error_messages={
            "required": _("Vul in op welke dag u dit zag. Schrijf bijvoorbeeld 15-11-2026.")
        },
    )
    reference = forms.CharField(
        label=_("Uw eigen kenmerk"),
        max_length=64,
        help_text=_("Zo vindt u deze melding terug."),
        error_messages={
            "required": _(
                "Vul uw eigen kenmerk in, bijvoorbeeld uw dossiernummer. "
                "Zo vindt u deze melding later terug."
            )
        },
    )
    note = forms.CharField(
        label=_("Korte uitleg"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen wat nodig is om te helpen. Geen medische gegevens."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        types = signal_types_for(municipality=municipality)
        self.fields["signal_type"].choices = [("", _("Kies een soort signaal"))] + [
            (t.code, t.display_name) for t in types
        ]
        self.fields["signal_type"].error_messages["invalid_choice"] = _(
            "Kies een soort signaal uit de lijst."
        )
        # A form opened before the municipality switched a type off still offers it: say that
        # the municipality does not take it, rather than "choose from the list".
        self.fields["signal_type"].refused = {
            t.code: not_accepted(municipality, t)
            for t in signal_types_switched_off(municipality=municipality)
        }

    def clean_bsn(self):
        return identity_clean(identities.bsn_parse, self.cleaned_data["bsn"])

    def clean_postcode(self):
        return identity_clean(identities.postcode_parse, self.cleaned_data["postcode"])

    def clean_house_number(self):
        return identity_clean(identities.house_number_parse, self.cleaned_data["house_number"])

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return day

    def clean(self):
        cleaned = super().clean()
        has_subject = cleaned.get("bsn") or (
            cleaned.get("postcode") and cleaned.get("house_number")
        )
        if not has_subject and not self.has_error("bsn"):
            self.add_error("bsn", _("Vul een BSN in, of een postcode met huisnummer."))
        return cleaned


class UploadForm(StabielForm):
    kind = forms.ChoiceField(
        label=_("Wat voor bestand is het?"),
        choices=ImportBatch.Kind.choices,
        initial=ImportBatch.Kind.SIGNALS,
    )
    partner = forms.ModelChoiceField(
        label=_("Van welke partner komt het?"),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        help_text=_(
            "Verplicht voor signalen en vroegsignalen: hun kolomnamen horen bij de partner. "
            "Beschikkingen komen uit de eigen systemen van de gemeente."
        ),
    )
    file = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_(
            "CSV met ; of , (UTF-8 of Windows-1252) of XLSX. Eén bestand is één levering: het wordt helemaal of helemaal niet ingelezen."
        ),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
    )

    def __init__(self, *args, municipality, own_partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_partner = own_partner
        if own_partner is not None:
            # A partner uploads signals for its own organisation only.
            del self.fields["partner"]
            self.fields["kind"].choices = [
                (ImportBatch.Kind.SIGNALS, ImportBatch.Kind.SIGNALS.label)
            ]
        else:
            self.fields["partner"].queryset = PartnerOrganisation.objects.filter(
                municipality=municipality
            )
            self.fields["partner"].error_messages["invalid_choice"] = _(
                "Deze partner bestaat niet in uw gemeente."
            )

    # Files that come from a partner: the batch keeps the partner, and with it the partner's
    # column names (ColumnMapping). Decisions come from the municipality's own systems.
    FROM_PARTNER = (ImportBatch.Kind.SIGNALS, ImportBatch.Kind.EARLY_WARNING)

    def clean(self):
        cleaned = super().clean()
        partner = self.own_partner or cleaned.get("partner")
        from_partner = cleaned.get("kind") in self.FROM_PARTNER
        if from_partner and partner is None and not self.has_error("partner"):
            self.add_error("partner", _("Kies de partner die het bestand stuurde."))
        cleaned["partner_obj"] = partner if from_partner else None
        return cleaned


class SignalWithdrawForm(StabielForm):
    """A partner takes back its own signal."""

    reason = forms.CharField(
        label=_("Waarom trekt u het signaal in?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld: de achterstand is betaald, of het signaal ging over de verkeerde persoon."
        ),
        error_messages={
            "required": _("Schrijf op waarom u het signaal intrekt."),
            "max_length": _("Schrijf de reden in hoogstens 500 tekens."),
        },
    )


class OwnSignalSearchForm(StabielForm):
    kenmerk = forms.CharField(label=_("Zoek op uw kenmerk"), max_length=64, required=False)


class UnmatchedMatchForm(StabielForm):
    household = HouseholdPickField()


class UnmatchedDiscardForm(StabielForm):
    reason = forms.CharField(
        label=_("Waarom legt u het signaal terzijde?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: de melder belde, het BSN was verkeerd. Geen medische details."),
        error_messages={
            "required": _("Schrijf op waarom u het signaal terzijde legt."),
            "max_length": _("Schrijf de reden in hoogstens 300 tekens."),
        },
    )
