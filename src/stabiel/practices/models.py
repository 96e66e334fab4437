"""The good-practice library: what other municipalities did, in our own words.

National practices (municipality empty) come from the seed publications and are loaded by
``manage.py catalogue_load`` (see :mod:`stabiel.practices.loader`). A municipality may later add its
own (municipality set), like catalogue items. A practice holds no personal data.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TimeStampedModel


class BasicFunction(models.TextChoices):
    """The five basic functions of a local team (KPMG 2019, 004:L223-566)."""

    SAFE_ENVIRONMENT = "veilige-leefomgeving", _("Veilige leefomgeving")
    TIMELY_SIGNALLING = "tijdig-signaleren", _("Tijdig signaleren van de vraag")
    FINDABLE_HELP = "vindbare-hulp", _("Vindbare en toegankelijke hulp")
    BROAD_VIEW = "brede-blik", _("Handelen met een brede blik")
    LEARNING = "leren-verbeteren", _("Leren en verbeteren")


class PracticeKind(models.TextChoices):
    MEASURE = "maatregel", _("Maatregel uit het preventieplan")
    # KPMG's 16 municipal practices (Bijlage 2); examples named only in the text are TEXT_EXAMPLE.
    MUNICIPAL = "gemeentepraktijk", _("Praktijk van een gemeente")
    STORY = "praktijkverhaal", _("Praktijkverhaal")
    TEXT_EXAMPLE = "voorbeeld-in-tekst", _("Voorbeeld genoemd in de tekst")


class Practice(TimeStampedModel):
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("gemeente"),
        help_text=_("Leeg: landelijk voorbeeld uit de publicaties."),
    )
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(
        _("soort"), max_length=20, choices=PracticeKind.choices, default=PracticeKind.MEASURE
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("wat is het"))
    addresses = models.TextField(_("welk probleem pakt het aan"), blank=True)
    pillar = models.ForeignKey(
        "catalogue.Pillar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("pijler"),
        related_name="practices",
    )
    action = models.ForeignKey(
        "catalogue.Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("actie"),
        related_name="practices",
    )
    basic_functions = models.CharField(
        _("basisfuncties"),
        max_length=200,
        blank=True,
        help_text=_("Codes van basisfuncties, gescheiden door komma's."),
    )
    organisation = models.CharField(
        _("wie deed het"), max_length=200, blank=True, help_text=_("Gemeente of organisatie.")
    )
    publication = models.ForeignKey(
        "catalogue.Publication",
        on_delete=models.PROTECT,
        verbose_name=_("publicatie"),
        related_name="practices",
    )
    # A line reference for the project's checks against the seeds; screens show the section
    # (stabiel.catalogue.sources.source_label).
    source_ref = models.CharField(_("vindplaats"), max_length=60, blank=True)
    tags = models.CharField(
        _("trefwoorden"), max_length=300, blank=True, help_text=_("Gescheiden door komma's.")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("goed voorbeeld")
        verbose_name_plural = _("goede voorbeelden")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PracticeKind.values), name="practice_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def basic_function_list(self) -> list[str]:
        labels = dict(BasicFunction.choices)
        return [
            str(labels[c.strip()]) for c in self.basic_functions.split(",") if c.strip() in labels
        ]
