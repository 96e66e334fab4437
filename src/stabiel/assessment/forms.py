"""Input parsing and field messages of the self-assessment."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stabiel.core.forms import StabielForm
from stabiel.practices.models import BasicFunction

from .models import RespondentRole
from .services import AssessmentInputError

DONT_KNOW = "?"


class RoundForm(StabielForm):
    title = forms.CharField(
        label=_lazy("Naam van de ronde"),
        help_text=_lazy("Bijvoorbeeld 'Voorjaar 2027'. Iedereen die u uitnodigt, ziet deze naam."),
    )


class RespondentForm(StabielForm):
    role = forms.ChoiceField(label=_lazy("Rol"), choices=[("", "—"), *RespondentRole.choices])
    name = forms.CharField(label=_lazy("Naam"), max_length=150)
    email = forms.EmailField(
        label=_lazy("E-mailadres"),
        required=False,
        help_text=_lazy("Leeg laten: u kopieert de link zelf en stuurt die door."),
    )


class StatementAddForm(StabielForm):
    function_code = forms.ChoiceField(
        label=_lazy("Basisfunctie"), choices=[("", "—"), *BasicFunction.choices]
    )
    # No max_length here: the service says how long a statement may be, in one place.
    text = forms.CharField(label=_lazy("Stelling"), widget=forms.Textarea(attrs={"rows": 3}))


class StatementEditForm(StabielForm):
    text = forms.CharField(label=_lazy("Stelling"), widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(
        label=_lazy("Aan: neem deze stelling op in nieuwe rondes"), required=False
    )


def parse_answers(data, statement_ids) -> list[tuple[int, int | str | None, str]]:
    """The answers in a posted form: (statement id, score, note) per value sent, so a statement
    answered twice stays visible to the service. Score 1-5 as int, None for "weet ik niet",
    "" for no answer; anything else is refused here."""
    answers = []
    for statement_id in statement_ids:
        scores = data.getlist(f"score-{statement_id}") or [""]
        notes = data.getlist(f"note-{statement_id}") or [""]
        if len(notes) > 1:
            scores = scores + [""] * (len(notes) - len(scores))
        for index, raw in enumerate(scores):
            raw = raw.strip()
            if raw == DONT_KNOW:
                score = None
            elif raw == "":
                score = ""
            elif raw.isdigit() and len(raw) < 4:
                score = int(raw)
            else:
                raise AssessmentInputError(
                    _("Een score moet een getal van 1 tot en met 5 zijn, of 'weet ik niet'.")
                )
            note = notes[index] if index < len(notes) else ""
            answers.append((statement_id, score, note))
    return answers


PLACES = [
    ("pillar:kern", _lazy("Kern: minder stress, meer veiligheid")),
    ("pillar:bestaanszekerheid", _lazy("Pijler bestaanszekerheid")),
    ("pillar:continuiteit", _lazy("Pijler continuïteit van zorg en ondersteuning")),
    ("pillar:meedoen", _lazy("Pijler meedoen")),
    ("action:ken-je-inwoners", _lazy("Actie 1: ken je inwoners")),
    ("action:uitnodigende-overheid", _lazy("Actie 5: een uitnodigende overheid")),
]


class ToPlanForm(StabielForm):
    """One step from a weak function or a disputed statement to the prevention plan."""

    plan = forms.ModelChoiceField(label=_lazy("Preventieplan"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=_lazy("Wordt"),
        choices=[("measure", _lazy("een maatregel")), ("flag", _lazy("een rode vlag"))],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_lazy("Titel"), max_length=200)
    place = forms.ChoiceField(
        label=_lazy("Plaats van de vlag in het stabiliteitsmodel"), choices=PLACES, required=False
    )
    owner = forms.CharField(
        label=_lazy("Eigenaar van de maatregel"), max_length=200, required=False
    )
    function_code = forms.CharField(widget=forms.HiddenInput, required=False)
    statement = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plans, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["plan"].queryset = plans
