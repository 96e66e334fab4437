"""The stability-model vocabulary as data.

National items (municipality empty) come from the seed publications and are loaded by
``manage.py catalogue_load``. A municipality adds its own items (municipality set) and switches
national ones off with an :class:`ItemSwitch`, so the national base never changes per municipality.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TimeStampedModel

from .levels import FlagLevel, GreenFlagAim, SignalSubject


class Publication(models.Model):
    """A source document a catalogue item is based on."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    publisher = models.CharField(_("uitgever"), max_length=200)
    year = models.PositiveSmallIntegerField(_("jaar"))
    url = models.URLField(_("adres"), blank=True)

    class Meta:
        verbose_name = _("publicatie")
        verbose_name_plural = _("publicaties")
        ordering = ["year", "code"]

    def __str__(self) -> str:
        return f"{self.publisher}, {self.title} ({self.year})"


class CatalogueItem(TimeStampedModel):
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("gemeente"),
        help_text=_("Leeg: landelijk item uit de publicaties."),
    )
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    description = models.TextField(_("uitleg"), blank=True)
    source = models.ForeignKey(
        Publication, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("bron")
    )
    source_ref = models.CharField(
        _("vindplaats"), max_length=60, blank=True, help_text=_("Bijvoorbeeld 000:L216.")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "nl").startswith("en"):
            return self.name_en
        return self.name

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None

    @classmethod
    def code_constraints(cls, prefix: str) -> list[models.BaseConstraint]:
        return [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(municipality__isnull=True),
                name=f"{prefix}_national_code",
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(municipality__isnull=False),
                name=f"{prefix}_local_code",
            ),
        ]


class Pillar(CatalogueItem):
    """One of the three pillars of the stability model, or (is_core) the core in the middle."""

    is_core = models.BooleanField(_("kern van het model"), default=False)

    class Meta(CatalogueItem.Meta):
        verbose_name = _("pijler")
        verbose_name_plural = _("pijlers")
        constraints = CatalogueItem.code_constraints("pillar")


class Action(CatalogueItem):
    """One of the five actions of the prevention plan. Actions 2-4 belong to a pillar."""

    number = models.PositiveSmallIntegerField(_("nummer"))
    pillar = models.ForeignKey(
        Pillar, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("pijler")
    )

    class Meta(CatalogueItem.Meta):
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["number"]
        constraints = CatalogueItem.code_constraints("action")


class LifeDomain(CatalogueItem):
    class Weight(models.TextChoices):
        CORE = "core", _("Kerngebied")
        CONDITIONAL = "conditional", _("Als er kinderen of jongeren zijn")
        SUPPLEMENTARY = "supplementary", _("Aanvullend")

    number = models.PositiveSmallIntegerField(_("nummer"))
    weight = models.CharField(_("gewicht"), max_length=16, choices=Weight.choices)

    class Meta(CatalogueItem.Meta):
        verbose_name = _("levensgebied")
        verbose_name_plural = _("levensgebieden")
        ordering = ["number"]
        constraints = CatalogueItem.code_constraints("lifedomain")


class Perspective(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("perspectief")
        verbose_name_plural = _("perspectieven")
        constraints = CatalogueItem.code_constraints("perspective")


class Shell(CatalogueItem):
    """Informal / social domain / other legal frames (the checklist's 'schillen')."""

    class Meta(CatalogueItem.Meta):
        verbose_name = _("schil")
        verbose_name_plural = _("schillen")
        constraints = CatalogueItem.code_constraints("shell")


class RedFlagType(CatalogueItem):
    pillar = models.ForeignKey(
        Pillar, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("pijler")
    )
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("actie")
    )
    level = models.CharField(_("niveau"), max_length=16, choices=FlagLevel.choices)
    is_health_characteristic = models.BooleanField(
        _("gezondheidskenmerk"),
        default=False,
        help_text=_(
            "Alleen voor beleid. Kan nooit als signaal bij een huishouden worden vastgelegd."
        ),
    )
    source_list = models.CharField(
        _("lijst in de publicatie"),
        max_length=200,
        blank=True,
        help_text=_("Uit welke lijst van de publicatie deze vlag komt."),
    )
    is_highlighted = models.BooleanField(
        _("uitgelicht voorbeeld"),
        default=False,
        help_text=_("De publicatie licht deze vlag apart uit, naast de lijst."),
    )

    class Meta(CatalogueItem.Meta):
        verbose_name = _("rode vlag")
        verbose_name_plural = _("rode vlaggen")
        constraints = [
            *CatalogueItem.code_constraints("redflag"),
            models.CheckConstraint(
                condition=Q(level__in=FlagLevel.values), name="redflag_level_known"
            ),
        ]

    # "May this be a signal about a household?" is decided here and only here: the property for
    # one flag, the condition for queries (prefix = the path to the flag, e.g.
    # "signal_type__red_flag_type__"). Population and system flags never describe a household,
    # and health characteristics are never recorded about one.
    @property
    def can_be_signal(self) -> bool:
        """Only person- and household-level flags that are not health characteristics."""
        return self.level in FlagLevel.signal_levels() and not self.is_health_characteristic

    @staticmethod
    def can_be_signal_condition(prefix: str = "") -> Q:
        return Q(**{f"{prefix}level__in": FlagLevel.signal_levels()}) & Q(
            **{f"{prefix}is_health_characteristic": False}
        )


class GreenFlagType(CatalogueItem):
    pillar = models.ForeignKey(
        Pillar, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("pijler")
    )
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("actie")
    )
    aim = models.CharField(_("gericht op"), max_length=16, choices=GreenFlagAim.choices)

    class Meta(CatalogueItem.Meta):
        verbose_name = _("groene vlag")
        verbose_name_plural = _("groene vlaggen")
        constraints = [
            *CatalogueItem.code_constraints("greenflag"),
            models.CheckConstraint(
                condition=Q(aim__in=GreenFlagAim.values), name="greenflag_aim_known"
            ),
        ]


class LifeEvent(CatalogueItem):
    """An event that can start a stack of problems (divorce, loss of a job, …)."""

    class Meta(CatalogueItem.Meta):
        verbose_name = _("ingrijpende gebeurtenis")
        verbose_name_plural = _("ingrijpende gebeurtenissen")
        constraints = CatalogueItem.code_constraints("lifeevent")


class ProvisionType(CatalogueItem):
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, verbose_name=_("levensgebied")
    )
    group = models.CharField(_("groep"), max_length=120, blank=True)
    aliases = models.CharField(
        _("andere namen"), max_length=400, blank=True, help_text=_("Gescheiden door komma's.")
    )
    is_agreement = models.BooleanField(
        _("afspraak in plaats van voorziening"),
        default=False,
        help_text=_("Bijvoorbeeld afspraken met corporaties over woningen voor een doelgroep."),
    )

    class Meta(CatalogueItem.Meta):
        verbose_name = _("soort voorziening")
        verbose_name_plural = _("soorten voorzieningen")
        constraints = CatalogueItem.code_constraints("provisiontype")

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]


class SignalType(CatalogueItem):
    """What a partner can report. Always maps to a red flag that may be recorded on a household."""

    red_flag_type = models.ForeignKey(
        RedFlagType, on_delete=models.PROTECT, verbose_name=_("rode vlag")
    )
    subject = models.CharField(_("gaat over"), max_length=16, choices=SignalSubject.choices)
    typical_reporters = models.CharField(_("wie meldt dit meestal"), max_length=300, blank=True)

    class Meta(CatalogueItem.Meta):
        verbose_name = _("soort signaal")
        verbose_name_plural = _("soorten signalen")
        constraints = [
            *CatalogueItem.code_constraints("signaltype"),
            models.CheckConstraint(
                condition=Q(subject__in=SignalSubject.values), name="signaltype_subject_known"
            ),
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.red_flag_type_id and not self.red_flag_type.can_be_signal:
            raise ValidationError(
                {
                    "red_flag_type": _(
                        "Deze rode vlag mag niet als signaal over een huishouden worden vastgelegd."
                    )
                }
            )


class ItemSwitch(TimeStampedModel):
    """A municipality switches a national catalogue item off (or on again)."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.CASCADE)
    kind = models.CharField(_("soort"), max_length=40)
    code = models.SlugField(_("code"), max_length=80)
    active = models.BooleanField(_("in gebruik"), default=False)

    class Meta:
        verbose_name = _("landelijk item aan/uit")
        verbose_name_plural = _("landelijke items aan/uit")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "code"], name="itemswitch_unique"
            )
        ]
