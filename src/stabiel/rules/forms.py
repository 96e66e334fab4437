"""Input for a new version of a stacking rule: the kind's own settings plus what every rule has."""

from datetime import date
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm

from .kinds import KINDS, Param
from .models import AlertAction, RuleVersion

PARAM_PREFIX = "param_"
DUE_MIN, DUE_MAX = 1, 120  # the same bounds as rule_version_create
TEXT_MAX = 1500  # purpose and legal basis: fits the register's 2500 characters with room to spare


def _number_messages(minimum: int, maximum: int) -> dict[str, Any]:
    # format_lazy: translated when shown, not once when this module is imported.
    out_of_range = format_lazy(
        _("Kies een getal van {minimum} tot en met {maximum}."), minimum=minimum, maximum=maximum
    )
    return {
        "required": _("Vul een getal in."),
        "invalid": _("Vul een heel getal in, zoals 3."),
        "min_value": out_of_range,
        "max_value": out_of_range,
    }


class RuleVersionForm(StabielForm):
    """The settings of the kind come first, built from its Param definitions and their labels.

    With ``trial=True`` (the "Proberen" button) only the settings have to be right: the date and
    the reason are needed to store a version, not to try one.
    """

    action = forms.ChoiceField(
        label=_("Gevraagde actie"),
        choices=AlertAction.choices,
        error_messages={
            "required": _("Kies een actie."),
            "invalid_choice": _("Kies een actie uit de lijst."),
        },
    )
    due_working_days = forms.IntegerField(
        label=_("Termijn in werkdagen"),
        min_value=DUE_MIN,
        max_value=DUE_MAX,
        help_text=_("Binnen hoeveel werkdagen het team iets doet met de melding."),
        error_messages=_number_messages(DUE_MIN, DUE_MAX),
    )
    in_force_from = forms.DateField(
        label=_("Geldt vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum in waarop de nieuwe versie ingaat."),
            "invalid": _("Vul een geldige datum in, zoals 2026-03-01."),
        },
    )
    purpose = forms.CharField(
        label=_("Doel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        error_messages={
            "required": _("Schrijf op wat de regel wil bereiken."),
            "max_length": _("Het doel is te lang (hoogstens %(limit_value)d tekens)."),
        },
    )
    legal_basis = forms.CharField(
        label=_("Wettelijke grondslag"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        error_messages={
            "required": _("Schrijf op op welke wet de regel steunt."),
            "max_length": _("De grondslag is te lang (hoogstens %(limit_value)d tekens)."),
        },
    )
    change_note = forms.CharField(
        label=_("Waarom verandert de regel?"),
        max_length=300,
        help_text=_(
            "Dit komt in het openbare regelregister. Schrijf geen namen of gegevens van inwoners op."
        ),
        error_messages={
            "required": _("Schrijf kort op waarom de regel verandert."),
            "max_length": _("Dit is te lang (hoogstens %(limit_value)d tekens)."),
        },
    )

    def __init__(
        self,
        *args: Any,
        current: RuleVersion,
        today: date,
        signal_type_choices: list[tuple[str, str]],
        trial: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        self.today = today
        self.trial = trial
        self.kind = KINDS[current.kind]
        settings = {
            f"{PARAM_PREFIX}{param.name}": self._param_field(param, signal_type_choices)
            for param in self.kind.params
        }
        self.fields = {**settings, **self.fields}
        for name in ("action", "due_working_days", "purpose", "legal_basis"):
            self.fields[name].initial = getattr(current, name)
        self.fields["in_force_from"].help_text = _(
            "De huidige versie geldt vanaf %(date)s. Kies een latere datum, en niet in het verleden."
        ) % {"date": date_format(current.in_force_from, "j F Y")}
        if trial:
            self.fields["in_force_from"].required = False
            self.fields["change_note"].required = False
        # The StabielForm mixin added classes before the settings existed: add theirs now.
        for name in settings:
            widget = self.fields[name].widget
            css = (
                "stabiel-checkbox-list"
                if isinstance(widget, forms.CheckboxSelectMultiple)
                else "utrecht-textbox utrecht-textbox--html-input"
            )
            widget.attrs["class"] = css

    def _param_field(self, param: Param, signal_type_choices: list[tuple[str, str]]) -> forms.Field:
        value = self.current.params.get(param.name, param.default)
        if param.is_codes:
            chosen = list(value) if isinstance(value, list | tuple) else [value]
            known = dict(signal_type_choices)
            # A code the current version uses stays choosable, even if it was switched off.
            choices = list(signal_type_choices) + [(c, c) for c in chosen if c not in known]
            return forms.MultipleChoiceField(
                label=param.label,
                choices=choices,
                initial=chosen,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": _("Kies minstens één soort signaal."),
                    "invalid_choice": _("Kies alleen soorten signalen uit de lijst."),
                },
            )
        return forms.IntegerField(
            label=param.label,
            min_value=param.minimum,
            max_value=param.maximum,
            initial=value,
            error_messages=_number_messages(param.minimum, param.maximum),
        )

    def clean_in_force_from(self) -> date | None:
        day: date | None = self.cleaned_data.get("in_force_from")
        if day is None:
            return day
        if day <= self.current.in_force_from:
            raise forms.ValidationError(
                _("Kies een datum na %(date)s: vanaf die dag geldt de huidige versie al."),
                code="not_after_current",
                params={"date": date_format(self.current.in_force_from, "j F Y")},
            )
        if day < self.today:
            # Alerts already raised keep their version; a version that starts in the past
            # would make the register say something else than what happened.
            raise forms.ValidationError(
                _("Een nieuwe versie kan niet terugwerken. Kies vandaag of een latere datum."),
                code="in_the_past",
            )
        return day

    def clean_change_note(self) -> str:
        note: str = self.cleaned_data.get("change_note", "").strip()
        if not note and not self.trial:
            raise forms.ValidationError(
                _("Schrijf kort op waarom de regel verandert."), code="required"
            )
        return note

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if all(f"{PARAM_PREFIX}{p.name}" in cleaned for p in self.kind.params):
            try:
                cleaned["params"] = self.kind.clean_params(self.raw_params())
            except ValueError as exc:
                self.add_error(None, str(exc))
        return cleaned

    def raw_params(self) -> dict[str, Any]:
        return {
            param.name: self.cleaned_data[f"{PARAM_PREFIX}{param.name}"]
            for param in self.kind.params
        }

    def settings_fields(self) -> list[forms.BoundField]:
        return [self[f"{PARAM_PREFIX}{param.name}"] for param in self.kind.params]

    def other_fields(self) -> list[forms.BoundField]:
        names = [n for n in self.fields if not n.startswith(PARAM_PREFIX)]
        return [self[name] for name in names]


class VersionWithdrawForm(StabielForm):
    """Why a planned version does not go ahead."""

    reason = forms.CharField(
        label=_("Waarom gaat deze versie niet door?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: de nieuwe drempel is nog niet met het team besproken."),
        error_messages={
            "required": _("Schrijf kort op waarom de versie niet doorgaat."),
            "max_length": _("Schrijf de reden in hoogstens 300 tekens."),
        },
    )
