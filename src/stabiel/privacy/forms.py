from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm
from stabiel.signals.forms import DutchDateField

from .models import Correction
from .retention import Unit
from .services import PrivacyInputError, retention_check


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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("since") and cleaned.get("until") and cleaned["until"] < cleaned["since"]:
            self.add_error("until", _("Deze datum ligt vóór de begindatum."))
        return cleaned


class WhoLookedForm(StabielForm):
    """The household or person whose log the privacy officer reads."""

    kenmerk = forms.RegexField(
        label=_("Kenmerk van het huishouden of de persoon"),
        regex=r"^\s*(HH|hh|P|p)-[0-9A-Za-z]{4,12}\s*$",
        max_length=20,
        help_text=_("Bijvoorbeeld HH-4F2A9C voor een huishouden of P-81C0DE voor een persoon."),
        error_messages={
            "required": _("Vul het kenmerk in van een huishouden of persoon."),
            "invalid": _(
                "Dit is geen kenmerk. Een kenmerk begint met HH- (huishouden) of P- (persoon), "
                "zoals HH-4F2A9C."
            ),
            "max_length": _(
                "Dit is geen kenmerk. Een kenmerk begint met HH- (huishouden) of P- (persoon), "
                "zoals HH-4F2A9C."
            ),
        },
    )

    def clean_kenmerk(self) -> str:
        return str(self.cleaned_data["kenmerk"]).strip().upper()


class RetentionForm(StabielForm):
    """One record type's retention period; the bounds are checked per record type."""

    amount = forms.IntegerField(
        label=_("Termijn"),
        min_value=1,
        max_value=9999,
        error_messages={
            "required": _("Vul een termijn in."),
            "invalid": _("Vul een heel getal in, zoals 24."),
            "min_value": _("De termijn is minstens 1."),
            "max_value": _("Deze termijn is te lang. Kies hoogstens 20 jaar (240 maanden)."),
        },
    )
    unit = forms.ChoiceField(
        label=_("Eenheid"),
        choices=Unit.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies maanden of dagen."),
            "invalid_choice": _("Kies maanden of dagen."),
        },
    )
    source = forms.CharField(
        label=_("Grondslag of bron"),
        max_length=300,
        help_text=_(
            "Een wet, besluit of publicatie met artikel, of 'Lokale instelling' als de gemeente "
            "de termijn zelf kiest."
        ),
        error_messages={
            "required": _("Schrijf op waar de termijn op rust, of 'Lokale instelling'."),
            "max_length": _("Gebruik hoogstens 300 tekens."),
        },
    )

    def __init__(self, *args: Any, record_type: str, **kwargs: Any) -> None:
        self.record_type = record_type
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "amount" in cleaned and "unit" in cleaned:
            try:
                retention_check(
                    record_type=self.record_type, amount=cleaned["amount"], unit=cleaned["unit"]
                )
            except PrivacyInputError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, str(exc))
        return cleaned


class InspectionSearchForm(StabielForm):
    bsn = forms.CharField(
        label=_("BSN van de inwoner"),
        max_length=11,
        help_text=_("Negen cijfers. Stabiel bewaart het BSN niet in het log."),
        error_messages={
            "required": _("Vul het BSN in."),
            "max_length": _("Een BSN heeft negen cijfers."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class IdentityForm(StabielForm):
    given_names = forms.CharField(label=_("Voornamen"), max_length=120)
    surname_prefix = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    surname = forms.CharField(label=_("Achternaam"), max_length=120)
    birth_date = DutchDateField(label=_("Geboortedatum"), help_text=_("Bijvoorbeeld 31-12-1980."))
    reason = forms.CharField(
        label=_("Waarom wordt dit verbeterd?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: de inwoner liet een paspoort zien met de juiste schrijfwijze."),
    )


class SignalContestForm(StabielForm):
    kind = forms.ChoiceField(
        label=_("Wat gebeurt er met dit signaal?"),
        choices=[
            (Correction.Kind.CONTESTED.value, _("Betwist: de inwoner is het er niet mee eens")),
            (Correction.Kind.WITHDRAWN.value, _("Ingetrokken: het signaal klopt niet")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies betwist of ingetrokken."),
            "invalid_choice": _("Kies betwist of ingetrokken."),
        },
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf op waarom.")},
    )


class InspectionRequestForm(InspectionSearchForm):
    """A resident's inspection request as it came in: who (by BSN), when, and a short note."""

    received_on = DutchDateField(
        label=_("Ontvangen op"),
        help_text=_("De dag dat de brief, e-mail of vraag binnenkwam. Bijvoorbeeld 31-12-2026."),
        error_messages={"required": _("Vul de datum van ontvangst in.")},
    )
    deadline_on = DutchDateField(
        label=_("Beantwoorden niet later dan"),
        required=False,
        help_text=_(
            "Leeg laten: Stabiel rekent een maand na ontvangst (AVG artikel 12). Alleen met een "
            "goede reden mag het later, hoogstens twee maanden extra."
        ),
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: per brief, wil de gegevens op papier."),
        error_messages={"max_length": _("Gebruik hoogstens 500 tekens.")},
    )


class InspectionRequestHandleForm(StabielForm):
    handled_note = forms.CharField(
        label=_("Hoe is de vraag om inzage beantwoord?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: PDF met alle gegevens per post gestuurd."),
        error_messages={
            "required": _("Schrijf op hoe de vraag om inzage is beantwoord."),
            "max_length": _("Gebruik hoogstens 300 tekens."),
        },
    )
