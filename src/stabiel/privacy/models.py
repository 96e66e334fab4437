"""Retention periods per record type, and the corrections a resident asked for (AVG art. 16)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel

from .retention import LOCAL, RecordType, Unit


class RetentionPeriod(TenantModel):
    """How long one record type is kept in this municipality. No row: the default applies."""

    record_type = models.CharField(_("soort gegevens"), max_length=20, choices=RecordType.choices)
    amount = models.PositiveSmallIntegerField(_("termijn"))
    unit = models.CharField(_("eenheid"), max_length=6, choices=Unit.choices)
    source = models.CharField(_("grondslag of bron"), max_length=300, default=LOCAL)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "record_type"], name="retention_one_per_type"
            ),
            models.CheckConstraint(condition=Q(amount__gte=1), name="retention_amount_positive"),
            models.CheckConstraint(
                condition=Q(unit__in=[u.value for u in Unit]), name="retention_unit_known"
            ),
            models.CheckConstraint(
                condition=Q(record_type__in=[r.value for r in RecordType]),
                name="retention_record_type_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.amount} {self.get_unit_display()}"


class Correction(TenantModel):
    """A correction a resident asked for: a name or birth date put right, or a signal contested
    or withdrawn. Written once, shown in the resident's export; the access log holds the act."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Naam of geboortedatum verbeterd")
        CONTESTED = "contested", _("Signaal betwist")
        WITHDRAWN = "withdrawn", _("Signaal ingetrokken")

    person = models.ForeignKey("residents.Person", on_delete=models.CASCADE, related_name="+")
    # Goes with the signal when the signal's retention period ends.
    signal = models.ForeignKey(
        "stabiel_signals.Signal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("soort correctie"), max_length=10, choices=Kind.choices)
    # Identity: {field: [before, after]}; the old value stays so the correction can be checked.
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    reason = models.CharField(_("reden"), max_length=500)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("door"),
    )

    class Meta:
        verbose_name = _("correctie")
        verbose_name_plural = _("correcties")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
            models.CheckConstraint(
                condition=Q(kind="identity", signal__isnull=True)
                | (Q(kind__in=["contested", "withdrawn"]) & Q(signal__isnull=False)),
                name="correction_signal_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "signal"], name="correction_signal")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%d-%m-%Y})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Correction is append-only")
        super().save(*args, **kwargs)
