from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm
from stabiel.residents.picking import HouseholdPickField
from stabiel.signals.forms import DutchDateField as _DutchDateField

from .models import BaseKind


class DutchDateField(_DutchDateField):
    """Shows a date the way it is typed: 31-12-2026."""

    widget = forms.DateInput(format="%d-%m-%Y")


ANONYMOUS_HELP = _(
    "Geen naam, geen BSN en geen kenmerk: de tafel ziet alleen deze tekst. Schrijf bijvoorbeeld "
    "'alleenstaande moeder, twee kinderen, huurachterstand'."
)


class MeetingForm(StabielForm):
    kind = forms.ChoiceField(
        label=_("Soort overleg"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een soort overleg.")},
    )
    held_on = DutchDateField(
        label=_("Datum"),
        help_text=_("Bijvoorbeeld 15-12-2026."),
        error_messages={"required": _("Vul de datum van het overleg in.")},
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=None,
        required=False,
        help_text=_(
            "Voor een overleg met namen, zoals het signaleringsoverleg en de maatwerktafel. Een "
            "overleg zonder namen, zoals de casustafel, is van de hele gemeente."
        ),
        error_messages={"invalid_choice": _("Kies een van uw eigen teams.")},
    )
    title = forms.CharField(label=_("Naam of plaats"), max_length=120, required=False)

    def __init__(self, *args, kinds, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.bases = {k.code: k.base for k in kinds}
        self.fields["kind"].choices = [(k.code, k.name) for k in kinds]
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Kies een soort overleg uit de lijst."
        )
        self.fields["team"].queryset = actor.teams.filter(municipality=actor.municipality)
        self.fields["held_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind")
            and self.bases.get(cleaned["kind"]) != BaseKind.CASE_TABLE
            and not cleaned.get("team")
            and not self.has_error("team")
        ):
            self.add_error("team", _("Kies het team van dit overleg."))
        return cleaned


class KindForm(StabielForm):
    """An own kind of meeting (the functional administrator)."""

    name = forms.CharField(
        label=_("Naam van het overleg"),
        max_length=80,
        help_text=_("Bijvoorbeeld 'Wekelijkse tafel Veilig Thuis-meldingen' of 'Intakeoverleg'."),
        error_messages={
            "required": _("Geef het overleg een naam."),
            "max_length": _("De naam is te lang: hooguit 80 tekens."),
        },
    )
    seats = forms.CharField(
        label=_("Wie zit er aan tafel?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld 'het team, de veiligheidsspecialist en Veilig Thuis'."),
        error_messages={
            "required": _("Schrijf op wie er aan tafel zit."),
            "max_length": _("Deze tekst is te lang: hooguit 300 tekens."),
        },
    )
    personal_data = forms.TypedChoiceField(
        label=_("Mogen namen en persoonsgegevens aan tafel?"),
        choices=[
            ("ja", _("Ja: het overleg is van één team, alleen dat team ziet om wie het gaat")),
            (
                "nee",
                _("Nee: zoals de casustafel, zonder naam, BSN of kenmerk, voor de hele gemeente"),
            ),
        ],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        help_text=_("Dit staat vast zodra het overleg bestaat."),
        error_messages={
            "required": _("Kies of namen aan tafel mogen."),
            "invalid_choice": _("Kies ja of nee."),
        },
    )


class KindEditForm(StabielForm):
    name = KindForm.base_fields["name"]
    seats = KindForm.base_fields["seats"]
    active = forms.BooleanField(
        label=_("In gebruik"),
        required=False,
        help_text=_("Uit gebruik: geen nieuwe overleggen van deze soort. Eerdere blijven."),
    )


class ParticipantForm(StabielForm):
    party = forms.CharField(
        label=_("Partij"),
        max_length=120,
        help_text=_("Bijvoorbeeld woningcorporatie, wijkteam, ggz, huisarts of politie."),
        error_messages={"required": _("Vul de partij in.")},
    )
    name = forms.CharField(
        label=_("Naam van de deelnemer"),
        max_length=120,
        error_messages={"required": _("Vul de naam van de deelnemer in.")},
    )
    mandate = forms.CharField(
        label=_("Mandaat"),
        max_length=300,
        required=False,
        help_text=_("Wat mag deze deelnemer zelf beslissen?"),
    )


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Casus %(household)s (%(team)s), open sinds %(day)s") % {
            "household": obj.household.label,
            "team": obj.team.name,
            "day": obj.opened_on.strftime("%d-%m-%Y"),
        }


class BringCaseForm(StabielForm):
    case = CaseChoiceField(
        label=_("Welke casus zit vast?"),
        queryset=None,
        empty_label=_("Kies een casus"),
        help_text=_("Alleen open casussen van uw eigen team. De tafel ziet niet welke het is."),
        error_messages={
            "required": _("Kies een open casus van uw eigen team."),
            "invalid_choice": _("Kies een open casus van uw eigen team."),
        },
    )
    summary = forms.CharField(
        label=_("Samenvatting voor de tafel"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=ANONYMOUS_HELP,
        error_messages={"required": _("Schrijf een korte samenvatting voor de tafel.")},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class PutForwardForm(StabielForm):
    household = HouseholdPickField()
    put_forward_by = forms.CharField(
        label=_("Wie brengt de bewoner in?"),
        max_length=120,
        required=False,
        help_text=_("De partij, bijvoorbeeld huisarts, wijkagent of huismeester."),
    )
    summary = forms.CharField(
        label=_("Wat speelt er, en wat is de vraag aan het overleg?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Alleen wat nodig is om te helpen. Geen medische details."),
        error_messages={"required": _("Schrijf kort op wat er speelt.")},
    )


class DecisionForm(StabielForm):
    breakthrough = forms.CharField(
        label=_("Welke doorbraak is besloten?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf op welke doorbraak is besloten.")},
    )
    reasoning = forms.CharField(
        label=_("Waarom: de afweging"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zo wordt maatwerk geen willekeur: waarom hier wel, en wanneer niet?"),
        error_messages={"required": _("Schrijf op waarom: de afweging.")},
    )
    household_involvement = forms.CharField(
        label=_("Hoe deed het huishouden mee?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat wil het huishouden zelf, en wat doet het zelf?"),
        error_messages={"required": _("Schrijf op hoe het huishouden meedeed of meedacht.")},
    )
    follow_up_on = DutchDateField(
        label=_("Opvolgen in het overleg van"),
        help_text=_("Het eerstvolgende overleg na deze datum bespreekt hoe het ging."),
        error_messages={"required": _("Kies wanneer het volgende overleg dit opvolgt.")},
    )
    lesson = forms.CharField(
        label=_("Les voor anderen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Komt in de lijst met maatwerkoplossingen waar anderen van leren. "
            "Zonder naam, BSN of kenmerk."
        ),
    )


class EstimateForm(StabielForm):
    custom_solution_cost = forms.DecimalField(
        label=_("Kosten van de maatwerkoplossing (euro)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={
            "invalid": _("Vul een bedrag in, bijvoorbeeld 1250."),
            "min_value": _("De kosten van de oplossing kunnen niet negatief zijn."),
            "max_digits": _("Dit bedrag is te groot."),
            "max_decimal_places": _("Gebruik hooguit twee cijfers achter de komma."),
        },
    )

    def __init__(self, *args, figures, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = figures
        current = {line.figure_id: line.quantity for line in lines}
        for figure in figures:
            self.fields[f"figure_{figure.pk}"] = forms.IntegerField(
                label=_("%(label)s: hoe vaak (%(unit)s, € %(amount)s)")
                % {
                    "label": figure.label,
                    "unit": figure.unit,
                    "amount": number_format(figure.amount, 0, force_grouping=True),
                },
                required=False,
                min_value=0,
                max_value=999,
                initial=current.get(figure.pk, 0),
                error_messages={
                    "invalid": _("Vul een heel getal in."),
                    "min_value": _("Vul een aantal tussen 0 en 999 in."),
                    "max_value": _("Vul een aantal tussen 0 en 999 in."),
                },
            )

    def quantities(self) -> dict[int, int]:
        return {f.pk: self.cleaned_data.get(f"figure_{f.pk}") or 0 for f in self.figures}


class AgreementForm(StabielForm):
    what = forms.CharField(
        label=_("Wat gebeurt er?"),
        max_length=300,
        error_messages={"required": _("Schrijf op wat er gebeurt.")},
    )
    owner = forms.CharField(
        label=_("Wie doet het?"),
        max_length=120,
        help_text=_("Een partij of functie, bijvoorbeeld 'corporatie' of 'casusregisseur'."),
        error_messages={
            "required": _("Een afspraak zonder eigenaar gebeurt niet: vul in wie het doet.")
        },
    )
    due_on = DutchDateField(
        label=_("Op zijn laatst"), error_messages={"required": _("Kies wanneer het klaar is.")}
    )


class FollowUpForm(StabielForm):
    item = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Hoe staat het ervoor?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf op hoe het ervoor staat.")},
    )
    next_follow_up_on = DutchDateField(
        label=_("Nog een keer opvolgen op"),
        required=False,
        help_text=_("Leeg laten als het klaar is."),
    )


class CostFiguresForm(StabielForm):
    def __init__(self, *args, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = figures
        for figure in figures:
            self.fields[f"amount_{figure.pk}"] = forms.DecimalField(
                label=_("%(label)s, bedrag in euro %(unit)s")
                % {"label": figure.label, "unit": figure.unit},
                min_value=0,
                max_digits=10,
                decimal_places=2,
                initial=figure.amount,
                error_messages={
                    "required": _("Vul een bedrag in."),
                    "invalid": _("Vul een bedrag in, bijvoorbeeld 1250."),
                    "min_value": _("Een bedrag kan niet negatief zijn."),
                    "max_digits": _("Dit bedrag is te groot."),
                    "max_decimal_places": _("Gebruik hooguit twee cijfers achter de komma."),
                },
            )
            self.fields[f"source_{figure.pk}"] = forms.CharField(
                label=_("%(label)s, waar komt het bedrag vandaan?") % {"label": figure.label},
                max_length=300,
                initial=figure.source,
                help_text=_("Een publicatie, of 'lokale instelling'."),
                error_messages={
                    "required": _(
                        "Zeg waar het bedrag vandaan komt, of schrijf 'lokale instelling'."
                    )
                },
            )

    def values(self) -> dict:
        return {
            f.pk: (self.cleaned_data[f"amount_{f.pk}"], self.cleaned_data[f"source_{f.pk}"])
            for f in self.figures
        }


class ThemeForm(StabielForm):
    """A recurring theme: a pillar and a life domain of the catalogue."""

    pillar = forms.TypedChoiceField(
        label=_("Pijler"),
        coerce=int,
        error_messages={
            "required": _("Kies een pijler uit de lijst."),
            "invalid_choice": _("Kies een pijler uit de lijst."),
        },
    )
    life_domain = forms.TypedChoiceField(
        label=_("Levensgebied"),
        coerce=int,
        error_messages={
            "required": _("Kies een levensgebied uit de lijst."),
            "invalid_choice": _("Kies een levensgebied uit de lijst."),
        },
    )

    def __init__(self, *args, pillars, life_domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = [("", _("Kies een pijler"))] + [
            (p.pk, p.display_name) for p in pillars
        ]
        self.fields["life_domain"].choices = [("", _("Kies een levensgebied"))] + [
            (d.pk, d.display_name) for d in life_domains
        ]
