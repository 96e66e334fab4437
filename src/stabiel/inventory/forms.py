from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stabiel.accounts.models import Area, Municipality
from stabiel.catalogue.models import LifeDomain, Pillar, ProvisionType, Shell
from stabiel.core.forms import StabielForm, StabielModelForm

from . import queries
from .models import CapacityUnit, FrameArea, Offering, Provider

MAX_WHOLE = 1_000_000


class ProviderForm(StabielModelForm):
    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een webadres in, bijvoorbeeld https://example.org.")},
    )

    class Meta:
        model = Provider
        fields = [
            "name",
            "kvk_number",
            "phone",
            "email",
            "website",
            "address",
            "postcode",
            "city",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class OfferingForm(StabielModelForm):
    """One offering of a provider. The service checks shell, frame and capacity together."""

    class Meta:
        model = Offering
        fields = [
            "provision_type",
            "name",
            "description",
            "shell",
            "legal_frame",
            "access_kind",
            "target_group",
            "group_welcome",
            "group_uses",
            "served_municipalities",
            "served_areas",
            "capacity",
            "capacity_unit",
            "used_last_year",
            "waiting_days",
            "approach",
            "own_contribution",
            "contracted",
            "pgb_possible",
            "funder",
            "decider",
            "innovative",
            "referral_contact",
            "valid_from",
            "valid_to",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 3}),
            "served_municipalities": forms.CheckboxSelectMultiple,
            "served_areas": forms.CheckboxSelectMultiple,
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "provision_type": {
                "required": _("Kies een soort voorziening."),
                "invalid_choice": _("Kies een soort voorziening uit de lijst."),
            },
            "shell": {
                "required": _("Kies de schil waar het aanbod door komt."),
                "invalid_choice": _("Kies een schil uit de lijst."),
            },
            "capacity": {"invalid": _("Vul een heel getal in, zonder punt of komma.")},
            "used_last_year": {"invalid": _("Vul een heel getal in, zonder punt of komma.")},
            "waiting_days": {"invalid": _("Vul een heel aantal dagen in.")},
            "valid_from": {"invalid": _("Vul een datum in, bijvoorbeeld 2026-01-01.")},
            "valid_to": {"invalid": _("Vul een datum in, bijvoorbeeld 2026-12-31.")},
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        region = queries.visible_municipality_ids(municipality=actor.municipality)
        self.fields["provision_type"].queryset = queries.provision_types(actor=actor).order_by(
            "life_domain__number", "name"
        )
        self.fields["provision_type"].label_from_instance = lambda t: (
            f"{t.life_domain.display_name}: {t.display_name}"
        )
        self.fields["shell"].queryset = queries.shells(actor=actor)
        self.fields["served_municipalities"].queryset = Municipality.objects.filter(
            pk__in=region
        ).order_by("name")
        self.fields["served_areas"].queryset = queries.areas_of(municipality_ids=region).order_by(
            "municipality__name", "cbs_code"
        )
        self.fields["served_areas"].label_from_instance = lambda a: (
            f"{a.municipality.name}: {a.name} ({a.get_kind_display().lower()})"
        )
        for name in ("capacity", "used_last_year", "waiting_days"):
            self.fields[name].max_value = MAX_WHOLE
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        if not self.instance.pk:
            self.fields["valid_from"].initial = timezone.localdate()


class OfferingEndForm(StabielForm):
    valid_to = forms.DateField(
        label=_("Laatste dag van het aanbod"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Vul de laatste dag in."),
            "invalid": _("Vul een datum in, bijvoorbeeld 2026-12-31."),
        },
    )


class OfferingFilterForm(StabielForm):
    """Search and filters of the inventory: the adviser's overview and the worker's search."""

    q = forms.CharField(
        label=_("Zoek op woorden"),
        required=False,
        max_length=100,
        help_text=_("Ook andere namen tellen mee, zoals 'buddy' voor een maatjesproject."),
    )
    life_domain = forms.ModelChoiceField(
        label=_("Levensgebied"), required=False, queryset=LifeDomain.objects.none()
    )
    provision_type = forms.ModelChoiceField(
        label=_("Hulpvraag (soort voorziening)"),
        required=False,
        queryset=ProvisionType.objects.none(),
    )
    shell = forms.ModelChoiceField(label=_("Schil"), required=False, queryset=Shell.objects.none())
    area = forms.ModelChoiceField(
        label=_("Wijk of buurt"), required=False, queryset=Area.objects.none()
    )
    frame = forms.ChoiceField(label=_("Regio van het kader"), required=False)
    scope = forms.ChoiceField(
        label=_("Van wie"),
        required=False,
        choices=[("", _("De hele regio")), ("own", _("Alleen onze gemeente"))],
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].queryset = queries.life_domains(actor=actor)
        self.fields["life_domain"].empty_label = _("Alle")
        self.fields["provision_type"].queryset = queries.provision_types(actor=actor).order_by(
            "name"
        )
        self.fields["provision_type"].empty_label = _("Alle")
        self.fields["shell"].queryset = queries.shells(actor=actor)
        self.fields["shell"].empty_label = _("Alle")
        region = queries.visible_municipality_ids(municipality=actor.municipality)
        self.fields["area"].queryset = queries.areas_of(municipality_ids=region).order_by(
            "municipality__name", "cbs_code"
        )
        self.fields["area"].label_from_instance = lambda a: f"{a.municipality.name}: {a.name}"
        self.fields["area"].empty_label = _("Alle")
        self.fields["frame"].choices = [("", _("Gewone regio")), *FrameArea.choices]


class SettingsForm(StabielForm):
    hsds_public = forms.BooleanField(
        label=_("Publiceer de sociale kaart van onze gemeente als open API (Open Referral HSDS)"),
        required=False,
    )
    long_wait_days = forms.IntegerField(
        label=_("Vanaf hoeveel dagen wachten noemen we een wachttijd lang?"),
        min_value=1,
        max_value=3650,
        error_messages={
            "required": _("Vul een aantal dagen in."),
            "invalid": _("Vul een heel aantal dagen in."),
            "min_value": _("Vul een aantal dagen in tussen 1 en 3650."),
            "max_value": _("Vul een aantal dagen in tussen 1 en 3650."),
        },
    )


class NormForm(StabielForm):
    provision_type = forms.ModelChoiceField(
        label=_("Soort voorziening"),
        queryset=ProvisionType.objects.none(),
        error_messages={
            "required": _("Kies een soort voorziening."),
            "invalid_choice": _("Kies een soort voorziening uit de lijst."),
        },
    )
    capacity = forms.IntegerField(
        label=_("Nodig: aantal personen"),
        required=False,
        min_value=0,
        max_value=MAX_WHOLE,
        error_messages={"invalid": _("Vul een heel getal in, zonder punt of komma.")},
    )
    capacity_unit = forms.ChoiceField(
        label=_("Geldt"), required=False, choices=[("", "—"), *CapacityUnit.choices]
    )
    max_waiting_days = forms.IntegerField(
        label=_("Langste wachttijd in dagen"),
        required=False,
        min_value=0,
        max_value=3650,
        error_messages={"invalid": _("Vul een heel aantal dagen in.")},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provision_type"].queryset = queries.provision_types(actor=actor).order_by(
            "name"
        )


class CoverageForm(StabielForm):
    scope = forms.ChoiceField(
        label=_("Tel het aanbod van"),
        required=False,
        choices=[("region", _("de hele regio")), ("own", _("alleen onze gemeente"))],
    )
    frame = forms.ChoiceField(label=_("Regio van het kader"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frame"].choices = [("", _("Alle kaders, gewone regio")), *FrameArea.choices]


class GapToPlanForm(StabielForm):
    """One gap into this year's prevention plan, as a red flag or a measure."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    as_what = forms.ChoiceField(
        label=_("Zet in het preventieplan als"),
        choices=[("flag", _("rode vlag")), ("measure", _("maatregel"))],
        widget=forms.RadioSelect,
        initial="flag",
        error_messages={"required": _("Kies rode vlag of maatregel.")},
    )
    pillar = forms.ModelChoiceField(
        label=_("Pijler (voor een rode vlag)"),
        required=False,
        queryset=Pillar.objects.filter(municipality__isnull=True, is_core=False),
        empty_label=_("Volgt uit het levensgebied"),
    )


class ImportUploadForm(StabielForm):
    file = forms.FileField(
        label=_("Bestand (CSV, XLSX of HSDS-JSON)"),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
        },
    )


class ImportCommitForm(StabielForm):
    draft = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)


class FrameRegionForm(StabielForm):
    name = forms.CharField(
        label=_("Naam van de regio"),
        max_length=160,
        error_messages={
            "required": _("Geef de regio een naam, bijvoorbeeld 'Jeugdregio Utrecht-Oost'."),
            "max_length": _("De naam is te lang (hoogstens 160 tekens)."),
        },
    )
    frame = forms.ChoiceField(
        label=_("Kader"),
        choices=FrameArea.choices,
        error_messages={
            "required": _("Kies een kader uit de lijst."),
            "invalid_choice": _("Kies een kader uit de lijst."),
        },
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Gemeenten die samenwerken"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Uw eigen gemeente hoort er altijd bij, ook als u die niet aanvinkt."),
        error_messages={
            "invalid_choice": _("Kies gemeenten uit de lijst."),
            "invalid_pk_value": _("Kies gemeenten uit de lijst."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.order_by("name")
