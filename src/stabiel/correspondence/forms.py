from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm

from . import turning18
from .models import PhoneFirstMark

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LetterForm(StabielForm):
    template = forms.TypedChoiceField(
        label=_("Welke brief?"),
        coerce=int,
        error_messages={
            "required": _("Kies een actief briefsjabloon."),
            "invalid_choice": _("Kies een actief briefsjabloon."),
        },
    )
    person = forms.TypedChoiceField(
        label=_("Voor wie is de brief?"),
        coerce=int,
        error_messages={
            "required": _("Kies een volwassene die in dit huishouden woont."),
            "invalid_choice": _("Kies een volwassene die in dit huishouden woont."),
        },
    )
    personal_sentence = forms.CharField(
        label=_("Uw persoonlijke zin"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        help_text=_("Bijvoorbeeld: Ik sprak uw buurvrouw en zij zei dat u graag belt."),
        error_messages={"max_length": _("Houd de persoonlijke zin kort: hooguit 300 tekens.")},
    )

    def __init__(self, *args, templates=(), addressees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (t.pk, f"{t.name} — {t.get_purpose_display()}") for t in templates
        ]
        self.fields["person"].choices = [
            (
                a.person_id,
                f"{a.name} ({a.label})"
                + (
                    f" — {_('eerst naar')} {a.supporter_mark.supporter_display}"
                    if a.via_supporter
                    else ""
                ),
            )
            for a in addressees
        ]


class PhoneFirstForm(StabielForm):
    person = forms.TypedChoiceField(
        label=_("Wie?"),
        coerce=int,
        error_messages={
            "required": _("Kies een volwassene die in dit huishouden woont."),
            "invalid_choice": _("Kies een volwassene die in dit huishouden woont."),
        },
    )
    reason = forms.ChoiceField(
        label=_("Waarom eerst bellen?"),
        choices=PhoneFirstMark.Reason.choices,
        error_messages={"required": _("Kies een reden."), "invalid_choice": _("Kies een reden.")},
    )
    note = forms.CharField(label=_("Meer uitleg"), required=False, max_length=300)
    consent = forms.BooleanField(
        label=_("De bewoner vindt dit goed"),
        required=False,
    )
    consent_on = forms.DateField(
        label=_("Toestemming gegeven op"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Vul de datum van de toestemming in."),
            "invalid": _("Vul een datum in, zoals 03-12-2026."),
        },
    )
    end_on = forms.DateField(
        label=_("Loopt af op (leeg: over een half jaar)"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Vul een datum in, zoals 03-12-2026.")},
    )

    def __init__(self, *args, addressees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(a.person_id, f"{a.name} ({a.label})") for a in addressees]


class PhoneCallForm(StabielForm):
    called_on = forms.DateField(
        label=_("Gebeld op"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Vul in wanneer u belde."),
            "invalid": _("Vul een datum in, zoals 03-12-2026."),
        },
    )
    reached = forms.TypedChoiceField(
        label=_("Iemand gesproken?"),
        choices=[("1", _("Ja")), ("0", _("Nee, niet bereikt"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Zeg of u iemand sprak.")},
    )
    note = forms.CharField(
        label=_("Wat is er besproken?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        error_messages={"required": _("Schrijf kort op wat er besproken is.")},
    )


class TurningEighteenPeriodForm(StabielForm):
    """The period of a list of young people who turn 18 (issue 20, part 5)."""

    start_on = forms.DateField(
        label=_("Van"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Vul de eerste dag van de periode in."),
            "invalid": _("Vul een datum in, zoals 03-12-2026."),
        },
    )
    end_on = forms.DateField(
        label=_("Tot en met"),
        widget=DATE_WIDGET,
        help_text=_("Bijvoorbeeld een half jaar vooruit. Hooguit een jaar."),
        error_messages={
            "required": _("Vul de laatste dag van de periode in."),
            "invalid": _("Vul een datum in, zoals 03-12-2026."),
        },
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and self.today:
            problem = turning18.period_problem(start, end, today=self.today)
            if problem is not None:
                self.add_error(problem[0], problem[1])
        return cleaned


def chosen_people(values: list[str]) -> list[int]:
    """The person ids ticked on the list; a plain-Dutch ValidationError for none or nonsense.
    Whether each is on the list is the service's check (it reads the list through the door)."""
    if not values:
        raise forms.ValidationError(_("Kies de jongeren die een brief krijgen."))
    if len(values) > 1000 or not all(v.isdigit() and len(v) < 12 for v in values):
        raise forms.ValidationError(_("Kies alleen jongeren uit de lijst."))
    return sorted({int(v) for v in values})


class TurningEighteenInviteForm(StabielForm):
    """Which template, and a sentence for all letters (the people are ticked in the table)."""

    template = forms.TypedChoiceField(
        label=_("Welke brief?"),
        coerce=int,
        error_messages={
            "required": _("Kies een actief sjabloon voor de uitnodiging 18 jaar."),
            "invalid_choice": _("Kies een actief sjabloon voor de uitnodiging 18 jaar."),
        },
    )
    personal_sentence = forms.CharField(
        label=_("Zin voor alle brieven"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        help_text=_("Bijvoorbeeld: De bijeenkomst is op woensdag 10 maart om 16 uur."),
        error_messages={"max_length": _("Houd de zin kort: hooguit 300 tekens.")},
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.pk, t.name) for t in templates]
