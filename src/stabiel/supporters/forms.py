from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm
from stabiel.residents.picking import HouseholdPickField
from stabiel.signals.forms import DutchDateField as _DutchDateField


class DutchDateField(_DutchDateField):
    """Shows a date the way it is typed: 31-12-2026."""

    widget = forms.DateInput(format="%d-%m-%Y")


class HouseholdLookupForm(StabielForm):
    household = HouseholdPickField()


class MarkForm(StabielForm):
    person = forms.TypedChoiceField(
        label=_("Voor wie is de post?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies voor wie de post via een ondersteuner gaat."),
            "invalid_choice": _("Kies iemand die in dit huishouden woont."),
        },
    )
    supporter_name = forms.CharField(
        label=_("Naam van de ondersteuner"),
        max_length=120,
        error_messages={"required": _("Vul de naam van de ondersteuner in.")},
    )
    supporter_organisation = forms.CharField(
        label=_("Organisatie van de ondersteuner"),
        max_length=120,
        required=False,
        help_text=_("Bijvoorbeeld het wijkteam, een bewindvoerder of een maatje."),
    )
    supporter_contact = forms.CharField(
        label=_("Telefoon of e-mail van de ondersteuner"), max_length=120, required=False
    )
    supporter_street = forms.CharField(
        label=_("Straat en huisnummer van de ondersteuner"),
        max_length=120,
        help_text=_("Of een postbus. Brieven voor de bewoner gaan naar dit adres."),
        error_messages={
            "required": _("Vul de straat en het huisnummer van de ondersteuner in, of een postbus.")
        },
    )
    supporter_postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        error_messages={"required": _("Vul een Nederlandse postcode in, zoals 3701 AB.")},
    )
    supporter_city = forms.CharField(
        label=_("Plaats"),
        max_length=80,
        error_messages={"required": _("Vul de plaats van de ondersteuner in, zoals Zeist.")},
    )
    reason = forms.CharField(
        label=_("Waarom gaat de post eerst naar de ondersteuner?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kort en zonder medische details, bijvoorbeeld: brieven geven nu te veel stress."
        ),
        error_messages={"required": _("Schrijf kort op waarom dit nodig is.")},
    )
    consent = forms.BooleanField(
        label=_("De bewoner geeft toestemming"),
        error_messages={
            "required": _(
                "Zonder toestemming van de bewoner gaat de post niet via een ondersteuner."
            )
        },
    )
    consent_on = DutchDateField(label=_("Datum van de toestemming"))
    start_on = DutchDateField(label=_("Gaat in op"))
    end_on = DutchDateField(
        label=_("Loopt af op"),
        required=False,
        help_text=_(
            "Leeg laten: een half jaar na de begindatum, zoals Zeist het afsprak "
            "(VNG, Stop het stapelen, 2022)."
        ),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (m.person_id, f"{m.full_name} ({m.label})") for m in members
        ]
        today = timezone.localdate()
        self.fields["consent_on"].initial = today
        self.fields["start_on"].initial = today


class ExtendForm(StabielForm):
    end_on = DutchDateField(
        label=_("Nieuwe einddatum"),
        error_messages={"required": _("Vul een nieuwe einddatum in.")},
    )
    consent = forms.BooleanField(
        label=_("De bewoner geeft opnieuw toestemming"),
        error_messages={
            "required": _("Vraag de bewoner opnieuw om toestemming voordat u verlengt.")
        },
    )


class AddressForm(StabielForm):
    supporter_street = forms.CharField(
        label=_("Straat en huisnummer van de ondersteuner"),
        max_length=120,
        help_text=_("Of een postbus. Brieven voor de bewoner gaan naar dit adres."),
        error_messages={
            "required": _("Vul de straat en het huisnummer van de ondersteuner in, of een postbus.")
        },
    )
    supporter_postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        error_messages={"required": _("Vul een Nederlandse postcode in, zoals 3701 AB.")},
    )
    supporter_city = forms.CharField(
        label=_("Plaats"),
        max_length=80,
        error_messages={"required": _("Vul de plaats van de ondersteuner in, zoals Zeist.")},
    )
