"""Forms of the safety part: parsing and field messages. The services do the checks."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm
from stabiel.signals.forms import DutchDateField

from .models import (
    Consent,
    CoreDecision,
    EscalationLevel,
    FreeBudgetSpend,
    MeldcodeStep,
    MemberSafety,
    Review,
)

CHOICE_ERRORS = {
    "invalid_choice": _("Kies een waarde uit de lijst."),
    "required": _("Maak een keuze."),
}


def _date(label, required=True, help_text=None):
    return DutchDateField(
        label=label,
        required=required,
        widget=forms.DateInput(format="%d-%m-%Y"),
        help_text=help_text or _("Bijvoorbeeld 15-12-2026."),
        error_messages={"required": _("Kies een datum.")},
    )


def _text(label, max_length, required=True, rows=None, help_text=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        help_text=help_text,
        error_messages={
            "required": _("Dit veld is verplicht."),
            "max_length": _("Deze tekst is te lang: hooguit %(limit_value)d tekens."),
        },
    )


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ConfirmForm(StabielForm):
    """A button without fields (confirm, revoke, end)."""


class MeldcodeStepForm(StabielForm):
    prefix = "step"
    kind = forms.ChoiceField(
        label=_("Welke stap?"), choices=MeldcodeStep.Kind.choices, error_messages=CHOICE_ERRORS
    )
    happened_on = _date(_("Wanneer?"))
    consulted = _text(
        _("Wie heeft u geraadpleegd?"),
        200,
        required=False,
        help_text=_(
            "Bij stap 2: bijvoorbeeld de veiligheidsspecialist van het team, of Veilig Thuis (advies)."
        ),
    )
    note = _text(_("Aantekening"), 2000, required=False, rows=3)
    decision = forms.ChoiceField(
        label=_("Besluit (alleen bij stap 5)"),
        choices=[("", _("—")), *MeldcodeStep.Decision.choices],
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    reported_on = _date(
        _("Melding gedaan op"),
        required=False,
        help_text=_(
            "U meldt via het eigen kanaal van Veilig Thuis. Hier legt u alleen vast dat en wanneer u meldde."
        ),
    )


class MemberSafetyForm(StabielForm):
    prefix = "member"
    person = forms.TypedChoiceField(label=_("Bewoner"), coerce=int, error_messages=CHOICE_ERRORS)
    level = forms.ChoiceField(
        label=_("Hoe veilig?"), choices=MemberSafety.Level.choices, error_messages=CHOICE_ERRORS
    )
    seen_on = _date(_("Bekeken op"))
    note = _text(_("Uitleg"), 500, required=False, rows=2)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(m.person_id, m.person.label) for m in members]


class SafetyPlanForm(StabielForm):
    prefix = "plan"
    agreements = _text(_("Wat is afgesproken om iedereen veilig te houden?"), 3000, rows=4)
    when_wrong = _text(_("Wie doet wat als het misgaat?"), 2000, rows=3)
    made_with = _text(
        _("Met wie is het plan gemaakt?"),
        300,
        help_text=_("Het huishouden en zijn netwerk, bijvoorbeeld: moeder, oma, buurvrouw."),
    )
    review_on = _date(_("Wanneer bekijken we het plan opnieuw?"))


class ConsultForm(StabielForm):
    prefix = "consult"
    adviser = _UserChoice(
        label=_("Aan wie?"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Kies een veiligheidsspecialist."),
            "invalid_choice": _("Kies een veiligheidsspecialist van dit team."),
        },
    )
    question = _text(_("Wat is er niet pluis, en wat wilt u weten?"), 2000, rows=3)

    def __init__(self, *args, advisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers


class AdviceForm(StabielForm):
    prefix = "advice"
    advice = _text(_("Uw advies"), 3000, rows=3)


class CoreDecisionForm(StabielForm):
    prefix = "decision"
    kind = forms.ChoiceField(
        label=_("Welk besluit?"), choices=CoreDecision.Kind.choices, error_messages=CHOICE_ERRORS
    )
    reasoning = _text(_("Uw afweging"), 2000, rows=3)


class PartyForm(StabielForm):
    prefix = "party"
    offering = forms.TypedChoiceField(
        label=_("Uit de inventarisatie van voorzieningen"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "Staat de organisatie in de inventarisatie van uw regio? Kies dan het aanbod: naam, "
            "rol en contact worden overgenomen als u ze leeg laat."
        ),
        error_messages=CHOICE_ERRORS,
    )
    organisation = _text(
        _("Organisatie"),
        200,
        required=False,
        help_text=_("Niet in de inventarisatie? Typ dan de naam."),
    )
    role = _text(
        _("Rol"),
        200,
        required=False,
        help_text=_("Bijvoorbeeld: ambulante jeugdhulp, schuldhulp, huisarts."),
    )
    since = _date(_("Betrokken sinds"))
    contact = _text(
        _("Contact"), 200, required=False, help_text=_("Telefoon of e-mail van de organisatie.")
    )
    care_worker = _text(_("Hulpverlener"), 200, required=False)

    field_order = ["offering", "organisation", "role", "since", "contact", "care_worker"]

    def __init__(self, *args, offerings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offering"].choices = [("", _("Niet uit de inventarisatie"))] + [
            (o.id, f"{o.provider_name}: {o.name}") for o in offerings
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            not self.has_error("offering")
            and cleaned.get("offering") is None
            and not cleaned.get("organisation")
            and not self.has_error("organisation")
        ):
            self.add_error(
                "organisation", _("Kies de organisatie uit de inventarisatie, of typ de naam.")
            )
        if (
            cleaned.get("offering") is None
            and not cleaned.get("role")
            and not self.has_error("role")
            and not self.has_error("offering")
        ):
            self.add_error("role", _("Vul de rol in."))
        return cleaned


class _PartyChoiceForm(StabielForm):
    party = forms.TypedChoiceField(label=_("Organisatie"), coerce=int, error_messages=CHOICE_ERRORS)

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(p.pk, p.organisation) for p in parties]


class CareWorkerForm(_PartyChoiceForm):
    prefix = "worker"
    care_worker = _text(_("Nieuwe hulpverlener"), 200)
    from_on = _date(_("Vanaf"))


class ConsentForm(_PartyChoiceForm):
    prefix = "consent"
    purpose = forms.ChoiceField(
        label=_("Waarvoor?"), choices=Consent.Purpose.choices, error_messages=CHOICE_ERRORS
    )
    given_by = _text(
        _("Wie gaf toestemming?"), 200, help_text=_("Bijvoorbeeld: moeder, namens het gezin.")
    )
    given_on = _date(_("Gegeven op"))
    ends_on = _date(_("Geldig tot en met"))


class ProgressForm(_PartyChoiceForm):
    prefix = "progress"
    text = _text(_("Voortgang, geschreven voor deze partij"), 4000, rows=4)


class EscalateForm(StabielForm):
    prefix = "escalate"
    reason = _text(_("Waarom opschalen?"), 500, rows=2)


class DeescalateForm(StabielForm):
    prefix = "deescalate"
    note = _text(_("Hoe is het opgelost?"), 500, rows=2)


class LevelForm(StabielForm):
    prefix = "level"
    kind = forms.ChoiceField(
        label=_("Wat voor trede?"),
        choices=EscalationLevel.Kind.choices,
        initial=EscalationLevel.Kind.PEOPLE,
        required=False,  # left out: people in the line, as every rung was before
        error_messages=CHOICE_ERRORS,
        help_text=_(
            "Ook de casustafel en de maatwerktafel kunnen een trede zijn: daar komt een "
            "vastgelopen casus op tafel."
        ),
    )
    name = _text(
        _("Naam van de trede"),
        120,
        help_text=_("Bijvoorbeeld: teamleider, management, bestuurders."),
    )
    agreed_days = forms.IntegerField(
        label=_("Afgesproken tijd in dagen"),
        min_value=1,
        max_value=365,
        error_messages={
            "required": _("Vul een aantal dagen in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Kies een tijd van 1 tot en met 365 dagen."),
            "max_value": _("Kies een tijd van 1 tot en met 365 dagen."),
        },
    )

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or EscalationLevel.Kind.PEOPLE


class SampleSizeForm(StabielForm):
    prefix = "size"
    review_sample_size = forms.IntegerField(
        label=_("Hoeveel afgesloten casussen per jaar in de steekproef?"),
        min_value=1,
        max_value=500,
        error_messages={
            "required": _("Vul een aantal in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Kies een steekproef van 1 tot en met 500 casussen."),
            "max_value": _("Kies een steekproef van 1 tot en met 500 casussen."),
        },
    )


YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]


class ReviewForm(StabielForm):
    prefix = "review"
    safety_in_view = forms.ChoiceField(
        label=_("Was veiligheid in beeld?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )
    household_involved = forms.ChoiceField(
        label=_("Was het huishouden zelf betrokken?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )
    landed = forms.ChoiceField(
        label=_("Is het goed geland?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )
    finding = _text(
        _("Bevinding"),
        1000,
        required=False,
        rows=3,
        help_text=_(
            "Wat kan het systeem hiervan leren? Schrijf geen namen of kenmerken van het huishouden."
        ),
    )


class CalamityForm(StabielForm):
    prefix = "calamity"
    occasion = _text(
        _("Wat is er gebeurd?"),
        1000,
        rows=3,
        help_text=_("Kort en zonder namen: wat ging er mis, en wanneer."),
    )


class ShareForm(StabielForm):
    prefix = "share"
    shared_as = forms.ChoiceField(
        label=_("Wat wordt het?"),
        choices=[
            (Review.SharedAs.MEASURE.value, Review.SharedAs.MEASURE.label),
            (Review.SharedAs.FLAG.value, Review.SharedAs.FLAG.label),
        ],
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )
    title = _text(_("Korte titel"), 200)


class EuroField(forms.CharField):
    """An amount in euros as people write it ("12,50", "€ 1.250", "40") -> whole cents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        text = text.replace("€", "").replace(" ", "").replace("\u00a0", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")  # Dutch: 1.250,50
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")  # Dutch thousands: 2.500 is two and a half thousand
        if not re.fullmatch(r"\d{1,9}(\.\d{1,2})?", text):
            raise forms.ValidationError(
                _("Vul een bedrag in euro in, bijvoorbeeld 25 of 12,50."), code="invalid"
            )
        cents = int((Decimal(text) * 100).to_integral_value())
        if cents < 1:
            raise forms.ValidationError(_("Het bedrag moet meer dan 0 euro zijn."), code="min")
        if cents > 100_000_000:
            raise forms.ValidationError(_("Dit bedrag is te groot."), code="max")
        return cents


class FreeBudgetForm(StabielForm):
    """The team lead sets the team's free budget for a year."""

    prefix = "budget"
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, error_messages=CHOICE_ERRORS)
    year = forms.IntegerField(
        label=_("Jaar"),
        error_messages={"required": _("Vul een jaar in."), "invalid": _("Vul een jaartal in.")},
    )
    amount_cents = EuroField(
        label=_("Bedrag voor het hele jaar (euro)"),
        error_messages={"required": _("Vul een bedrag in.")},
    )
    purposes = forms.CharField(
        label=_("Waar is het geld voor? Spreek dit samen met het team af."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld: voorkomen dat problemen erger worden, hulp of behandeling mogelijk "
            "maken, stress verminderen."
        ),
        error_messages={"required": _("Schrijf op waar het geld voor is.")},
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t.pk, t.name) for t in teams]


class FreeBudgetSpendForm(StabielForm):
    """A worker writes down what was bought or paid from the team's budget."""

    prefix = "spend"
    budget = forms.TypedChoiceField(label=_("Budget"), coerce=int, error_messages=CHOICE_ERRORS)
    spent_on = DutchDateField(label=_("Datum"), error_messages={"required": _("Vul een datum in.")})
    amount_cents = EuroField(
        label=_("Bedrag (euro)"), error_messages={"required": _("Vul een bedrag in.")}
    )
    purpose = forms.ChoiceField(
        label=_("Waarvoor?"),
        choices=FreeBudgetSpend.Purpose.choices,
        error_messages={"required": _("Kies waarvoor."), **CHOICE_ERRORS},
    )
    what = forms.CharField(
        label=_("Wat is er gekocht of betaald?"),
        max_length=200,
        help_text=_(
            "Bijvoorbeeld: een OV-kaart om naar de behandeling te kunnen. Zonder naam, BSN, "
            "huishoudcode of adres."
        ),
        error_messages={"required": _("Schrijf op wat er gekocht of betaald is.")},
    )

    def __init__(self, *args, budgets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].choices = [(b.pk, f"{b.team.name} {b.year}") for b in budgets]


class FreeBudgetEvaluationForm(StabielForm):
    """After the year: was the money spent, and how? Without names."""

    prefix = "evaluation"
    budget = forms.TypedChoiceField(label=_("Budget"), coerce=int, error_messages=CHOICE_ERRORS)
    text = forms.CharField(
        label=_("Terugblik: is het geld besteed, en hoe? Wat leerde het team ervan?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf de terugblik op.")},
    )

    def __init__(self, *args, budgets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].choices = [(b.pk, f"{b.team.name} {b.year}") for b in budgets]
