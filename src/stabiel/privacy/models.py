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


class InspectionRequest(TenantModel):
    """A resident asked what Stabiel holds about them (inzageverzoek, AVG art. 15). The answer
    is due within one month of receipt (art. 12(3)); the privacy officer marks it handled."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HANDLED = "handled", _("Afgehandeld")

    # Goes with the person when their retention period ends, like the corrections.
    person = models.ForeignKey(
        "residents.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("inwoner")
    )
    received_on = models.DateField(_("ontvangen op"))
    deadline_on = models.DateField(_("beantwoorden niet later dan"))
    status = models.CharField(_("stand"), max_length=8, choices=Status.choices, default=Status.OPEN)
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    handled_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    handled_note = models.CharField(_("hoe beantwoord"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")
        ordering = ["deadline_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "handled"]), name="inspection_request_status_known"
            ),
            models.CheckConstraint(
                condition=Q(deadline_on__gte=models.F("received_on")),
                name="inspection_request_deadline_after_receipt",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status="open",
                        handled_on__isnull=True,
                        handled_by__isnull=True,
                        handled_note="",
                    )
                    | (
                        Q(status="handled", handled_on__isnull=False, handled_by__isnull=False)
                        & ~Q(handled_note="")
                    )
                ),
                name="inspection_request_handled_complete",
            ),
            # One open request per person: a second letter joins the first.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="open"),
                name="inspection_request_one_open_per_person",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "status", "deadline_on"], name="inspection_request_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.label} ({self.received_on:%d-%m-%Y})"
