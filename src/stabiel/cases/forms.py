"""Forms for triage, the case, the broad look, the plan and follow-up. Services do the checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.catalogue.models import LifeDomain, LifeEvent, ProvisionType
from stabiel.catalogue.queries import items_for
from stabiel.core.forms import StabielForm
from stabiel.residents.picking import HouseholdPickField
from stabiel.signals.forms import DutchDateField

from .models import Agreement, Contact, DomainAssessment, Triage
from .services import DEFAULT_WATCH_MONTHS, MAX_WATCH_MONTHS

CHOICE_ERRORS = {"invalid_choice": _("Kies een waarde uit de lijst.")}


def _date(label, help_text=None, required=True):
    return DutchDateField(
        label=label,
        required=required,
        help_text=help_text or _("Bijvoorbeeld 15-12-2026."),
        error_messages={"required": _("Kies een datum.")},
    )


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class TriageForm(StabielForm):
    urgency = forms.ChoiceField(
        label=_("Hoe dringend is het?"),
        choices=Triage.Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe dringend het is."), **CHOICE_ERRORS},
    )
    safety_concern = forms.BooleanField(
        label=_("Ik maak me zorgen over de veiligheid van iemand in dit huishouden"),
        required=False,
    )
    safety_note = forms.CharField(
        label=_("Waar maakt u zich zorgen over?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bij direct gevaar: bel 112. Bij zorgen over huiselijk geweld: Veilig Thuis."),
    )
    outcome = forms.ChoiceField(
        label=_("Wat gebeurt er nu?"),
        choices=Triage.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat er gebeurt."), **CHOICE_ERRORS},
    )
    taken_by = _UserChoice(
        label=_("Wie pakt het op?"),
        queryset=None,
        required=False,
        empty_label=_("Kies een collega"),
        help_text=_("Nodig bij huisbezoek of bellen. Deze persoon wordt casusregisseur."),
        error_messages={"invalid_choice": _("Deze persoon hoort niet bij het team.")},
    )
    partner_name = forms.CharField(
        label=_("Aan welke partner draagt u het over?"), required=False, max_length=120
    )
    reason = forms.CharField(
        label=_("Uitleg"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Verplicht bij overdragen, opgelost met eigen kracht of niets doen: dan sluit de "
            "melding af."
        ),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taken_by"].queryset = members


class CaseOpenForm(StabielForm):
    household_label = HouseholdPickField()
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=None,
        empty_label=None,
        error_messages={
            "invalid_choice": _("Kies een van uw teams."),
            "required": _("Kies een team."),
        },
    )
    case_lead = _UserChoice(
        label=_("Casusregisseur (staat naast het huishouden)"),
        queryset=None,
        error_messages={
            "invalid_choice": _("Kies een collega uit de lijst."),
            "required": _("Kies een casusregisseur."),
        },
    )

    def __init__(self, *args, teams, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["case_lead"].queryset = members


class LeadsForm(StabielForm):
    case_lead = _UserChoice(
        label=_("Casusregisseur"),
        queryset=None,
        help_text=_("Staat naast het huishouden en doet wat nodig is."),
        error_messages={
            "invalid_choice": _("Kies een collega uit het team."),
            "required": _("Kies een casusregisseur."),
        },
    )
    process_lead = _UserChoice(
        label=_("Procesregisseur"),
        queryset=None,
        required=False,
        empty_label=_("Geen (één organisatie)"),
        help_text=_(
            "Alleen als meer organisaties meedoen: coördineert en mag besluiten doorzetten."
        ),
        error_messages={"invalid_choice": _("Kies een collega uit de lijst.")},
    )

    def __init__(self, *args, members, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_lead"].queryset = members
        self.fields["process_lead"].queryset = leads


class AssessmentForm(StabielForm):
    life_domain = forms.ModelChoiceField(
        label=_("Levensgebied"),
        queryset=None,
        empty_label=_("Kies een levensgebied"),
        error_messages={
            "invalid_choice": _("Kies een levensgebied uit de lijst."),
            "required": _("Kies een levensgebied."),
        },
    )
    state = forms.ChoiceField(
        label=_("Hoe gaat het op dit gebied?"),
        choices=DomainAssessment.State.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies stabiel, onder druk of instabiel."), **CHOICE_ERRORS},
    )
    note = forms.CharField(
        label=_("Uitleg"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].queryset = items_for(
            municipality=municipality, model=LifeDomain
        ).order_by("number")


class LifeEventForm(StabielForm):
    life_event = forms.ModelChoiceField(
        label=_("Wat is er gebeurd?"),
        queryset=None,
        empty_label=_("Kies een gebeurtenis"),
        error_messages={
            "invalid_choice": _("Kies een gebeurtenis uit de lijst."),
            "required": _("Kies een gebeurtenis."),
        },
    )
    happened_on = _date(_("Wanneer?"))
    note = forms.CharField(
        label=_("Wat speelt er? (kort)"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld: opa woont sinds kort bij het gezin."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_event"].queryset = items_for(
            municipality=municipality, model=LifeEvent
        ).order_by("position", "name")


class GoalForm(StabielForm):
    text = forms.CharField(
        label=_("Doel, in de woorden van het huishouden"),
        max_length=300,
        help_text=_("Bijvoorbeeld: 'Ik wil weer rustig slapen zonder brieven op de mat.'"),
        error_messages={"required": _("Schrijf het doel op in de woorden van het huishouden.")},
    )
    life_domain = forms.ModelChoiceField(
        label=_("Levensgebied"),
        queryset=None,
        required=False,
        empty_label=_("Geen bepaald gebied"),
        error_messages={"invalid_choice": _("Kies een levensgebied uit de lijst.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].queryset = items_for(
            municipality=municipality, model=LifeDomain
        ).order_by("number")


class AgreementForm(StabielForm):
    what = forms.CharField(
        label=_("Wat gebeurt er?"),
        max_length=300,
        error_messages={"required": _("Schrijf op wat er gebeurt.")},
    )
    owner = forms.ChoiceField(
        label=_("Wie doet het?"),
        choices=Agreement.Owner.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wie het doet: het huishouden, de medewerker of een partner."),
            **CHOICE_ERRORS,
        },
    )
    owner_name = forms.CharField(
        label=_("Naam van wie het doet"),
        max_length=120,
        required=False,
        help_text=_(
            "Bijvoorbeeld 'mevrouw Jansen' of 'Woningstichting'. Leeg bij de medewerker: de casusregisseur."
        ),
    )
    due_on = _date(_("Wanneer is het klaar?"))
    goal = forms.ModelChoiceField(
        label=_("Hoort bij doel"),
        queryset=None,
        required=False,
        empty_label=_("Geen bepaald doel"),
        error_messages={"invalid_choice": _("Kies een doel van deze casus.")},
    )
    life_domain = forms.ModelChoiceField(
        label=_("Levensgebied"),
        queryset=None,
        required=False,
        empty_label=_("Zelfde als het doel"),
        error_messages={"invalid_choice": _("Kies een levensgebied uit de lijst.")},
    )
    provision_type = forms.ModelChoiceField(
        label=_("Soort voorziening uit de sociale kaart"),
        queryset=None,
        required=False,
        empty_label=_("Geen voorziening"),
        error_messages={"invalid_choice": _("Kies een voorziening uit de lijst.")},
    )

    def __init__(self, *args, municipality, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["life_domain"].queryset = items_for(
            municipality=municipality, model=LifeDomain
        ).order_by("number")
        self.fields["provision_type"].queryset = items_for(
            municipality=municipality, model=ProvisionType
        ).order_by("life_domain__number", "name")


class AgreementStatusForm(StabielForm):
    status = forms.ChoiceField(
        label=_("Stand"), choices=Agreement.Status.choices, error_messages=CHOICE_ERRORS
    )


class ContactPlanForm(StabielForm):
    kind = forms.ChoiceField(
        label=_("Soort contact"),
        choices=[
            (Contact.Kind.VISIT, Contact.Kind.VISIT.label),
            (Contact.Kind.CALL, Contact.Kind.CALL.label),
        ],
        error_messages={"required": _("Kies een soort contact."), **CHOICE_ERRORS},
    )
    due_on = _date(_("Wanneer?"))
    worker = _UserChoice(
        label=_("Wie gaat?"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een collega uit het team.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = members


class ContactRecordForm(StabielForm):
    kind = forms.ChoiceField(
        label=_("Soort contact"),
        choices=Contact.Kind.choices,
        error_messages={"required": _("Kies een soort contact."), **CHOICE_ERRORS},
    )
    done_on = _date(_("Wanneer was het?"))
    note = forms.CharField(
        label=_("Wat is er besproken?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf kort op wat er besproken is.")},
    )
    still_stable = forms.NullBooleanField(
        label=_("Gaat het nog goed?"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Niet gevraagd")), ("true", _("Ja")), ("false", _("Nee"))]
        ),
    )


PER_CHOICES = [
    ("week", _("per week")),
    ("month", _("per maand")),
    ("quarter", _("per kwartaal")),
]


class CheckInScheduleForm(StabielForm):
    """ "1 keer per maand, 3 maanden lang", then "1 keer per kwartaal, 2 kwartalen lang"."""

    first_on = _date(_("Eerste waakvlamcontact op"))
    times = forms.IntegerField(
        label=_("Hoeveel keer?"),
        min_value=1,
        max_value=24,
        initial=1,
        required=True,
        help_text=_("3 keer per maand: drie contacten in elke maand."),
        error_messages={
            "required": _("Vul een aantal in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul %(limit_value)s of meer in."),
            "max_value": _("Hoogstens %(limit_value)s."),
        },
    )
    per = forms.ChoiceField(
        label=_("Per"),
        choices=PER_CHOICES,
        initial="month",
        error_messages={
            "required": _("Kies per week, per maand of per kwartaal."),
            **CHOICE_ERRORS,
        },
    )
    periods = forms.IntegerField(
        label=_("Hoe lang? (aantal weken, maanden of kwartalen)"),
        min_value=1,
        max_value=24,
        initial=3,
        required=True,
        error_messages={
            "required": _("Vul een aantal in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul %(limit_value)s of meer in."),
            "max_value": _("Hoogstens %(limit_value)s."),
        },
    )
    then_times = forms.IntegerField(
        label=_("Daarna hoeveel keer? (0: niets daarna)"),
        min_value=0,
        max_value=24,
        initial=1,
        required=False,
        error_messages={
            "required": _("Vul een aantal in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul %(limit_value)s of meer in."),
            "max_value": _("Hoogstens %(limit_value)s."),
        },
    )
    then_per = forms.ChoiceField(
        label=_("Daarna per"),
        choices=PER_CHOICES,
        initial="quarter",
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    then_periods = forms.IntegerField(
        label=_("Daarna hoe lang? (0: niets daarna)"),
        min_value=0,
        max_value=24,
        initial=2,
        required=False,
        error_messages={
            "required": _("Vul een aantal in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul %(limit_value)s of meer in."),
            "max_value": _("Hoogstens %(limit_value)s."),
        },
    )
    worker = _UserChoice(
        label=_("Wie houdt contact?"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een collega uit het team.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = members
        for name in ("per", "then_per"):
            self.fields[name].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


class ReopenForm(StabielForm):
    reason = forms.CharField(
        label=_("Waarom opent u de casus weer?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf op waarom u de casus weer opent."),
            "max_length": _("Schrijf de reden in hoogstens %(limit_value)d tekens."),
        },
    )


class CaseSettingsForm(StabielForm):
    require_broad_look = forms.BooleanField(
        label=_("De brede blik is gedaan: elk kernlevensgebied is beoordeeld"), required=False
    )
    require_goal = forms.BooleanField(label=_("Het plan heeft minstens één doel"), required=False)
    require_agreements_settled = forms.BooleanField(
        label=_("Elke afspraak is gedaan of afgerond als 'niet gelukt'"), required=False
    )
    require_contact = forms.BooleanField(
        label=_("Er is minstens één contact met het huishouden vastgelegd"), required=False
    )


class CloseForm(StabielForm):
    well_landed = forms.ChoiceField(
        label=_("Hoe sluit u af?"),
        choices=[
            ("yes", _("Goed geland: de afspraken zijn nagekomen en het huishouden is stabiel")),
            ("no", _("Om een andere reden (bijvoorbeeld verhuisd, of wil geen hulp meer)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe u afsluit."), **CHOICE_ERRORS},
    )
    agreements_kept = forms.BooleanField(
        label=_("Ik heb nagekeken: de afspraken zijn nagekomen"), required=False
    )
    situation_stable = forms.BooleanField(
        label=_("Ik heb nagekeken: het huishouden is stabiel op alle levensgebieden"),
        required=False,
    )
    watch_months = forms.IntegerField(
        label=_("Hoeveel maanden letten we op terugval?"),
        min_value=1,
        max_value=MAX_WATCH_MONTHS,
        initial=DEFAULT_WATCH_MONTHS,
        required=False,
        help_text=_(
            "Een nieuw signaal in deze periode geeft een melding 'mogelijke terugval'. "
            "De publicaties noemen geen termijn: dit is een afspraak van uw gemeente."
        ),
        error_messages={
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Kies 1 maand of meer."),
            "max_value": _("Kies hoogstens %(limit_value)s maanden."),
        },
    )
    reason = forms.CharField(
        label=_("Waarom sluit u de casus af?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf op waarom u de casus afsluit.")},
    )


class NoFieldsForm(StabielForm):
    """A button that only confirms (the register notices seen)."""


class _AlertChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.household.label}: {obj.rule.title}"


class BulkAssignForm(StabielForm):
    """Give several unassigned alerts to one worker at once (the team lead's workload)."""

    alerts = _AlertChoice(
        label=_("Meldingen"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één melding."),
            "invalid_choice": _("Een van de meldingen is al verdeeld of niet van uw team."),
            "invalid_pk_value": _("Een van de meldingen is al verdeeld of niet van uw team."),
        },
    )
    assignee = _UserChoice(
        label=_("Geven aan"),
        queryset=None,
        empty_label=_("Kies een medewerker"),
        error_messages={
            "required": _("Kies de medewerker die de meldingen krijgt."),
            "invalid_choice": _("Kies een medewerker uit de lijst."),
        },
    )

    def __init__(self, *args, alerts, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alerts"].queryset = alerts
        self.fields["assignee"].queryset = members
