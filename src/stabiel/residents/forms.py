"""Input of the residents screens: the household search, the purpose, phone and e-mail."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm
from stabiel.signals.forms import DutchDateField, identity_clean

from . import identities
from .access import PURPOSES, SearchTerms
from .picking import LABEL

# The resident's own requests are the privacy officer's; workers open households for their work.
WORK_PURPOSES = [
    (key, label) for key, label in PURPOSES.items() if key not in {"inspection", "rectification"}
]

# Letters (any script: names are not only Dutch), spaces, apostrophes and dashes. No * % _ ?:
# the search matches whole names, so a pattern would only hide that nothing was found.
_NAME = re.compile(r"[^\W\d_]+(?:[ '\u2019\-][^\W\d_]+)*")


def purpose_field(label: Any) -> forms.ChoiceField:
    """A purpose the worker must choose every time: nothing is chosen beforehand."""
    return forms.ChoiceField(
        label=label,
        choices=WORK_PURPOSES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies waarom u dit opent."),
            "invalid_choice": _("Kies een reden uit de lijst."),
        },
    )


class PurposeForm(StabielForm):
    purpose = purpose_field(_("Waarom bekijkt u wie hier woont?"))


class HouseholdSearchForm(StabielForm):
    purpose = purpose_field(_("Waarom zoekt u?"))
    surname = forms.CharField(
        label=_("Achternaam"),
        required=False,
        max_length=120,
        help_text=_("De hele achternaam, met of zonder tussenvoegsel: Vries of de Vries."),
        error_messages={"max_length": _("Een achternaam heeft hoogstens 120 tekens.")},
    )
    birth_date = DutchDateField(
        label=_("Geboortedatum"), required=False, help_text=_("Bijvoorbeeld 31-12-1980.")
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=7,
        error_messages={"max_length": identities.POSTCODE_INVALID},
    )
    house_number = forms.CharField(
        label=_("Huisnummer"),
        required=False,
        max_length=16,
        help_text=_("Alleen samen met de postcode. 12 vindt ook 12A en 12-2."),
        error_messages={"max_length": identities.HOUSE_NUMBER_INVALID},
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        error_messages={"max_length": identities.BSN_INVALID},
    )
    label = forms.CharField(
        label=_("Kenmerk van het huishouden"),
        required=False,
        max_length=9,
        help_text=_("Bijvoorbeeld HH-4F2A9C."),
        error_messages={"max_length": _("Een kenmerk ziet eruit als HH-4F2A9C.")},
    )
    terug = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)

    def clean_surname(self) -> str:
        value = " ".join(self.cleaned_data["surname"].split())
        if value and not _NAME.fullmatch(value):
            raise forms.ValidationError(
                _(
                    "Gebruik alleen letters, spaties, een apostrof of een streepje. Zoeken met "
                    "tekens als * of % kan niet: vul de hele achternaam in."
                )
            )
        return value

    def clean_postcode(self) -> str:
        return identity_clean(identities.postcode_parse, self.cleaned_data["postcode"])

    def clean_house_number(self) -> str:
        return identity_clean(identities.house_number_parse, self.cleaned_data["house_number"])

    def clean_bsn(self) -> str:
        return identity_clean(identities.bsn_parse, self.cleaned_data["bsn"])

    def clean_label(self) -> str:
        value = str(self.cleaned_data["label"]).strip().upper()
        if value and not LABEL.fullmatch(value):
            raise forms.ValidationError(_("Een kenmerk ziet eruit als HH-4F2A9C."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("house_number") and not data.get("postcode"):
            self.add_error("postcode", _("Vul bij een huisnummer ook de postcode in."))
        elif not any(data.get(f) for f in ("surname", "birth_date", "postcode", "bsn", "label")):
            raise forms.ValidationError(
                _(
                    "Vul minstens één zoekterm in: achternaam, geboortedatum, postcode, BSN of kenmerk."
                )
            )
        return data

    def terms(self) -> SearchTerms:
        data = self.cleaned_data
        return SearchTerms(
            surname=data["surname"],
            birth_date=data["birth_date"],
            postcode=data["postcode"],
            house_number=data["house_number"],
            bsn=data["bsn"],
            label=data["label"],
        )


class ContactForm(StabielForm):
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=20,
        help_text=_("Bijvoorbeeld 06 12345678."),
        error_messages={"max_length": identities.PHONE_INVALID},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Dit e-mailadres klopt niet. Schrijf bijvoorbeeld naam@voorbeeld.nl."),
            "max_length": _("Een e-mailadres heeft hoogstens 254 tekens."),
        },
    )

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        if not value.strip():
            return ""
        try:
            return identities.phone_parse(value)
        except identities.IdentityError as error:
            raise forms.ValidationError(str(error)) from error


class RegisterFeedUploadForm(StabielForm):
    file = forms.FileField(
        label=_("Uittreksel uit de basisregistratie personen"),
        help_text=_(
            "CSV (met ; of ,), Excel met één werkblad, of JSON van de Haal Centraal BRP Personen "
            "API. Hoogstens 200 MB. U ziet eerst wat er verandert; pas als u bevestigt, wordt het "
            "verwerkt."
        ),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
    )
