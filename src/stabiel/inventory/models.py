"""The provision inventory (sociale kaart): providers and what they offer, per municipality.

Based on the VNG/Movisie checklist (*Handreiking Beleidsplan Opvang en bescherming, deel III*,
2015, chapter "Toelichting"): per provider what to know (contact, target group and area, size,
actual use, approach, who pays and decides), per provision type the shell it comes through.
No person is in sight here: this is a policy app.
"""

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel, TimeStampedModel

kvk_number = RegexValidator(
    r"^\d{8}$", _("Een KvK-nummer heeft acht cijfers, bijvoorbeeld 30123456.")
)


class LegalFrame(models.TextChoices):
    """The law an offering comes through (empty for informal help)."""

    WMO = "wmo", _("Wmo")
    YOUTH = "jeugdwet", _("Jeugdwet")
    PARTICIPATION = "participatiewet", _("Participatiewet")
    HEALTH_INSURANCE = "zvw", _("Zorgverzekeringswet")
    LONG_TERM_CARE = "wlz", _("Wet langdurige zorg")
    JUSTICE = "justitie", _("Justitie")


class FrameArea(models.TextChoices):
    """The cooperation areas that differ per legal frame (checklist, "Toelichting")."""

    YOUTH = "jeugd", _("Jeugd")
    PARTICIPATION = "participatie", _("Participatiewet")
    WMO = "wmo", _("Wmo")
    CARE = "zorg", _("Zorg")
    JUSTICE = "justitie", _("Justitie")


FRAME_AREA_OF = {
    LegalFrame.WMO: FrameArea.WMO,
    LegalFrame.YOUTH: FrameArea.YOUTH,
    LegalFrame.PARTICIPATION: FrameArea.PARTICIPATION,
    LegalFrame.HEALTH_INSURANCE: FrameArea.CARE,
    LegalFrame.LONG_TERM_CARE: FrameArea.CARE,
    LegalFrame.JUSTICE: FrameArea.JUSTICE,
}


class AccessKind(models.TextChoices):
    GENERAL = "algemeen", _("Algemene voorziening")
    CUSTOM = "maatwerk", _("Maatwerk")


class Welcome(models.TextChoices):
    YES = "ja", _("Ja, welkom")
    CONDITIONS = "voorwaarden", _("Welkom onder voorwaarden")
    NO = "nee", _("Niet welkom")
    UNKNOWN = "onbekend", _("Weten we niet")


class Uses(models.TextChoices):
    YES = "ja", _("Ja, gebruikt het echt")
    NO = "nee", _("Gebruikt het niet")
    UNKNOWN = "onbekend", _("Weten we niet")


class CapacityUnit(models.TextChoices):
    AT_ONCE = "tegelijk", _("tegelijk")
    PER_DAY = "per-dag", _("per dag")
    PER_WEEK = "per-week", _("per week")


class Funder(models.TextChoices):
    """Who pays: the funding frame."""

    MUNICIPALITY_WMO = "gemeente-wmo", _("Gemeente (Wmo)")
    MUNICIPALITY_YOUTH = "gemeente-jeugd", _("Gemeente (Jeugdwet)")
    MUNICIPALITY_PARTICIPATION = "gemeente-participatie", _("Gemeente (Participatiewet)")
    MUNICIPALITY_GRANT = "gemeente-subsidie", _("Gemeente (subsidie)")
    HEALTH_INSURER = "zorgverzekeraar", _("Zorgverzekeraar")
    CARE_OFFICE = "zorgkantoor", _("Zorgkantoor (Wlz)")
    JUSTICE = "justitie", _("Justitie")
    FUND = "fonds", _("Fonds, kerk of giften")
    PARTICIPANT = "deelnemer", _("De deelnemer zelf")
    OWN_MEANS = "eigen-middelen", _("Eigen middelen van de aanbieder")


class Decider(models.TextChoices):
    """Who decides on access."""

    NOBODY = "vrij", _("Niemand: vrij toegankelijk")
    MUNICIPALITY = "gemeente", _("Gemeente (toegang of wijkteam)")
    REFERRER = "verwijzer", _("Huisarts of andere verwijzer")
    INSURER = "verzekeraar", _("Zorgverzekeraar of CIZ")
    JUSTICE = "justitie", _("Rechter, OM of reclassering")
    PROVIDER = "aanbieder", _("De aanbieder zelf")


def _known(field: str, choices: type[models.TextChoices], name: str, *, blank: bool = False):
    allowed = Q(**{f"{field}__in": choices.values})
    if blank:
        allowed |= Q(**{field: ""})
    return models.CheckConstraint(condition=allowed, name=name)


class Provider(TenantModel):
    """An organisation or initiative that offers provisions. Owned by one municipality."""

    name = models.CharField(_("naam"), max_length=200)
    kvk_number = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[kvk_number]
    )
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    description = models.TextField(_("over de aanbieder"), blank=True)
    # The organisation's id in the Open Referral (HSDS) API: stable, never reused.
    hsds_id = models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="provider_name_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="provider_has_name"),
        ]
        indexes = [models.Index(fields=["municipality", "name"], name="provider_muni_name")]

    def __str__(self) -> str:
        return self.name


class Offering(TenantModel):
    """What one provider offers of one provision type, through one shell, for a period."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("aanbieder")
    )
    provision_type = models.ForeignKey(
        "catalogue.ProvisionType",
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("soort voorziening"),
    )
    name = models.CharField(
        _("naam van het aanbod"),
        max_length=200,
        blank=True,
        help_text=_("Leeg: de naam van de soort voorziening."),
    )
    description = models.TextField(_("omschrijving"), blank=True)
    shell = models.ForeignKey(
        "catalogue.Shell", on_delete=models.PROTECT, related_name="+", verbose_name=_("schil")
    )
    legal_frame = models.CharField(
        _("wettelijk kader"), max_length=16, choices=LegalFrame.choices, blank=True
    )
    access_kind = models.CharField(
        _("algemeen of maatwerk"),
        max_length=12,
        choices=AccessKind.choices,
        blank=True,
        help_text=_("Alleen voor het sociaal domein."),
    )
    target_group = models.CharField(_("doelgroep"), max_length=300, blank=True)
    group_welcome = models.CharField(
        _("is de doelgroep welkom?"),
        max_length=12,
        choices=Welcome.choices,
        default=Welcome.UNKNOWN,
    )
    group_uses = models.CharField(
        _("gebruikt de doelgroep het echt?"),
        max_length=12,
        choices=Uses.choices,
        default=Uses.UNKNOWN,
    )
    served_municipalities = models.ManyToManyField(
        "accounts.Municipality",
        blank=True,
        related_name="served_by_offerings",
        verbose_name=_("werkgebied: gemeenten"),
    )
    served_areas = models.ManyToManyField(
        "accounts.Area",
        blank=True,
        related_name="served_by_offerings",
        verbose_name=_("werkgebied: wijken en buurten"),
    )
    capacity = models.PositiveIntegerField(_("omvang (aantal personen)"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("omvang geldt"), max_length=10, choices=CapacityUnit.choices, blank=True
    )
    used_last_year = models.PositiveIntegerField(
        _("gebruik vorig jaar (aantal personen)"), null=True, blank=True
    )
    waiting_days = models.PositiveIntegerField(_("wachttijd in dagen"), null=True, blank=True)
    approach = models.TextField(_("aanpak of werkwijze"), blank=True)
    own_contribution = models.CharField(_("eigen bijdrage"), max_length=200, blank=True)
    contracted = models.BooleanField(_("gecontracteerd"), default=False)
    pgb_possible = models.BooleanField(_("kan met pgb"), default=False)
    funder = models.CharField(_("wie betaalt"), max_length=24, choices=Funder.choices)
    decider = models.CharField(
        _("wie beslist over toegang"), max_length=12, choices=Decider.choices
    )
    innovative = models.BooleanField(
        _("vernieuwend"),
        default=False,
        help_text=_("Een aanpak die nog maar op een paar plaatsen bestaat."),
    )
    referral_contact = models.CharField(
        _("contact voor doorverwijzen"),
        max_length=300,
        blank=True,
        help_text=_("Een algemeen nummer of adres van de aanbieder, geen privégegevens."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    # The service's id in the Open Referral (HSDS) API, and the id it had in the directory an
    # HSDS import came from (matched on a second import, so that import changes nothing).
    hsds_id = models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)
    source_id = models.CharField(_("id in de bron"), max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["provider__name", "provision_type__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provision_type", "shell", "name", "valid_from"],
                name="offering_natural_key",
            ),
            models.UniqueConstraint(
                fields=["municipality", "source_id"],
                condition=~Q(source_id=""),
                name="offering_source_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="offering_period_in_order",
            ),
            models.CheckConstraint(
                condition=(Q(capacity__isnull=True) & Q(capacity_unit=""))
                | (Q(capacity__isnull=False) & ~Q(capacity_unit="")),
                name="offering_capacity_has_unit",
            ),
            _known("legal_frame", LegalFrame, "offering_frame_known", blank=True),
            _known("access_kind", AccessKind, "offering_access_kind_known", blank=True),
            _known("group_welcome", Welcome, "offering_welcome_known"),
            _known("group_uses", Uses, "offering_uses_known"),
            _known("capacity_unit", CapacityUnit, "offering_unit_known", blank=True),
            _known("funder", Funder, "offering_funder_known"),
            _known("decider", Decider, "offering_decider_known"),
        ]
        indexes = [
            models.Index(fields=["municipality", "provision_type"], name="offering_muni_type"),
            models.Index(fields=["municipality", "valid_to"], name="offering_muni_valid"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.provision_type.display_name


class CapacityNorm(TenantModel):
    """The capacity and waiting time the adviser thinks one provision type needs."""

    provision_type = models.ForeignKey(
        "catalogue.ProvisionType",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("soort voorziening"),
    )
    capacity = models.PositiveIntegerField(_("nodig: aantal personen"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("geldt"), max_length=10, choices=CapacityUnit.choices, blank=True
    )
    max_waiting_days = models.PositiveIntegerField(
        _("langste wachttijd in dagen"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("norm voor een soort voorziening")
        verbose_name_plural = _("normen voor soorten voorzieningen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "provision_type"], name="capacitynorm_one_per_type"
            ),
            models.CheckConstraint(
                condition=(Q(capacity__isnull=True) & Q(capacity_unit=""))
                | (Q(capacity__isnull=False) & ~Q(capacity_unit="")),
                name="capacitynorm_capacity_has_unit",
            ),
        ]


class FrameRegion(TimeStampedModel):
    """The municipalities that work together under one legal frame, when that group differs
    from the ordinary region (youth, Participatiewet, Wmo, care and justice regions often do)."""

    name = models.CharField(_("naam"), max_length=160)
    frame = models.CharField(_("kader"), max_length=16, choices=FrameArea.choices)
    municipalities = models.ManyToManyField(
        "accounts.Municipality", related_name="frame_regions", verbose_name=_("gemeenten")
    )

    class Meta:
        verbose_name = _("regio per kader")
        verbose_name_plural = _("regio's per kader")
        ordering = ["frame", "name"]
        constraints = [
            models.UniqueConstraint(fields=["frame", "name"], name="frameregion_unique"),
            _known("frame", FrameArea, "frameregion_frame_known"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_frame_display()})"


class InventorySettings(TimeStampedModel):
    """Per municipality: whether the inventory is published as an open HSDS API."""

    municipality = models.OneToOneField(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="inventory_settings"
    )
    hsds_public = models.BooleanField(
        _("sociale kaart openbaar als Open Referral (HSDS) API"), default=False
    )
    long_wait_days = models.PositiveIntegerField(
        _("wachttijd die we lang vinden (dagen)"),
        default=42,
        help_text=_("Geldt voor elke soort zonder eigen norm."),
    )

    class Meta:
        verbose_name = _("instellingen sociale kaart")
        verbose_name_plural = _("instellingen sociale kaart")


class ImportDraft(TenantModel):
    """An uploaded inventory file between its preview and the adviser's 'import now'."""

    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("door")
    )
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    content = models.BinaryField(_("inhoud"))

    class Meta:
        verbose_name = _("sociale kaart: bestand in voorbeeld")
        verbose_name_plural = _("sociale kaart: bestanden in voorbeeld")
