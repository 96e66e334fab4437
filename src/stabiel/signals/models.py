"""What partners and the municipality know about residents: signals, decisions and the files
they came in. The residents themselves (households, persons) live in stabiel.residents."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel


class Channel(models.TextChoices):
    FORM = "form", _("Formulier")
    API = "api", _("Koppeling (API)")
    FILE = "file", _("Bestand")
    DEMO = "demo", _("Demo")


class ImportBatch(TenantModel):
    """One uploaded file: processed all-or-nothing by a background task."""

    class Kind(models.TextChoices):
        SIGNALS = "signals", _("Signalen")
        DECISIONS = "decisions", _("Beschikkingen en ondersteuning")
        EARLY_WARNING = "earlywarning", _("Vroegsignalen (schulden)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Wacht op verwerking")
        RUNNING = "running", _("Wordt verwerkt")
        DONE = "done", _("Verwerkt")
        REJECTED = "rejected", _("Afgewezen: niets opgeslagen")
        FAILED = "failed", _("Mislukt: niets opgeslagen")
        INTERRUPTED = "interrupted", _("Onderbroken: niets opgeslagen")

    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    partner = models.ForeignKey(
        "accounts.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("partner"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("door")
    )
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("grootte in bytes"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    processed_bytes = models.PositiveBigIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importbestand")
        verbose_name_plural = _("importbestanden")
        ordering = ["-created_at"]
        constraints = [
            # A file is read once. A refused file stored nothing, so the same file may come
            # again: refusals often come from the municipality's own settings (a partner's
            # column names, a switched-off signal type), and once those are fixed the partner
            # should not have to change its file (issue 13).
            models.UniqueConstraint(
                fields=["municipality", "kind", "partner", "sha256"],
                condition=~Q(status="rejected"),
                name="batch_same_file_once",
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        # Reading the file is about nine tenths of the work; the final step the rest.
        return min(95, int(90 * self.processed_bytes / self.size)) if self.size else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (
            self.Status.DONE,
            self.Status.REJECTED,
            self.Status.FAILED,
            self.Status.INTERRUPTED,
        )

    @property
    def can_retry(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.INTERRUPTED)


class ImportChunk(models.Model):
    """The uploaded file, in pieces, in the database: any server or worker can read it, and a
    large file is streamed piece by piece instead of being held in memory whole."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "seq"], name="chunk_seq_unique")]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.seq}"


class ImportRejection(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField(_("regel"))
    reason = models.CharField(_("reden"), max_length=300)

    class Meta:
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"regel {self.line}: {self.reason}"


class ColumnMapping(TenantModel):
    """How one partner's file names our fields: {our field: their column header}."""

    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=ImportBatch.Kind.choices)
    columns = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "kind"], name="mapping_unique")]


class Signal(TenantModel):
    """A partner's report about a person or household, of a catalogue signal type."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        # An access worker took an alert with this signal, or it joined an open case.
        PICKED_UP = "picked_up", _("Opgepakt")
        # The partner took it back; it counts for no rule from then on.
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    # Indexes are chosen for the screens and rules (see Meta), not one per foreign key: a
    # partner's monthly file adds hundreds of thousands of rows, and every index costs on each.
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        db_index=False,
        verbose_name=_("gemeente"),
    )
    signal_type = models.ForeignKey(
        "catalogue.SignalType",
        on_delete=models.PROTECT,
        db_index=False,
        verbose_name=_("soort signaal"),
    )
    # Empty while the resident is not (yet) known in Stabiel: the signal is held, with the
    # identifiers it came with in UnmatchedSubject, and counts for no rule until it is matched.
    household = models.ForeignKey(
        "residents.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="signals",
    )
    person = models.ForeignKey(
        "residents.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    observed_on = models.DateField(_("gezien op"))
    received_on = models.DateField(_("ontvangen op"))
    partner = models.ForeignKey(
        "accounts.PartnerOrganisation",
        on_delete=models.PROTECT,
        db_index=False,
        verbose_name=_("melder"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )
    reference = models.CharField(_("kenmerk van de melder"), max_length=64)
    note = models.CharField(_("uitleg"), max_length=500, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )
    # Hash of the meaningful content: the same reference with other content is refused.
    content_hash = models.CharField(max_length=32)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    # Set when a resident's correction request withdraws the signal (privacy app, AVG art. 16):
    # from then on it counts for no rule. Alerts raised before keep it as their evidence.
    withdrawn_on = models.DateField(null=True, blank=True, editable=False)
    # Why the partner withdrew it (a resident's withdrawal keeps its reason in privacy).
    # db_default: the importer and the API insert rows with written-out SQL that names no
    # withdrawal columns.
    withdrawn_reason = models.CharField(
        _("reden van intrekken"),
        max_length=500,
        blank=True,
        editable=False,
        default="",
        db_default="",
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "partner", "reference"], name="signal_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(observed_on__lte=F("received_on")),
                name="signal_observed_before_received",
            ),
        ]
        indexes = [
            # evidence and the broad look per household; also serves deletes of a household
            models.Index(fields=["household", "observed_on"], name="signal_household_date"),
            models.Index(fields=["municipality", "observed_on"], name="signal_date"),
            # a partner's own signals, newest first (the partner's list, the API's list)
            models.Index(
                fields=["municipality", "partner", "-received_on", "-id"],
                name="signal_partner_received",
            ),
        ]


class Decision(TenantModel):
    """A formal decision (beschikking), or support given without one: both count for the rules."""

    class Law(models.TextChoices):
        WMO = "wmo", _("Wmo 2015")
        YOUTH = "jeugdwet", _("Jeugdwet")
        PARTICIPATION = "participatiewet", _("Participatiewet")
        DECISION_FREE = "beschikkingsvrij", _("Zonder beschikking")

    household = models.ForeignKey(
        "residents.Household", on_delete=models.PROTECT, related_name="decisions"
    )
    person = models.ForeignKey(
        "residents.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    law = models.CharField(_("wet"), max_length=20, choices=Law.choices)
    product = models.CharField(_("product"), max_length=120)
    need = models.CharField(_("hulpvraag"), max_length=120)
    provision_type = models.ForeignKey(
        "catalogue.ProvisionType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("soort voorziening"),
    )
    start_on = models.DateField(_("begint op"))
    end_on = models.DateField(_("eindigt op"), null=True, blank=True)
    reference = models.CharField(_("kenmerk"), max_length=64)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_hash = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("beschikking of ondersteuning")
        verbose_name_plural = _("beschikkingen en ondersteuning")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="decision_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="decision_dates",
            ),
            models.CheckConstraint(
                condition=Q(law__in=["wmo", "jeugdwet", "participatiewet", "beschikkingsvrij"]),
                name="decision_law_known",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "household", "start_on"], name="decision_household_start"
            ),
        ]


class PartnerApiClient(TenantModel):
    """A partner's system that reports signals through the API. Only a hash of its token is kept."""

    partner = models.ForeignKey(
        "accounts.PartnerOrganisation", on_delete=models.CASCADE, related_name="api_clients"
    )
    name = models.CharField(_("naam van de koppeling"), max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    token_hint = models.CharField(_("begin van de sleutel"), max_length=8)
    active = models.BooleanField(_("actief"), default=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The key works up to and including this day; empty: until it is revoked. Rotating a key
    # sets it on the old key, so old and new both work for the overlap.
    expires_on = models.DateField(_("geldig tot en met"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
    )
    # The key that replaced this one when it was rotated: a key is replaced only once.
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")

    def __str__(self) -> str:
        return f"{self.partner} — {self.name}"


class ImportStagedSignal(models.Model):
    """Checked rows of a signal file waiting for the final all-or-nothing step.

    Written piece by piece (so progress is visible and memory stays flat) and moved into Signal in
    one statement. No foreign keys: it is a scratch table, unlogged on PostgreSQL.
    """

    batch_id = models.BigIntegerField()
    line = models.PositiveIntegerField()
    signal_type_id = models.BigIntegerField()
    household_id = models.BigIntegerField(null=True)  # empty: held as unmatched
    person_id = models.BigIntegerField(null=True)
    observed_on = models.DateField()
    reference = models.CharField(max_length=64)
    note = models.CharField(max_length=500)
    content_hash = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["batch_id", "reference"], name="stagedsignal_ref")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"


class ImportStagedDecision(models.Model):
    """Checked rows of a decisions file waiting for the final all-or-nothing step."""

    batch_id = models.BigIntegerField()
    line = models.PositiveIntegerField()
    household_id = models.BigIntegerField()
    person_id = models.BigIntegerField(null=True)
    law = models.CharField(max_length=20)
    product = models.CharField(max_length=120)
    need = models.CharField(max_length=120)
    start_on = models.DateField()
    end_on = models.DateField(null=True)
    reference = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["batch_id", "reference"], name="stageddecision_ref")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"


class UnmatchedSubject(TenantModel):
    """Who a signal was about when Stabiel did not know the resident: the BSN and/or address as
    the partner sent them, kept so an access worker (or the next register feed) can match it.

    The partner gets the same answer as for a known resident, so the answer never tells who
    lives in the municipality. Once matched the identifiers are cleared (the signal then points
    at the household); a discarded one keeps its reason. Removed with its signal by retention.
    """

    class Outcome(models.TextChoices):
        WAITING = "waiting", _("Wacht op koppeling")
        MATCHED = "matched", _("Gekoppeld")
        DISCARDED = "discarded", _("Terzijde gelegd")

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="unmatched")
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=16, blank=True)
    person_pseudonym = models.CharField(max_length=64, blank=True)
    address_pseudonym = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.WAITING)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    discard_reason = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("signaal zonder bekend huishouden")
        verbose_name_plural = _("signalen zonder bekend huishouden")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="discarded") | ~Q(discard_reason=""),
                name="unmatched_discard_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="waiting")
                | ~Q(person_pseudonym="")
                | ~Q(address_pseudonym=""),
                name="unmatched_waiting_has_identifier",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "outcome"], name="unmatched_outcome"),
            models.Index(fields=["municipality", "person_pseudonym"], name="unmatched_person"),
            models.Index(fields=["municipality", "address_pseudonym"], name="unmatched_address"),
        ]
