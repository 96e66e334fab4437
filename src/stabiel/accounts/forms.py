from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielFormMixin, StabielModelForm

from .models import Area, PartnerOrganisation, SsoRoleMapping, Team, User
from .roles import Role


class LoginForm(StabielFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
        "inactive": _("Dit account is uitgezet. Vraag de functioneel beheerder om hulp."),
    }


class PasswordChangeForm(StabielFormMixin, auth_forms.PasswordChangeForm):
    pass


class UserForm(StabielModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één rol.")},
    )
    new_password = forms.CharField(
        label=_("Wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False,
        help_text=_("Minstens 12 tekens. Laat leeg om het wachtwoord niet te veranderen."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "roles",
            "teams",
            "partner_organisation",
            "is_active",
            "new_password",
        ]
        widgets = {"teams": forms.CheckboxSelectMultiple}
        labels = {
            "username": _("Gebruikersnaam"),
            "first_name": _("Voornaam"),
            "last_name": _("Achternaam"),
            "email": _("E-mailadres"),
            "is_active": _("Account actief"),
        }
        help_texts = {"username": _("Letters, cijfers en @ . + - _ ; maximaal 150 tekens.")}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["teams"].queryset = Team.objects.filter(municipality=municipality)
        self.fields["partner_organisation"].queryset = PartnerOrganisation.objects.filter(
            municipality=municipality
        )
        self.fields["partner_organisation"].error_messages["invalid_choice"] = _(
            "Deze partnerorganisatie bestaat niet in uw gemeente."
        )
        self.fields["teams"].error_messages["invalid_choice"] = _(
            "Dit team bestaat niet in uw gemeente."
        )
        if self.instance.pk:
            self.initial["roles"] = sorted(self.instance.role_set)
        else:
            self.fields["new_password"].required = True
            self.fields["new_password"].help_text = _("Minstens 12 tekens, niet alleen cijfers.")
            self.fields["new_password"].error_messages["required"] = _("Geef een wachtwoord op.")

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password")
        if password:
            password_validation.validate_password(password, self.instance)
        return password

    def clean(self):
        cleaned = super().clean()
        roles = set(cleaned.get("roles") or [])
        if Role.PARTNER_REPORTER in roles and not cleaned.get("partner_organisation"):
            self.add_error(
                "partner_organisation",
                _("Een melder hoort bij een partnerorganisatie. Kies die."),
            )
        needs_team = {Role.ACCESS_WORKER, Role.TEAM_LEAD} & roles
        if needs_team and not cleaned.get("teams"):
            self.add_error(
                "teams", _("Medewerkers toegang en teamleiders horen bij minstens één team.")
            )
        return cleaned


class TeamForm(StabielModelForm):
    class Meta:
        model = Team
        fields = ["name", "areas"]
        labels = {"name": _("Naam van het team"), "areas": _("Gebieden van dit team")}
        widgets = {"areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["areas"].queryset = Area.objects.filter(municipality=municipality)
        self.fields["areas"].error_messages["invalid_choice"] = _(
            "Dit gebied bestaat niet in uw gemeente."
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Team.objects.filter(municipality=self.municipality, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Er is al een team met deze naam."))
        return name


class AreaForm(StabielModelForm):
    class Meta:
        model = Area
        fields = ["name", "kind", "cbs_code", "parent"]
        labels = {
            "name": _("Naam"),
            "kind": _("Soort gebied"),
            "cbs_code": _("CBS-code"),
            "parent": _("Ligt in wijk"),
        }
        help_texts = {"cbs_code": _("Wijk: WK en zes cijfers. Buurt: BU en acht cijfers.")}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["parent"].queryset = Area.objects.filter(
            municipality=municipality, kind=Area.Kind.DISTRICT
        )
        self.fields["parent"].error_messages["invalid_choice"] = _("Kies een wijk uit uw gemeente.")

    def clean_cbs_code(self):
        code = self.cleaned_data["cbs_code"].strip().upper()
        clash = Area.objects.filter(municipality=self.municipality, cbs_code=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Er is al een gebied met deze CBS-code."))
        return code

    def clean(self):
        cleaned = super().clean()
        kind, code, parent = cleaned.get("kind"), cleaned.get("cbs_code"), cleaned.get("parent")
        if kind and code:
            expected = "WK" if kind == Area.Kind.DISTRICT else "BU"
            if not code.startswith(expected):
                self.add_error("cbs_code", _("Deze code past niet bij de soort gebied."))
        if kind == Area.Kind.DISTRICT and parent:
            self.add_error("parent", _("Een wijk ligt niet in een andere wijk."))
        return cleaned


class SecondFactorCodeForm(StabielFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=12,
        help_text=_("De 6 cijfers die de app nu laat zien."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "size": 8,
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
        error_messages={"required": _("Vul de code uit de app in.")},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(
                _("Een code bestaat uit 6 cijfers. Kijk nog eens in de app.")
            )
        return code


class SsoRoleMappingForm(StabielModelForm):
    class Meta:
        model = SsoRoleMapping
        fields = ["claim_value", "role", "team"]
        labels = {"claim_value": _("Groep of rol bij de gemeente"), "role": _("Rol in Stabiel")}
        error_messages = {
            "claim_value": {"required": _("Vul de groep in zoals de inlogdienst die stuurt.")},
            "role": {"required": _("Kies een rol.")},
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["team"].queryset = Team.objects.filter(municipality=municipality)
        self.fields["team"].error_messages["invalid_choice"] = _(
            "Dit team bestaat niet in uw gemeente."
        )

    def clean_claim_value(self):
        return self.cleaned_data["claim_value"].strip()

    def clean(self):
        cleaned = super().clean()
        role, team = cleaned.get("role"), cleaned.get("team")
        if role in (Role.ACCESS_WORKER, Role.TEAM_LEAD) and team is None:
            self.add_error(
                "team", _("Medewerkers toegang en teamleiders horen bij een team. Kies dat.")
            )
        value = cleaned.get("claim_value")
        if (
            value
            and role
            and SsoRoleMapping.objects.filter(
                municipality=self.municipality, claim_value=value, role=role
            ).exists()
        ):
            self.add_error("claim_value", _("Deze groep geeft deze rol al."))
        return cleaned
