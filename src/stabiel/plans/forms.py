"""Input for the prevention plan workbench. The services check again; forms give field messages."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stabiel.catalogue.models import Action, GreenFlagType, Pillar, RedFlagType
from stabiel.catalogue.queries import items_for
from stabiel.core.forms import StabielForm
from stabiel.insights.queries import figure_choices

from .models import (
    SCALE_MAX,
    SCALE_MIN,
    SHORT_TEXT_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
    Flag,
    Measure,
    MeasureUpdate,
    Plan,
    Worksheet,
)
from .queries import perspectives_for
from .services import PlanInputError, parse_budget


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Checks that every chosen id is a plain number that fits the database before looking it up
    (SQLite raises on an `__in` lookup with a 30-digit number: a server error, not a message)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit()) or len(text) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_MESSAGES = {
    "required": _("Vul een datum in."),
    "invalid": _("Vul een geldige datum in, zoals 2026-03-01."),
}


class PlanForm(StabielForm):
    year = forms.IntegerField(
        label=_("Jaar"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Vul het jaar in."),
            "invalid": _("Vul een jaartal in, zoals 2026."),
            "min_value": _("Vul een jaartal in tussen 2000 en 2100."),
            "max_value": _("Vul een jaartal in tussen 2000 en 2100."),
        },
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef het plan een titel.")},
    )
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat wil de gemeente dit jaar bereiken? Een paar zinnen is genoeg."),
    )


class PlanEditForm(StabielForm):
    title = PlanForm.base_fields["title"]
    summary = PlanForm.base_fields["summary"]
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Plan.Status.choices,
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )


class SessionForm(StabielForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef de sessie een titel.")},
    )
    held_on = forms.DateField(label=_("Datum"), widget=DATE_WIDGET, error_messages=DATE_MESSAGES)
    place = forms.CharField(
        label=_("Plaats"),
        max_length=200,
        error_messages={"required": _("Vul in waar de werksessie is.")},
    )
    worksheets = IdsChoiceField(
        label=_("Welke acties bespreekt u?"),
        queryset=Worksheet.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één werkblad."),
            "invalid_choice": _("Kies werkbladen uit de lijst."),
            "invalid_pk_value": _("Kies werkbladen uit de lijst."),
        },
    )


class ParticipantForm(StabielForm):
    name = forms.CharField(
        label=_("Naam"),
        max_length=150,
        error_messages={"required": _("Vul de naam van de deelnemer in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Niet verplicht. Zonder e-mailadres kopieert u de link zelf."),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
    )
    perspective = forms.ModelChoiceField(
        label=_("Perspectief"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Kies het perspectief van de deelnemer."),
            "invalid_choice": _("Kies een perspectief uit de lijst."),
        },
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].queryset = perspectives_for(municipality=municipality)


class FlagForm(StabielForm):
    colour = forms.ChoiceField(
        label=_("Kleur"),
        choices=Flag.Colour.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies rood of groen."),
            "invalid_choice": _("Kies rood of groen."),
        },
    )
    title = forms.CharField(
        label=_("Titel"), max_length=200, error_messages={"required": _("Geef de vlag een titel.")}
    )
    description = forms.CharField(
        label=_("Uitleg"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = forms.ChoiceField(
        label=_("Hoort bij"),
        help_text=_("Een pijler, of bij actie 1 en 5 de actie zelf."),
        error_messages={
            "required": _("Kies een pijler of een actie."),
            "invalid_choice": _("Kies een pijler of een actie uit de lijst."),
        },
    )
    red_flag_type = forms.ModelChoiceField(
        label=_("Soort rode vlag uit de catalogus"),
        queryset=None,
        required=False,
        help_text=_("Alleen bij een rode vlag, als er een past."),
        error_messages={"invalid_choice": _("Kies een soort rode vlag uit de lijst.")},
    )
    green_flag_type = forms.ModelChoiceField(
        label=_("Soort groene vlag uit de catalogus"),
        queryset=None,
        required=False,
        help_text=_("Alleen bij een groene vlag, als er een past."),
        error_messages={"invalid_choice": _("Kies een soort groene vlag uit de lijst.")},
    )
    evidence_figures = forms.CharField(
        label=_("Cijfers"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: 12% van de huishoudens heeft problematische schulden."),
    )
    evidence_source = forms.CharField(
        label=_("Bron"),
        required=False,
        max_length=300,
        help_text=_("Waar komen de cijfers of het inzicht vandaan? Een naam of een webadres."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        pillars = items_for(municipality=municipality, model=Pillar).filter(is_core=False)
        actions = items_for(municipality=municipality, model=Action).filter(pillar__isnull=True)
        self.fields["place"].choices = [
            ("", _("Kies…")),
            (_("Pijlers"), [(f"pillar-{p.pk}", p.display_name) for p in pillars]),
            (
                _("Acties zonder pijler"),
                [(f"action-{a.pk}", f"{a.number}. {a.display_name}") for a in actions],
            ),
        ]
        self._pillars = {p.pk: p for p in pillars}
        self._actions = {a.pk: a for a in actions}
        self.fields["red_flag_type"].queryset = items_for(
            municipality=municipality, model=RedFlagType
        ).select_related("pillar")
        self.fields["green_flag_type"].queryset = items_for(
            municipality=municipality, model=GreenFlagType
        ).select_related("pillar")

    def clean(self):
        data = super().clean()
        colour = data.get("colour")
        if colour == Flag.Colour.RED and data.get("green_flag_type"):
            self.add_error("green_flag_type", _("Een rode vlag kan geen soort groene vlag hebben."))
        if colour == Flag.Colour.GREEN and data.get("red_flag_type"):
            self.add_error("red_flag_type", _("Een groene vlag kan geen soort rode vlag hebben."))
        return data

    def place_objects(self) -> tuple[Pillar | None, Action | None]:
        kind, _sep, pk = self.cleaned_data["place"].partition("-")
        if kind == "pillar":
            return self._pillars[int(pk)], None
        return None, self._actions[int(pk)]

    @staticmethod
    def place_initial(flag: Flag) -> str:
        return f"pillar-{flag.pillar_id}" if flag.pillar_id else f"action-{flag.action_id}"


SCALE_CHOICES = [
    (1, _("1 - laag")),
    (2, _("2 - eerder laag")),
    (3, _("3 - eerder hoog")),
    (4, _("4 - hoog")),
]
_SCALE_MESSAGE = format_lazy(
    _("Kies een waarde van {low} tot en met {high}."), low=SCALE_MIN, high=SCALE_MAX
)
SCALE_MESSAGES = {"required": _SCALE_MESSAGE, "invalid_choice": _SCALE_MESSAGE}


class BudgetField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_budget(value)
        except PlanInputError as exc:
            raise forms.ValidationError(str(exc)) from None


class MeasureForm(StabielForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef de maatregel een titel.")},
    )
    description = forms.CharField(
        label=_("Wat gaat u doen?"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(
        label=_("Eigenaar"),
        max_length=200,
        help_text=_("Wie zorgt dat het gebeurt? Een afdeling, team of functie."),
        error_messages={"required": _("Vul in wie eigenaar is van de maatregel.")},
    )
    partners = forms.CharField(
        label=_("Partners"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Met wie werkt de eigenaar samen?"),
    )
    starts_on = forms.DateField(
        label=_("Begint op"), required=False, widget=DATE_WIDGET, error_messages=DATE_MESSAGES
    )
    ends_on = forms.DateField(
        label=_("Klaar op"), required=False, widget=DATE_WIDGET, error_messages=DATE_MESSAGES
    )
    budget = BudgetField(
        label=_("Budget in euro"),
        required=False,
        max_length=30,
        help_text=_("Een bedrag, bijvoorbeeld 12500 of 12500,50."),
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        required=False,
        max_length=300,
        help_text=_(
            "Waaraan ziet u dat het werkt? Bijvoorbeeld: minder brieven terug als onbestelbaar."
        ),
    )
    outcome_figure = forms.ChoiceField(
        label=_("Of een uitkomstcijfer als indicator"),
        required=False,
        choices=[],
        help_text=_(
            "Een cijfer uit de uitkomsten van het werk. De voortgang van het plan toont het dan "
            "per maand of kwartaal."
        ),
        error_messages={
            "invalid_choice": _("Dat uitkomstcijfer kennen we niet. Kies een cijfer uit de lijst.")
        },
    )
    impact = forms.TypedChoiceField(
        label=_("Effect"),
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Hoeveel verschil maakt dit voor inwoners?"),
        error_messages=SCALE_MESSAGES,
    )
    effort = forms.TypedChoiceField(
        label=_("Moeite"),
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Hoeveel tijd, geld en overleg kost het?"),
        error_messages=SCALE_MESSAGES,
    )
    flags = IdsChoiceField(
        label=_("Pakt deze vlaggen aan"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Kies vlaggen uit de lijst."),
            "invalid_pk_value": _("Kies vlaggen uit de lijst."),
        },
    )

    def __init__(self, *args, plan: Plan, with_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        none = ("", _("Geen, alleen de tekst hierboven"))
        self.fields["outcome_figure"].choices = [none, *figure_choices()]
        self.fields["flags"].queryset = Flag.objects.filter(
            plan=plan, municipality=plan.municipality
        ).order_by("colour", "title")
        self.fields["flags"].label_from_instance = lambda f: f"{f.get_colour_display()}: {f.title}"
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=Measure.Status.choices,
                error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
            )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("De einddatum ligt voor de begindatum."))
        return data


class MeasureUpdateForm(StabielForm):
    written_on = forms.DateField(label=_("Datum"), widget=DATE_WIDGET, error_messages=DATE_MESSAGES)
    progress = forms.ChoiceField(
        label=_("Hoe gaat het?"),
        choices=MeasureUpdate.Progress.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies hoe het gaat met de maatregel."),
            "invalid_choice": _("Kies hoe het gaat met de maatregel."),
        },
    )
    note = forms.CharField(
        label=_("Uitleg"),
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort op hoe het gaat.")},
    )


class AnswerCorrectForm(StabielForm):
    """The facilitator corrects what a participant wrote; the reason goes into the history."""

    text = forms.CharField(
        label=_("Antwoord"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Het antwoord kan niet leeg zijn.")},
    )
    reason = forms.CharField(
        label=_("Waarom verandert u dit?"),
        max_length=SHORT_TEXT_MAX,
        help_text=_("Bijvoorbeeld: typefout, of de deelnemer vroeg om een correctie."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Schrijf op waarom u het antwoord verandert.")},
    )


class ConfirmForm(StabielForm):
    """Nothing to fill in: the button is the confirmation."""


class RemoveWithReasonForm(StabielForm):
    """Removing what a participant wrote asks for a reason; it goes into the history."""

    reason = forms.CharField(
        label=_("Waarom verwijdert u dit?"),
        max_length=SHORT_TEXT_MAX,
        help_text=_(
            "Bijvoorbeeld: de deelnemer vroeg erom, of het antwoord hoort bij een andere vraag."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Schrijf op waarom u dit verwijdert.")},
    )
