"""Stacking rules as data, their versions, and the alerts they raise with exact evidence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stabiel.core.models import TenantModel, TimeStampedModel


class AlertAction(models.TextChoices):
    HOME_VISIT = "home_visit", _("Op huisbezoek gaan")
    GO_TO_RESIDENT = "go_to_resident", _("Naar de inwoner toe gaan")
    LETTER_THEN_VISIT = "letter_then_visit", _("Brief sturen, daarna op huisbezoek")
    CONSIDER_LONGER = "consider_longer", _("Een langere beschikking overwegen")
    REVIEW = "review", _("De ondersteuning opnieuw bekijken")
    OFFER_DEBT_HELP = "offer_debt_help", _("Schuldhulp aanbieden")
    RELAPSE_CONTACT = "relapse_contact", _("Contact opnemen: mogelijk terugval")
    PLAN_TRANSITION = "plan_transition", _("De overgang naar 18 plannen")


class Rule(TenantModel):
    code = models.SlugField(max_length=80)
    title = models.CharField(_("naam"), max_length=160)

    class Meta:
        verbose_name = _("stapelingsregel")
        verbose_name_plural = _("stapelingsregels")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="rule_code_unique")
        ]

    def __str__(self) -> str:
        return self.title


class RuleVersion(TimeStampedModel):
    """One version of a rule. Never changed once saved: a change makes the next version.

    The one exception: a version planned for the future may be withdrawn before it starts
    (``rule_version_withdraw``). It stays, marked withdrawn, so the history shows it; it never
    applies and the version before it runs on."""

    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    kind = models.CharField(_("soort regel"), max_length=40)
    params = models.JSONField(_("instellingen"), default=dict)
    action = models.CharField(_("gevraagde actie"), max_length=24, choices=AlertAction.choices)
    due_working_days = models.PositiveSmallIntegerField(_("termijn in werkdagen"))
    in_force_from = models.DateField(_("geldt vanaf"))
    in_force_until = models.DateField(_("geldt tot"), null=True, blank=True)
    purpose = models.TextField(_("doel"))
    legal_basis = models.TextField(_("wettelijke grondslag"))
    source = models.ForeignKey(
        "catalogue.Publication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("bron"),
    )
    # Chapter and section of the publication in words; never a line reference.
    source_ref = models.CharField(_("vindplaats"), max_length=500, blank=True)

    class Basis(models.TextChoices):
        PUBLICATION = "publication", _("De publicatie geeft deze regel")
        PRODUCT = "product", _("Eigen regel van Stabiel, gebouwd op de publicatie")

    basis = models.CharField(
        _("herkomst"), max_length=16, choices=Basis.choices, default=Basis.PUBLICATION
    )
    change_note = models.CharField(_("waarom deze versie"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(_("waarom ingetrokken"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("versie van een regel")
        verbose_name_plural = _("versies van regels")
        ordering = ["rule", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "number"], name="ruleversion_number_unique"),
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True)
                | Q(in_force_until__gte=models.F("in_force_from")),
                name="ruleversion_period",
            ),
            # A withdrawn version says who withdrew it and why.
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | (Q(withdrawn_by__isnull=False) & ~Q(withdrawal_reason="")),
                name="ruleversion_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.title} v{self.number}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class RelapseWatch(TenantModel):
    """After a case closed 'well landed', a new signal in this period raises the relapse rule."""

    household = models.ForeignKey("residents.Household", on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField(_("gesloten op"))
    ends_on = models.DateField(_("let op tot"))

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "household"], name="relapsewatch_household")
        ]


class Alert(TenantModel):
    """A rule matched a household. A person decides what happens next."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Afgesloten")
        # A signal behind it was withdrawn and what is left no longer meets the rule.
        LAPSED = "lapsed", _("Vervallen")

    household = models.ForeignKey(
        "residents.Household", on_delete=models.PROTECT, related_name="alerts"
    )
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="alerts")
    rule_version = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="alerts")
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_alerts",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    raised_on = models.DateField(_("gemeld op"))
    due_on = models.DateField(_("op zijn laatst"))
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(_("reden van afsluiten"), max_length=300, blank=True)
    # Set when the household had an open case as the alert was raised: the alert went to that
    # case's lead. Written by the cases app (rules cannot import it), as text for the screens.
    open_case_note = models.CharField(_("hoort bij open casus"), max_length=200, blank=True)
    # For rules over a window of signals: a fingerprint (count and a mixed sum of the ids) of
    # the evidence the engine found when it last looked at this alert, all of it stored. A full
    # run skips a household whose evidence has the same fingerprint as one of its alerts
    # (nothing new to add, no new alert to raise); empty means "look again".
    evidence_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        constraints = [
            # At most one open alert per household per rule: new evidence joins the open one.
            models.UniqueConstraint(
                fields=["household", "rule"],
                condition=Q(status="open"),
                name="alert_one_open_per_rule",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(close_reason=""), name="alert_closed_has_reason"
            ),
        ]
        indexes = [
            # In the list's own order (due, raised, id): a page is read from the index and
            # stops after 50 rows, instead of sorting every open alert of the team.
            models.Index(
                fields=["municipality", "team", "status", "due_on", "raised_on", "id"],
                name="alert_team_due_order",
            ),
        ]


class AlertEvidence(models.Model):
    """One signal, decision or care-worker change behind an alert. Appended, never removed."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="evidence")
    signal = models.ForeignKey(
        "stabiel_signals.Signal", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.ForeignKey(
        "stabiel_signals.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A new care worker at an organisation involved with the household (the safety app).
    care_worker_change = models.ForeignKey(
        "safety.CareWorkerChange",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    added_on = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(signal__isnull=False)
                    & Q(decision__isnull=True)
                    & Q(care_worker_change__isnull=True)
                )
                | (
                    Q(signal__isnull=True)
                    & Q(decision__isnull=False)
                    & Q(care_worker_change__isnull=True)
                )
                | (
                    Q(signal__isnull=True)
                    & Q(decision__isnull=True)
                    & Q(care_worker_change__isnull=False)
                ),
                name="evidence_one_thing",
            ),
            models.UniqueConstraint(
                fields=["alert", "signal"],
                condition=Q(signal__isnull=False),
                name="evidence_signal_once",
            ),
            models.UniqueConstraint(
                fields=["alert", "decision"],
                condition=Q(decision__isnull=False),
                name="evidence_decision_once",
            ),
            models.UniqueConstraint(
                fields=["alert", "care_worker_change"],
                condition=Q(care_worker_change__isnull=False),
                name="evidence_care_worker_change_once",
            ),
        ]

    def __str__(self) -> str:
        if self.signal_id:
            return f"signaal {self.signal_id}"
        if self.decision_id:
            return f"beschikking {self.decision_id}"
        return f"wisseling van hulpverlener {self.care_worker_change_id}"
