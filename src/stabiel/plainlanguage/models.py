"""A municipality's own official words with a plain alternative, added to Stabiel's list.

The policy side of plain language: this app never sees a resident (DOMAIN.md part 8).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel


class JargonPair(TenantModel):
    term = models.CharField(_("ambtelijk woord"), max_length=80)
    plain = models.CharField(_("gewoner woord"), max_length=200)

    class Meta:
        verbose_name = _("eigen woord")
        verbose_name_plural = _("eigen woorden")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "term"], name="jargonpair_unique_term"),
            models.CheckConstraint(condition=~Q(term=""), name="jargonpair_has_term"),
            models.CheckConstraint(condition=~Q(plain=""), name="jargonpair_has_plain"),
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.plain}"


class LetterTemplate(TenantModel):
    """An outreach letter for one purpose, kept by the functional administrator.

    Holds no personal data: names and address are filled in on the execution side when a worker
    makes a letter. Its text lives in versions (history); one version at most is active, and only
    a version that passes the B1 check can become active (issue 18).
    """

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("Uitnodiging voor een gesprek (na een melding)")
        APPOINTMENT = "appointment", _("Afspraak voor een bezoek of gesprek")
        MISSED = "missed", _("We kwamen langs en troffen u niet")
        EARLY_WARNING = "earlywarning", _("Na contact over een betalingsachterstand")
        # Sent to young people who turn 18, from a list of the register (issue 20, part 5).
        TURNING_18 = "turning18", _("Uitnodiging 18 jaar")
        # The letter when a case closes; with {ervaringslink} it carries the experience
        # questions' link (issue 17, point 3).
        CLOSED = "closed", _("Na het afsluiten van de hulp")

    purpose = models.CharField(_("waarvoor"), max_length=16, choices=Purpose.choices)
    name = models.CharField(_("naam van het sjabloon"), max_length=120)
    active_version = models.ForeignKey(
        "LetterTemplateVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actieve versie"),
    )

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        ordering = ["purpose", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="lettertemplate_unique_name"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="lettertemplate_has_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.active_version_id is not None


class LetterTemplateVersion(TenantModel):
    """One text of a template. Written once: a change is a new version, so the history stays."""

    template = models.ForeignKey(LetterTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    core_text = models.TextField(_("voorkant: de kern van de brief"))
    back_text = models.TextField(_("achterkant: wat volgens de wet in de brief moet"), blank=True)
    note = models.CharField(_("wat is er veranderd"), max_length=300, blank=True)
    verdict = models.CharField(_("uitkomst brieftoets"), max_length=10)
    calls_named = models.BooleanField(_("zegt wie de lezer kan bellen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("versie van een briefsjabloon")
        verbose_name_plural = _("versies van briefsjablonen")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="lettertemplateversion_unique_number"
            ),
            models.CheckConstraint(
                condition=~Q(core_text=""), name="lettertemplateversion_has_core"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("LetterTemplateVersion is append-only")
        super().save(*args, **kwargs)

    @property
    def passes(self) -> bool:
        return self.verdict == "B1" and self.calls_named
