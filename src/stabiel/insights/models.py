"""What the insights app keeps itself: never a household or a person.

Outcome figures are kept pre-aggregated per month (`OutcomeCount`), filled by the periodic
command `insights_refresh` (see `summary.py`). A row is a count of records that share a figure,
month, team, district, extra key (rule or end result) and value (0/1 for a share, 1 for a count,
whole days for a duration). A row holds no identifier of a household or person, only ids of
teams, districts and rules, which are not personal data. The screens read only these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutcomeCount(models.Model):
    """How many counted things of one figure share a month, team, district, key and value."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    figure = models.CharField(_("cijfer"), max_length=40)
    month = models.DateField(_("maand"))
    # Plain ids, not foreign keys: a team or district that is removed later keeps its history,
    # and 0 stands for "no team" or "no district known".
    team_id = models.PositiveIntegerField(_("team"))
    district_id = models.PositiveIntegerField(_("wijk"))
    extra = models.CharField(_("sleutel"), max_length=100, blank=True)
    value = models.PositiveIntegerField(_("waarde"))
    count = models.PositiveIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("uitkomsttelling")
        verbose_name_plural = _("uitkomsttellingen")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality",
                    "figure",
                    "month",
                    "team_id",
                    "district_id",
                    "extra",
                    "value",
                ],
                name="outcome_count_unique_cell",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="outcome_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.month:%Y-%m}: {self.count}"


class OutcomeRefresh(models.Model):
    """When a municipality's figures were last worked out, and from which month on."""

    municipality = models.OneToOneField(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    refreshed_at = models.DateTimeField(_("bijgewerkt op"))
    first_month = models.DateField(_("eerste maand bijgewerkt"))
    last_month = models.DateField(_("laatste maand bijgewerkt"))
    rows = models.PositiveIntegerField(_("rijen"), default=0)
    seconds = models.FloatField(_("duur in seconden"), default=0)

    class Meta:
        verbose_name = _("bijwerking van de uitkomsten")
        verbose_name_plural = _("bijwerkingen van de uitkomsten")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_month__lte=models.F("last_month")),
                name="outcome_refresh_months_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.refreshed_at:%Y-%m-%d %H:%M}"


class PublishedFigure(models.Model):
    """One breakdown of one figure for a calendar year, as the page shows it: already suppressed
    (hidden cells are stored as hidden, their value is not kept). `insights_refresh` writes these
    after the monthly rows, so a page reads one row instead of working out the suppression."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    figure = models.CharField(_("cijfer"), max_length=40)
    breakdown = models.CharField(_("indeling"), max_length=20)
    table = models.JSONField(_("tabel"))

    class Meta:
        verbose_name = _("gepubliceerd cijfer")
        verbose_name_plural = _("gepubliceerde cijfers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "figure", "breakdown"],
                name="published_figure_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.breakdown} {self.year}"


class Comparison(models.Model):
    """Whether a municipality puts its outcome figures beside those of the other municipalities
    on this installation that do the same (issue 17, point 4). Off until its functional
    administrator or policy adviser switches it on; a municipality that is not in sees nothing
    of the others."""

    municipality = models.OneToOneField(
        "accounts.Municipality",
        on_delete=models.CASCADE,
        related_name="outcome_comparison",
        verbose_name=_("gemeente"),
    )
    opted_in = models.BooleanField(_("doet mee met vergelijken"), default=False)
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        verbose_name = _("vergelijken met andere gemeenten")
        verbose_name_plural = _("vergelijken met andere gemeenten")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {'in' if self.opted_in else 'uit'}"
