from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm, StabielModelForm

from .kinds import Kind
from .levels import FlagLevel, GreenFlagAim, SignalSubject
from .models import Action, LifeDomain, Pillar, RedFlagType
from .queries import items_for

_ALL = [("", _("Alle"))]


class ItemFilterForm(StabielForm):
    """GET filters for a catalogue list. Unknown values give a message, never an error page."""

    def __init__(self, *args, kind: Kind, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        builders = {
            "pillar": lambda: forms.ModelChoiceField(
                label=_("Pijler"),
                queryset=items_for(municipality=municipality, model=Pillar).filter(is_core=False),
                required=False,
                empty_label=_("Alle"),
            ),
            "action": lambda: forms.ModelChoiceField(
                label=_("Actie"),
                queryset=items_for(municipality=municipality, model=Action),
                required=False,
                empty_label=_("Alle"),
            ),
            "life_domain": lambda: forms.ModelChoiceField(
                label=_("Levensgebied"),
                queryset=items_for(municipality=municipality, model=LifeDomain),
                required=False,
                empty_label=_("Alle"),
            ),
            "level": lambda: forms.ChoiceField(
                label=_("Niveau"), choices=_ALL + FlagLevel.choices, required=False
            ),
            "aim": lambda: forms.ChoiceField(
                label=_("Gericht op"), choices=_ALL + GreenFlagAim.choices, required=False
            ),
            "subject": lambda: forms.ChoiceField(
                label=_("Gaat over"), choices=_ALL + SignalSubject.choices, required=False
            ),
            "weight": lambda: forms.ChoiceField(
                label=_("Gewicht"), choices=_ALL + LifeDomain.Weight.choices, required=False
            ),
            "health": lambda: forms.ChoiceField(
                label=_("Gezondheidskenmerk"),
                choices=[
                    *_ALL,
                    ("ja", _("Alleen gezondheidskenmerken")),
                    ("nee", _("Zonder gezondheidskenmerken")),
                ],
                required=False,
            ),
            "q": lambda: forms.CharField(label=_("Zoek op naam"), required=False, max_length=100),
        }
        for name in kind.filters:
            self.fields[name] = builders[name]()
            self.fields[name].error_messages["invalid_choice"] = _(
                "Deze keuze bestaat niet. We tonen alles."
            )


class ItemFormBase(StabielModelForm):
    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = items_for(municipality=municipality, model=field.queryset.model)
                field.error_messages["invalid_choice"] = _(
                    "Kies een item uit de catalogus van uw gemeente."
                )
                if name == "pillar":
                    field.queryset = field.queryset.filter(is_core=False)
                if name == "red_flag_type":
                    # Health characteristics and neighbourhood or system flags never describe a
                    # household, so a signal type can never point at them.
                    field.queryset = field.queryset.filter(RedFlagType.can_be_signal_condition())

    def clean_name(self):
        return self.cleaned_data["name"].strip()


def item_form_class(kind: Kind) -> type[ItemFormBase]:
    return modelform_factory(
        kind.model,
        form=ItemFormBase,
        fields=kind.form_fields,
        labels={"name_en": _("Naam in het Engels")},
    )
