"""The period and breakdown of the figure pages, read from the query string."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .outcomes import Breakdown

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
