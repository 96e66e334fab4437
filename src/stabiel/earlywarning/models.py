"""Early-warning debt signals (vroegsignalen), the reports they form, outreach and delivery.

The shapes follow VNG's DDAS "Model Vroegsignalering" (see ddas.py): a signal (Vroegsignaal)
from a creditor, a report (Vroegsignaalzaak) that groups the signals at one address in one
month, contact attempts (Contactpoging) and the report's end result.

Personal data: a signal keeps the client's identifying fields as the partner sent them, because
the delivery to CBS asks for them. They are shown only to debt-help workers, with the access log.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stabiel.core.models import TenantModel

from .ddas import ContactKind, Outcome, PartnerType, PartOfDay, SignalStatus


class EarlyWarningSettings(TenantModel):
    """Local agreements (the DDAS model leaves them to the municipality)."""

    threshold_amount = models.PositiveIntegerField(
        _("drempelbedrag in euro"),
        default=0,
        help_text=_("Signalen met een lager bedrag worden niet opgepakt (onterecht signaal)."),
    )
    repeat_months = models.PositiveSmallIntegerField(
        _("herhaling: aantal maanden terug"),
        default=6,
        help_text=_("Hoe ver terug telt een eerder signaal op hetzelfde adres als herhaling."),
    )
    repeat_only_if_grown = models.BooleanField(
        _("herhaald signaal alleen oppakken als de achterstand groter werd"), default=True
    )
    supplier_code = models.CharField(
        _("code gegevensleverancier (voor CBS)"), max_length=40, default="STABIEL"
    )
    organisation_name = models.CharField(_("aanleverende organisatie"), max_length=200, blank=True)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=20, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_title = models.CharField(_("functie contactpersoon"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("instellingen vroegsignalering")
        verbose_name_plural = _("instellingen vroegsignalering")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="ew_settings_one"),
            models.CheckConstraint(
                condition=Q(repeat_months__gte=1) & Q(repeat_months__lte=24),
                name="ew_settings_repeat_months",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class Report(TenantModel):
    """A report (melding, DDAS 'Vroegsignaalzaak'): the signals at one address in one month."""

    address_key = models.CharField(max_length=64)
    month = models.DateField(_("maand"))
    # municipality:month:address, known while a file is read: signals point at their report
    # from the start, so a national month needs no second pass over its signals.
    key = models.CharField(max_length=60, unique=True, null=True, editable=False)  # noqa: DJ001 - none before 0004
    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("huishouden"),
    )
    matched_on = models.DateField(_("gematcht op"))
    period_start = models.DateField(_("begin matchingperiode"))
    period_end = models.DateField(_("einde matchingperiode"))
    signal_count = models.PositiveIntegerField(_("signalen"), default=0)
    several_creditors = models.BooleanField(_("meer schuldeisers tegelijk"), default=False)
    repeat_at_address = models.BooleanField(_("eerder signaal op dit adres"), default=False)
    crisis = models.BooleanField(_("crisissignaal"), default=False)
    picked_up_on = models.DateField(_("opgepakt op"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medewerker"),
    )
    # The open case of the household when the report came in: its worker picks it up.
    open_case_id = models.PositiveBigIntegerField(null=True, blank=True)
    outcome = models.CharField(
        _("eindresultaat"), max_length=80, choices=Outcome.choices, blank=True
    )
    outcome_reason = models.CharField(
        _("reden (alleen voor de gemeente)"), max_length=300, blank=True
    )
    outcome_at = models.DateTimeField(_("eindresultaat vastgelegd op"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        verbose_name = _("melding vroegsignalering")
        verbose_name_plural = _("meldingen vroegsignalering")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "address_key", "month"], name="ew_report_address_month"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_at__isnull=False),
                name="ew_report_outcome_has_moment",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "month"], name="ew_report_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m-%Y} #{self.pk}"

    @property
    def is_closed(self) -> bool:
        return bool(self.outcome)


class DebtSignal(TenantModel):
    """One early-warning signal (vroegsignaal) from a creditor, stored by the importer."""

    class Match(models.TextChoices):
        MATCHED = "matched", _("Gevonden")
        UNSURE = "unsure", _("Twijfel: controleer")
        UNMATCHED = "unmatched", _("Niet gevonden")
        CONFIRMED = "confirmed", _("Bevestigd door medewerker")

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, db_index=False
    )
    batch = models.ForeignKey(
        "stabiel_signals.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )
    partner = models.ForeignKey(
        "accounts.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("aangeleverd door"),
    )
    reference = models.CharField(max_length=80)  # the partner's id, made unique per partner
    external_id = models.CharField(_("kenmerk van de partner"), max_length=64)
    content_hash = models.CharField(max_length=32)
    partner_type = models.CharField(_("soort schuldeiser"), max_length=40, choices=PartnerType)
    amount = models.PositiveIntegerField(_("bedrag in euro"))
    arose_on = models.DateField(_("achterstand ontstaan op"), null=True, blank=True)
    signalled_on = models.DateField(_("signaaldatum"))
    crisis = models.BooleanField(_("crisissignaal"), default=False)
    warm_handover = models.BooleanField(_("warme overdracht"), default=False)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    initials = models.CharField(_("voorletters"), max_length=20, blank=True)
    surname_prefix = models.CharField(_("voorvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=120, blank=True)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    street = models.CharField(_("straat"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6)
    house_number = models.CharField(_("huisnummer"), max_length=16)
    house_number_suffix = models.CharField(_("toevoeging"), max_length=16, blank=True)
    city = models.CharField(_("plaats"), max_length=80, blank=True)
    address_key = models.CharField(max_length=64)
    month = models.DateField()
    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )
    person = models.ForeignKey(
        "residents.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )
    match = models.CharField(_("koppeling"), max_length=12, choices=Match.choices)
    match_note = models.CharField(_("uitleg bij de koppeling"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=60, choices=SignalStatus.choices)
    # Points at the report's key, which the importer knows per row; the report is made right
    # after the batch is stored, in bulk. No database constraint: a report is only deleted
    # together with its signals (the retention purge), and a check on every signal of a national
    # month would cost seconds.
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        to_field="key",
        db_column="report_key",
        db_constraint=False,
        # Indexed below, once: the default would add a second index for LIKE searches on the
        # key, which nothing does and every stored signal pays for.
        db_index=False,
        related_name="signals",
        verbose_name=pgettext_lazy("vroegsignalering", "melding"),
    )

    class Meta:
        verbose_name = _("vroegsignaal")
        verbose_name_plural = _("vroegsignalen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="ew_signal_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(arose_on__isnull=True) | Q(arose_on__lte=models.F("signalled_on")),
                name="ew_signal_arose_before_signal",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "address_key", "month"], name="ew_signal_address_month"
            ),
            models.Index(fields=["batch"], name="ew_signal_batch"),
            models.Index(fields=["report"], name="ew_signal_report"),
        ]

    def __str__(self) -> str:
        return self.external_id


class StagedDebtSignal(models.Model):
    """Checked rows of an early-warning file waiting for the all-or-nothing step (scratch)."""

    batch_id = models.BigIntegerField()
    line = models.PositiveIntegerField()
    partner_id = models.BigIntegerField(null=True)
    reference = models.CharField(max_length=80)
    external_id = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=32)
    partner_type = models.CharField(max_length=40)
    amount = models.PositiveIntegerField()
    arose_on = models.DateField(null=True)
    signalled_on = models.DateField()
    crisis = models.BooleanField()
    warm_handover = models.BooleanField()
    bsn = models.CharField(max_length=9)
    initials = models.CharField(max_length=20)
    surname_prefix = models.CharField(max_length=20)
    surname = models.CharField(max_length=120)
    birth_date = models.DateField(null=True)
    street = models.CharField(max_length=120)
    postcode = models.CharField(max_length=6)
    house_number = models.CharField(max_length=16)
    house_number_suffix = models.CharField(max_length=16)
    city = models.CharField(max_length=80)
    address_key = models.CharField(max_length=64)
    month = models.DateField()
    household_id = models.BigIntegerField(null=True)
    person_id = models.BigIntegerField(null=True)
    match = models.CharField(max_length=12)
    match_note = models.CharField(max_length=200)
    status = models.CharField(max_length=60)
    report_key = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["batch_id", "reference"], name="ew_staged_ref")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"


class ContactAttempt(TenantModel):
    """One attempt to reach the resident (DDAS 'Contactpoging')."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(_("soort contact"), max_length=20, choices=ContactKind.choices)
    reached = models.BooleanField(_("bereikt"))
    on = models.DateField(_("datum"))
    # Only a call or a visit happens at a part of the day; a letter or a card does not.
    part_of_day = models.CharField(
        _("dagdeel"), max_length=10, choices=PartOfDay.choices, blank=True
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )

    class Meta:
        verbose_name = _("contactpoging")
        verbose_name_plural = _("contactpogingen")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class Delivery(TenantModel):
    """One DDAS delivery file for CBS over a period, made by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Wacht op verwerking")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Empty when the monthly job made it (management command ddas_delivery_monthly).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content = models.TextField(blank=True)
    signal_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("levering DDAS")
        verbose_name_plural = _("leveringen DDAS")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="ew_delivery_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%d-%m-%Y} t/m {self.period_end:%d-%m-%Y}"
