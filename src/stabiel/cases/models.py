"""A case: the household's route from an alert to a stable life (DOMAIN.md part 5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel


class Case(TenantModel):
    """One household, one open case at a time, with a worker standing beside the household."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Afgesloten")

    household = models.ForeignKey(
        "stabiel_signals.Household",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("huishouden"),
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    case_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("casusregisseur"),
    )
    process_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_led_cases",
        verbose_name=_("procesregisseur"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_on = models.DateField(_("geopend op"))
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closed_reason = models.CharField(_("reden van afsluiten"), max_length=300, blank=True)
    well_landed = models.BooleanField(_("goed geland"), default=False)
    origin_alert = models.ForeignKey(
        "rules.Alert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("geopend vanuit melding"),
    )

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="open"),
                name="case_one_open_per_household",
            ),
            models.CheckConstraint(
                condition=Q(status="open")
                | (~Q(closed_reason="") & Q(closed_on__isnull=False)),
                name="case_closed_has_reason_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "team", "status"], name="case_team_status"),
            models.Index(fields=["municipality", "case_lead", "status"], name="case_lead_status"),
        ]

    def __str__(self) -> str:
        return f"{_('Casus')} {self.household.label}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
