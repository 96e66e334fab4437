"""Know your residents: neighbourhood figures, hard cases and what workers and a front desk saw.

Nothing here describes a resident: figures are per area, the stories are anonymous (checked when
they are written). Neighbourhood figures are for planning only; no rule or screen uses them to
select a household.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel


class FigureLoad(TenantModel):
    """One load of figures for a year: from CBS StatLine or from the municipality's own CSV.

    A new load with the same origin, year and source replaces the old one in full; loading the
    same content again changes nothing (its fingerprint is the same)."""

    class Origin(models.TextChoices):
        CBS = "cbs", _("CBS StatLine")
        LOCAL = "local", _("Eigen bestand")

    origin = models.CharField(_("herkomst"), max_length=8, choices=Origin.choices)
    year = models.PositiveSmallIntegerField(_("jaar"))
    source = models.CharField(_("bron"), max_length=200)
    table = models.CharField(_("tabel of bestand"), max_length=200, blank=True)
    sample = models.BooleanField(_("voorbeeldcijfers"), default=False)
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    value_count = models.PositiveIntegerField(_("aantal cijfers"), default=0)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geladen door"),
    )

    class Meta:
        verbose_name = _("geladen cijfers")
        verbose_name_plural = _("geladen cijfers")
        ordering = ["-year", "origin", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "origin", "year", "source"], name="figure_load_unique"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="figure_load_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"


class AreaFigure(TenantModel):
    """One indicator's value for one area (country, municipality, district or neighbourhood)."""

    load = models.ForeignKey(FigureLoad, on_delete=models.CASCADE, related_name="figures")
    area_code = models.CharField(_("gebiedscode"), max_length=10)
    area_name = models.CharField(_("gebied"), max_length=120)
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("cijfer per gebied")
        verbose_name_plural = _("cijfers per gebied")
        ordering = ["area_code", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["load", "area_code", "indicator"], name="area_figure_unique"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "indicator"])]


class HardCase(TenantModel):
    """A case where a stable situation was hard to reach, told anonymously (action 1)."""

    title = models.CharField(_("korte titel"), max_length=120)
    situation = models.TextField(_("wat speelde er"), max_length=3000)
    why_hard = models.TextField(_("waarom was stabiliteit moeilijk"), max_length=3000)
    what_helped = models.TextField(_("wat hielp, of wat had geholpen"), max_length=3000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("schrijnend geval")
        verbose_name_plural = _("schrijnende gevallen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Observation(TenantModel):
    """What a worker says really helped, or what a half-day at a front desk showed."""

    class Kind(models.TextChoices):
        HELPED = "helped", _("Wat echt hielp")
        FRONT_DESK = "front_desk", _("Een dagdeel aan de balie")

    class Source(models.TextChoices):
        ACCESS = "access", _("Medewerker toegang")
        WELFARE = "welfare", _("Medewerker welzijn")
        YOUTH = "youth", _("Jongerenwerker")
        FRONT_DESK = "front_desk", _("Balie of receptie")

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    source = models.CharField(_("van wie of waar"), max_length=12, choices=Source.choices)
    place = models.CharField(_("welke balie"), max_length=120, blank=True)
    observed_on = models.DateField(_("datum"), null=True, blank=True)
    text = models.TextField(_("wat zag of hoorde u"), max_length=3000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        ordering = ["kind", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="front_desk") | Q(source="front_desk"),
                name="observation_front_desk_source",
            ),
        ]
