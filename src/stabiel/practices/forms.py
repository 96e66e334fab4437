from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stabiel.catalogue.models import Action, Pillar, Publication
from stabiel.core.forms import StabielForm
from stabiel.plans.forms import SCALE_CHOICES, SCALE_MESSAGES

from .models import BasicFunction, PracticeKind
from .queries import organisations


class PracticeFilterForm(StabielForm):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)
    pillar = forms.ModelChoiceField(
        label=_("Pijler"), required=False, queryset=Pillar.objects.none(), empty_label=_("Alle")
    )
    action = forms.ModelChoiceField(
        label=_("Actie"), required=False, queryset=Action.objects.none(), empty_label=_("Alle")
    )
    basic_function = forms.ChoiceField(label=_("Basisfunctie"), required=False)
    publication = forms.ModelChoiceField(
        label=_("Publicatie"),
        required=False,
        queryset=Publication.objects.none(),
        empty_label=_("Alle"),
    )
    organisation = forms.ChoiceField(label=_("Gemeente of organisatie"), required=False)
    kind = forms.ChoiceField(label=_("Soort"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = Pillar.objects.filter(municipality__isnull=True)
        self.fields["action"].queryset = Action.objects.filter(municipality__isnull=True)
        self.fields["publication"].queryset = Publication.objects.filter(
            practices__isnull=False
        ).distinct()
        self.fields["basic_function"].choices = [("", _("Alle")), *BasicFunction.choices]
        self.fields["kind"].choices = [("", _("Alle")), *PracticeKind.choices]
        self.fields["organisation"].choices = [("", _("Alle"))] + [
            (name, name) for name in organisations(municipality=municipality)
        ]


class AdoptForm(StabielForm):
    """Adopt a practice as a measure in one of the municipality's plans."""

    plan = forms.ModelChoiceField(
        label=_("In welk preventieplan?"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Kies een preventieplan."),
            "invalid_choice": _("Kies een preventieplan van uw gemeente uit de lijst."),
        },
    )

    impact = forms.TypedChoiceField(
        label=_("Effect"),
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Hoeveel verschil maakt dit voor inwoners in uw gemeente?"),
        error_messages=SCALE_MESSAGES,
    )
    effort = forms.TypedChoiceField(
        label=_("Moeite"),
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Hoeveel tijd, geld en overleg kost het hier?"),
        error_messages=SCALE_MESSAGES,
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        this_year = plans.filter(year=timezone.localdate().year).first()
        if this_year is not None:
            self.fields["plan"].initial = this_year.pk
