"""The period and breakdown of the figure pages, read from the query string."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.core import anonymity
from stabiel.core.forms import StabielForm

from .models import ExperienceScale, StoryKind, StoryVoice
from .outcomes import Breakdown
from .queries import StoryFilters
from .services import STORY_MAX_LENGTH

FIRST_YEAR = 2015


class PeriodForm(forms.Form):
    jaar = forms.IntegerField(
        label=_("Jaar"),
        required=False,
        error_messages={"invalid": _("Vul een jaar in als getal, bijvoorbeeld 2026.")},
    )
    indeling = forms.ChoiceField(
        label=_("Indeling"),
        required=False,
        choices=[(b.value, b.value) for b in Breakdown],
        error_messages={"invalid_choice": _("Kies een indeling uit de lijst.")},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_jaar(self):
        year = self.cleaned_data.get("jaar")
        if year is None:
            return self.today.year
        if not FIRST_YEAR <= year <= self.today.year:
            raise forms.ValidationError(
                _("Kies een jaar van %(first)s tot en met %(last)s.")
                % {"first": FIRST_YEAR, "last": self.today.year}
            )
        return year

    def period(self) -> tuple[int, Breakdown, list[str]]:
        """(year, breakdown, messages): bad input falls back to this year and per team."""
        valid = self.is_valid()
        data = self.cleaned_data if valid else {}
        messages = [str(e) for errors in self.errors.values() for e in errors]
        year = data.get("jaar") or self.today.year
        breakdown = Breakdown(data["indeling"]) if data.get("indeling") else Breakdown.TEAM
        if not valid:
            year = self.cleaned_data.get("jaar") or self.today.year
            choice = self.cleaned_data.get("indeling")
            breakdown = Breakdown(choice) if choice else Breakdown.TEAM
        return year, breakdown, messages


class CompareForm(forms.Form):
    """Which figure and year the comparison page shows, from the query string."""

    cijfer = forms.ChoiceField(
        label=_("Cijfer"),
        required=False,
        choices=[],
        error_messages={
            "invalid_choice": _("Dat cijfer kennen we niet. Kies een cijfer uit de lijst.")
        },
    )
    jaar = PeriodForm.base_fields["jaar"]

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        from .queries import figure_choices

        self.today = today
        self.fields["cijfer"].choices = figure_choices()

    clean_jaar = PeriodForm.clean_jaar

    def choice(self) -> tuple[str, int, list[str]]:
        """(figure code, year, messages): bad input falls back to the first figure, this year."""
        self.is_valid()
        messages = [str(e) for errors in self.errors.values() for e in errors]
        code = self.cleaned_data.get("cijfer") or self.fields["cijfer"].choices[0][0]
        year = self.cleaned_data.get("jaar") or self.today.year
        return code, year, messages


class CompareSettingForm(forms.Form):
    meedoen = forms.ChoiceField(
        label=_("Zet onze uitkomsten naast die van andere gemeenten"),
        choices=[
            ("ja", _("Ja, we doen mee")),
            ("nee", _("Nee, we doen niet mee")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of uw gemeente meedoet."),
            "invalid_choice": _("Kies ja of nee."),
        },
    )


# Story points and the experience questions -------------------------------------------------------


class StoryForm(StabielForm):
    """A story beside the numbers. The service checks it again and stores it."""

    kind = forms.ChoiceField(
        label=_("Wat voor verhaal is het?"),
        choices=[
            (StoryKind.WENT_WELL.value, StoryKind.WENT_WELL.label),
            (StoryKind.IN_THE_WAY.value, StoryKind.IN_THE_WAY.label),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wat voor verhaal het is."),
            "invalid_choice": _("Kies wat voor verhaal het is."),
        },
    )
    text = forms.CharField(
        label=_("Het verhaal"),
        help_text=_(
            "Kort en anoniem: geen naam, geen BSN, geen huishoudcode (HH-…) en geen adres. "
            "Schrijf bijvoorbeeld 'een moeder' of 'de bewoner'. Hooguit 1200 tekens."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": STORY_MAX_LENGTH}),
        max_length=STORY_MAX_LENGTH,
        error_messages={
            "required": _("Schrijf hier uw verhaal."),
            "max_length": _("Houd het kort: hooguit %(limit_value)d tekens."),
        },
    )
    for_resident = forms.TypedChoiceField(
        label=_("Wie vertelt?"),
        choices=[
            ("0", _("Ikzelf")),
            ("1", _("Een inwoner: ik schrijf op wat hij of zij vertelde")),
        ],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies wie het verhaal vertelt.")},
    )
    pillar = forms.TypedChoiceField(
        label=_("Pijler van het stabiliteitsmodel"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Kies een pijler uit de lijst.")},
    )
    route_step = forms.TypedChoiceField(
        label=_("Stap van de route"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Kies een stap van de route uit de lijst.")},
    )
    rule_code = forms.ChoiceField(
        label=_("Regel"),
        required=False,
        error_messages={"invalid_choice": _("Kies een regel uit de lijst.")},
    )

    def __init__(self, *args, pillars, steps, rules, **kwargs):
        super().__init__(*args, **kwargs)
        empty = [("", _("(geen)"))]
        self.fields["pillar"].choices = empty + [(str(pk), name) for pk, name in pillars]
        self.fields["route_step"].choices = empty + [(str(n), label) for n, label in steps]
        self.fields["rule_code"].choices = empty + list(rules)


class StoryFilterForm(StabielForm):
    """The filters of the story list, read from the query string; bad values are ignored."""

    jaar = forms.IntegerField(label=_("Jaar"), required=False)
    pijler = forms.TypedChoiceField(label=_("Pijler"), required=False, coerce=int)
    stap = forms.TypedChoiceField(label=_("Stap van de route"), required=False, coerce=int)
    regel = forms.ChoiceField(label=_("Regel"), required=False)
    wie = forms.ChoiceField(label=_("Wie vertelt"), required=False)
    soort = forms.ChoiceField(label=_("Soort verhaal"), required=False)

    def __init__(self, *args, pillars, steps, rules, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        everything = [("", _("Alle"))]
        self.fields["pijler"].choices = everything + [(str(pk), name) for pk, name in pillars]
        self.fields["stap"].choices = everything + [(str(n), label) for n, label in steps]
        self.fields["regel"].choices = everything + list(rules)
        self.fields["wie"].choices = everything + list(StoryVoice.choices)
        self.fields["soort"].choices = everything + list(StoryKind.choices)

    def clean_jaar(self):
        year = self.cleaned_data.get("jaar")
        if year is not None and not FIRST_YEAR <= year <= self.today.year:
            raise forms.ValidationError(
                _("Kies een jaar van %(first)s tot en met %(last)s.")
                % {"first": FIRST_YEAR, "last": self.today.year}
            )
        return year

    def filters(self) -> tuple[StoryFilters, list[str]]:
        self.is_valid()
        data = self.cleaned_data
        messages = [str(e) for errors in self.errors.values() for e in errors]
        return (
            StoryFilters(
                year=data.get("jaar"),
                pillar_id=data.get("pijler") or None,
                route_step=data.get("stap") if data.get("stap") not in ("", None) else None,
                rule_code=data.get("regel") or "",
                voice=data.get("wie") or "",
                kind=data.get("soort") or "",
            ),
            messages,
        )


class ExperienceForm(StabielForm):
    """The experience questions, for a resident without an account. Plain words (B1)."""

    helped = forms.TypedChoiceField(
        label=_("Voelde u zich geholpen?"),
        choices=[(str(v), label) for v, label in reversed(ExperienceScale.choices)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een antwoord."),
            "invalid_choice": _("Kies een antwoord."),
        },
    )
    heard = forms.TypedChoiceField(
        label=_("Voelde u zich gehoord?"),
        choices=[(str(v), label) for v, label in reversed(ExperienceScale.choices)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een antwoord."),
            "invalid_choice": _("Kies een antwoord."),
        },
    )
    knew_whom = forms.TypedChoiceField(
        label=_("Was het duidelijk wie u kon bellen?"),
        choices=[(str(v), label) for v, label in reversed(ExperienceScale.choices)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een antwoord."),
            "invalid_choice": _("Kies een antwoord."),
        },
    )
    text = forms.CharField(
        label=_("Wilt u nog iets zeggen? (mag leeg blijven)"),
        help_text=_(
            "Wat ging goed? Wat kan beter? Schrijf geen namen, adressen of andere nummers op."
        ),
        required=False,
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": STORY_MAX_LENGTH}),
        error_messages={"max_length": _("Houd het kort: hooguit %(limit_value)d tekens.")},
    )

    def clean_text(self):
        # The service checks again; here so the page shows every problem at once.
        text = self.cleaned_data.get("text", "")
        found = anonymity.problems(text)
        if found:
            raise forms.ValidationError(found[0])
        return text
