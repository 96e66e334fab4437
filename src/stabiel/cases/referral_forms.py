"""Forms for finding an offering and referring the household to it. Services do the checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.catalogue.models import LifeDomain
from stabiel.catalogue.queries import items_for
from stabiel.core.forms import StabielForm
from stabiel.signals.forms import DutchDateField

from .models import Referral


class OfferingSearchForm(StabielForm):
    woorden = forms.CharField(
        label=_("Zoek op woorden"),
        required=False,
        max_length=100,
        help_text=_("Bijvoorbeeld: schulden, maaltijd, eenzaam, opvoeden."),
        error_messages={"max_length": _("Gebruik hoogstens 100 tekens.")},
    )
    levensgebied = forms.ModelChoiceField(
        label=_("Levensgebied"),
        queryset=None,
        required=False,
        empty_label=_("Alle levensgebieden"),
        error_messages={"invalid_choice": _("Kies een levensgebied uit de lijst.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levensgebied"].queryset = items_for(
            municipality=municipality, model=LifeDomain
        ).order_by("number")


class ReferralForm(StabielForm):
    offering = forms.IntegerField(
        label=_("Aanbod"),
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "invalid": _("Kies een aanbod uit de zoekresultaten."),
            "min_value": _("Kies een aanbod uit de zoekresultaten."),
            "max_value": _("Kies een aanbod uit de zoekresultaten."),
        },
    )
    goal = forms.ModelChoiceField(
        label=_("Bij welk doel hoort het?"),
        queryset=None,
        required=False,
        empty_label=_("Bij geen bepaald doel"),
        error_messages={"invalid_choice": _("Kies een doel van deze casus.")},
    )
    handover_note = forms.CharField(
        label=_("Wat mag de aanbieder weten?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Alleen wat de aanbieder nodig heeft om te helpen, in overleg met het huishouden. "
            "Geen BSN. De aanbieder hoort niets anders van ons."
        ),
        error_messages={
            "required": _(
                "Schrijf op wat de aanbieder mag weten: alleen wat nodig is om te helpen."
            ),
            "max_length": _("De tekst voor de aanbieder is te lang (hoogstens 1000 tekens)."),
        },
    )
    consent = forms.BooleanField(
        label=_("Het huishouden geeft toestemming voor deze doorverwijzing"),
        required=False,
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals


class ReferralStatusForm(StabielForm):
    status = forms.ChoiceField(
        label=_("Nieuwe stand"),
        choices=[
            (Referral.Status.ACCEPTED, Referral.Status.ACCEPTED.label),
            (Referral.Status.DECLINED, Referral.Status.DECLINED.label),
            (Referral.Status.STARTED, Referral.Status.STARTED.label),
        ],
        error_messages={
            "required": _("Kies de nieuwe stand."),
            "invalid_choice": _("Kies een stand uit de lijst."),
        },
    )
    on = DutchDateField(
        label=_("Op welke dag?"),
        help_text=_("Bijvoorbeeld 15-12-2026."),
        error_messages={"required": _("Kies een datum.")},
    )
    reason = forms.CharField(
        label=_("Reden (bij afwijzen)"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("De reden is te lang (hoogstens 300 tekens).")},
    )


class GoalOfferingForm(StabielForm):
    """Name a found offering on a goal, or take it away again (the button 'weghalen')."""

    offering = forms.IntegerField(
        label=_("Aanbod"),
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "invalid": _("Kies een aanbod uit de zoekresultaten."),
            "min_value": _("Kies een aanbod uit de zoekresultaten."),
            "max_value": _("Kies een aanbod uit de zoekresultaten."),
        },
    )
    weghalen = forms.BooleanField(widget=forms.HiddenInput, required=False)
