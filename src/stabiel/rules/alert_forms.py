from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm
from stabiel.residents.access import PURPOSES

from .models import Rule

if TYPE_CHECKING:
    from stabiel.accounts.models import User


class AlertFilterForm(StabielForm):
    rule: "forms.ModelChoiceField[Rule]" = forms.ModelChoiceField(
        label=_("Regel"), queryset=None, required=False, empty_label=_("Alle regels")
    )
    assigned = forms.ChoiceField(
        label=_("Wie"),
        required=False,
        choices=[
            ("", _("Iedereen")),
            ("mine", _("Aan mij toegewezen")),
            ("none", _("Nog niemand")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open")), ("closed", _("Afgesloten")), ("lapsed", _("Vervallen"))],
    )
    overdue = forms.BooleanField(label=_("Alleen te laat"), required=False)
    sort = forms.ChoiceField(
        label=_("Volgorde"),
        required=False,
        choices=[("due", _("Uiterste datum (eerst)")), ("raised", _("Nieuwste melding eerst"))],
    )

    def __init__(self, *args: Any, rules: QuerySet[Rule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        if isinstance(field, forms.ModelChoiceField):  # always: declared above
            field.queryset = rules
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Deze keuze bestaat niet. We tonen alles.")


class PurposeForm(StabielForm):
    purpose = forms.ChoiceField(
        label=_("Waarom opent u deze gegevens?"),
        choices=list(PURPOSES.items()),
        widget=forms.RadioSelect,
        # Never chosen beforehand: the worker says why, every time (NEN 7513 'doel').
        error_messages={
            "required": _("Kies waarom u dit opent."),
            "invalid_choice": _("Kies een reden uit de lijst."),
        },
    )


class AssignForm(StabielForm):
    assignee: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Geef de melding aan"),
        queryset=None,
        required=False,
        empty_label=_("Niemand"),
        error_messages={
            "invalid_choice": _("Deze persoon hoort niet bij het team van deze melding.")
        },
    )

    def __init__(self, *args: Any, members: "QuerySet[User]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        if isinstance(field, forms.ModelChoiceField):  # always: declared above
            field.queryset = members


class CloseForm(StabielForm):
    reason = forms.CharField(
        label=_("Waarom sluit u de melding af?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf op waarom u de melding afsluit.")},
    )
