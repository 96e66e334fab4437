"""Forms of the administrator's screens: a decision entered by hand, a partner's column headers."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stabiel.catalogue.models import ProvisionType
from stabiel.catalogue.queries import items_for
from stabiel.core.forms import StabielForm
from stabiel.residents import identities

from .forms import DutchDateField, identity_clean
from .importing.specs import Spec
from .manage_services import HEADER_MAX_LENGTH, field_label, mapping_problems
from .models import Decision


class DecisionForm(StabielForm):
    """One decision (beschikking) or support without one, for a resident of the municipality."""

    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        help_text=_("Van de persoon die de ondersteuning krijgt. Hij of zij woont in de gemeente."),
        error_messages={"required": _("Vul het BSN in.")},
    )
    law = forms.ChoiceField(
        label=_("Wet"),
        choices=[("", _("Kies een wet")), *Decision.Law.choices],
        error_messages={
            "required": _("Kies een wet, of 'zonder beschikking'."),
            "invalid_choice": _("Kies een wet uit de lijst, of 'zonder beschikking'."),
        },
    )
    product = forms.CharField(
        label=_("Product"),
        max_length=120,
        help_text=_("Zoals het in het eigen systeem heet, bijvoorbeeld Huishoudelijke hulp."),
        error_messages={"required": _("Vul het product in.")},
    )
    need = forms.CharField(
        label=_("Hulpvraag"),
        max_length=120,
        error_messages={"required": _("Vul de hulpvraag in.")},
    )
    provision_type = forms.ModelChoiceField(
        label=_("Soort voorziening"),
        queryset=ProvisionType.objects.none(),
        required=False,
        empty_label=_("Geen of weet ik niet"),
        help_text=_("Uit de catalogus van uw gemeente."),
        error_messages={
            "invalid_choice": _("Kies een soort voorziening uit de catalogus van uw gemeente.")
        },
    )
    start_on = DutchDateField(
        label=_("Begindatum"),
        help_text=_("Bijvoorbeeld 01-03-2026."),
        error_messages={"required": _("Vul de begindatum in.")},
    )
    end_on = DutchDateField(
        label=_("Einddatum"),
        required=False,
        help_text=_("Leeg laten als de ondersteuning doorloopt."),
    )
    reference = forms.CharField(
        label=_("Kenmerk"),
        max_length=64,
        help_text=_(
            "Het beschikkings- of zaaknummer uit het eigen systeem. Eén kenmerk hoort bij één beschikking."
        ),
        error_messages={"required": _("Vul het kenmerk in.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provision_type"].queryset = items_for(
            municipality=municipality, model=ProvisionType
        )

    def clean_bsn(self):
        return identity_clean(identities.bsn_parse, self.cleaned_data["bsn"])

    def clean_start_on(self):
        day = self.cleaned_data["start_on"]
        # The same limits as a decisions file, so both ways in accept the same decisions.
        if day > timezone.localdate():
            raise forms.ValidationError(_("De begindatum ligt in de toekomst."))
        if day.year < 1900:
            raise forms.ValidationError(_("De begindatum is te lang geleden."))
        return day

    def clean(self):
        cleaned = super().clean()
        start_on, end_on = cleaned.get("start_on"), cleaned.get("end_on")
        if start_on and end_on and end_on < start_on:
            self.add_error("end_on", _("De einddatum ligt vóór de begindatum."))
        return cleaned


class ColumnMappingForm(StabielForm):
    """For each of our fields, the header in this partner's file; empty means the default header."""

    def __init__(self, *args, spec: Spec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.required_columns = set(spec.required)
        for name, default in spec.columns.items():
            self.fields[name] = forms.CharField(
                label=field_label(name),
                required=False,
                max_length=HEADER_MAX_LENGTH,
                help_text=_("Leeg laten als de kolom '%(default)s' heet.") % {"default": default},
                error_messages={
                    "max_length": _("Deze kolomkop is te lang (hoogstens %(limit)s tekens).")
                    % {"limit": HEADER_MAX_LENGTH}
                },
            )

    def clean(self):
        cleaned = super().clean()
        columns = {name: cleaned.get(name) or "" for name in self.spec.columns}
        for name, message in mapping_problems(defaults=self.spec.columns, columns=columns).items():
            if name in self.fields and not self.has_error(name):
                self.add_error(name, message)
        return cleaned

    @property
    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.spec.columns}
